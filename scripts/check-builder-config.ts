// Validates electron-builder.yml offline, with electron-builder's own loader
// and schema validator (packaging itself needs the network), then checks the
// fuses, icons and desktop settings this project requires.
// Usage: node scripts/check-builder-config.ts [file]
// Without a file it checks both builds: electron-builder.yml (a macOS app with
// a Dock icon) and electron-builder-menubar.yml (menu-bar only, LSUIElement).
// Exit 0 when valid; 1 with the validation error otherwise.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { DebugLogger } from 'builder-util'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js'
import { APP_ID } from '../main/app/app-id.ts'
import { errorSentence } from '../main/core/util/errors.ts'

const ROOT = resolve(import.meta.dirname, '..')

/** The fuse values reliability.md asks of the packaged app. */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  grantFileProtocolExtraPrivileges: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
} as const

function fuseProblems(fuses: Record<string, unknown> | null | undefined): string[] {
  return Object.entries(REQUIRED_FUSES)
    .filter(([name, wanted]) => fuses?.[name] !== wanted)
    .map(([name, wanted]) => `electronFuses.${name} must be ${wanted} (found ${JSON.stringify(fuses?.[name] ?? null)})`)
}

export const MENUBAR_CONFIG = 'electron-builder-menubar.yml'
/** The sizes electron-builder's Linux icon folder must hold (scripts/generate-icons.ts writes them). */
const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512]

/** What each platform's icon must be: an .ico, an .icns, a folder of NxN.png; null when it is. */
function iconProblem(platform: string, icon: string | null | undefined, kind: 'ico' | 'icns' | 'png-folder'): string | null {
  if (!icon) return `${platform}.icon must name the generated icon (npm run icons)`
  const path = resolve(ROOT, icon)
  if (!existsSync(path)) return `${platform}.icon ${icon} does not exist: run npm run icons`
  if (kind === 'png-folder') {
    if (!statSync(path).isDirectory()) return `${platform}.icon ${icon} must be the folder of NxN.png icons`
    const missing = LINUX_ICON_SIZES.filter((size) => !existsSync(resolve(path, `${size}x${size}.png`)))
    return missing.length > 0 ? `${platform}.icon ${icon} lacks ${missing.map((size) => `${size}x${size}.png`).join(', ')}` : null
  }
  const head = readFileSync(path).subarray(0, 4)
  const ok = kind === 'ico' ? head.equals(Buffer.from([0, 0, 1, 0])) : head.toString('ascii') === 'icns'
  return ok ? null : `${platform}.icon ${icon} is not an .${kind} file`
}

/** LSUIElement makes a menu-bar-only app: required in the menu-bar build, absent from the regular one. */
function menuBarProblem(extendInfo: unknown, menuBarBuild: boolean): string | null {
  const value = (extendInfo as Record<string, unknown> | null | undefined)?.LSUIElement
  if (menuBarBuild)
    return value === true ? null : `mac.extendInfo.LSUIElement must be true in the menu-bar build (found ${JSON.stringify(value ?? null)})`
  return value === undefined ? null : 'mac.extendInfo.LSUIElement must be absent from the regular build: it would hide the Dock icon'
}

/** The sentence `npm run check:builder` prints for `file`: valid, or not with every problem found. */
export async function checkBuilderConfig(file: string): Promise<{ valid: boolean; sentence: string }> {
  try {
    const config = await getConfig(ROOT, file, null)
    await validateConfiguration(config, new DebugLogger(false))
    const problems = fuseProblems(config.electronFuses as Record<string, unknown> | null | undefined)
    for (const problem of [
      iconProblem('win', config.win?.icon, 'ico'),
      iconProblem('mac', config.mac?.icon, 'icns'),
      iconProblem('linux', config.linux?.icon, 'png-folder'),
      menuBarProblem(config.mac?.extendInfo, basename(file) === MENUBAR_CONFIG),
    ])
      if (problem !== null) problems.push(problem)
    // Windows matches toasts to the Start-menu shortcut by this id: it must be the one the code sets.
    if (config.appId !== APP_ID)
      problems.push(`appId must be ${APP_ID}, the id main/app/app-id.ts gives Windows (found ${JSON.stringify(config.appId ?? null)})`)
    // What the desktop features assume (README "Desktop"): a menu entry with categories, a per-user install.
    const entry = (config.linux?.desktop as { entry?: Record<string, string> } | null | undefined)?.entry
    if (!entry?.Categories?.endsWith(';')) problems.push('linux.desktop.entry.Categories must list the menu categories, ending with ";"')
    if (config.nsis?.perMachine !== false) problems.push('nsis.perMachine must be false: the app installs per user')
    if (problems.length > 0) throw new Error(problems.join('\n'))
  } catch (error) {
    return { valid: false, sentence: `${file} is not a valid electron-builder configuration:\n${errorSentence(error)}` }
  }
  return { valid: true, sentence: `${file} is a valid electron-builder configuration.` }
}

if (import.meta.main) {
  const files = process.argv[2] ? [resolve(process.argv[2])] : [resolve(ROOT, 'electron-builder.yml'), resolve(ROOT, MENUBAR_CONFIG)]
  let valid = true
  for (const file of files) {
    const result = await checkBuilderConfig(file)
    if (result.valid) console.log(result.sentence)
    else console.error(result.sentence)
    valid = result.valid && valid
  }
  if (!valid) process.exit(1)
}

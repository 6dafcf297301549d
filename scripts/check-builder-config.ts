// Validates electron-builder.yml offline, with electron-builder's own loader
// and schema validator (packaging itself needs the network), then checks the
// fuses this project requires. Usage: node scripts/check-builder-config.ts [file]
// Exit 0 when valid; 1 with the validation error otherwise.
import { resolve } from 'node:path'
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

async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? resolve(ROOT, 'electron-builder.yml'))
  try {
    const config = await getConfig(ROOT, file, null)
    await validateConfiguration(config, new DebugLogger(false))
    const problems = fuseProblems(config.electronFuses as Record<string, unknown> | null | undefined)
    // Windows matches toasts to the Start-menu shortcut by this id: it must be the one the code sets.
    if (config.appId !== APP_ID)
      problems.push(`appId must be ${APP_ID}, the id main/app/app-id.ts gives Windows (found ${JSON.stringify(config.appId ?? null)})`)
    // What the desktop features assume (README "Desktop"): a menu entry with categories, a per-user install.
    const entry = (config.linux?.desktop as { entry?: Record<string, string> } | null | undefined)?.entry
    if (!entry?.Categories?.endsWith(';')) problems.push('linux.desktop.entry.Categories must list the menu categories, ending with ";"')
    if (config.nsis?.perMachine !== false) problems.push('nsis.perMachine must be false: the app installs per user')
    if (problems.length > 0) throw new Error(problems.join('\n'))
  } catch (error) {
    console.error(`${file} is not a valid electron-builder configuration:\n${errorSentence(error)}`)
    process.exit(1)
  }
  console.log(`${file} is a valid electron-builder configuration.`)
}

await main()

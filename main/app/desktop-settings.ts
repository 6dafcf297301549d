// The desktop app's own preferences (start at login, and whether it was
// offered yet), kept in <data>/desktop.json beside the other settings rather
// than in the server settings file, whose schema another part owns. A file
// that cannot be read is replaced by the defaults, with a sentence saying so.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface DesktopSettings {
  /** Off by default: a monitor that starts itself is the admin's choice. */
  startAtLogin: boolean
  /** True once the user answered the start-at-login question (asked when the first real server is added). */
  startAtLoginOffered: boolean
}

export const DEFAULT_DESKTOP_SETTINGS: Readonly<DesktopSettings> = Object.freeze({ startAtLogin: false, startAtLoginOffered: false })

export interface DesktopSettingsFile {
  read(): DesktopSettings
  /** Saves the given fields, keeping the others. */
  update(change: Partial<DesktopSettings>): DesktopSettings
  /** Why the file was set aside at the first read, or null. */
  readonly problem: string | null
}

function parse(text: string): DesktopSettings {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not a JSON object')
  const record = value as Record<string, unknown>
  const result = { ...DEFAULT_DESKTOP_SETTINGS }
  for (const key of Object.keys(DEFAULT_DESKTOP_SETTINGS) as Array<keyof DesktopSettings>) {
    if (record[key] === undefined) continue
    if (typeof record[key] !== 'boolean') throw new Error(`"${key}" is not true or false`)
    result[key] = record[key]
  }
  return result
}

export function openDesktopSettings(dataDir: string): DesktopSettingsFile {
  const file = join(dataDir, 'desktop.json')
  let problem: string | null = null
  let current: DesktopSettings = { ...DEFAULT_DESKTOP_SETTINGS }
  if (existsSync(file)) {
    try {
      current = parse(readFileSync(file, 'utf8'))
    } catch (error) {
      // Never quoted: say the cause the parser found, keep the file for the user to look at.
      const cause = error instanceof SyntaxError ? 'it is not valid JSON' : (error as Error).message
      problem = `The desktop preferences in ${file} could not be used (${cause}); start at login is off until you choose again.`
      renameSync(file, `${file}.broken`)
    }
  }
  return {
    read: () => ({ ...current }),
    update(change) {
      current = { ...current, ...change }
      const temporary = `${file}.tmp`
      writeFileSync(temporary, `${JSON.stringify(current, null, 2)}\n`)
      renameSync(temporary, file)
      return { ...current }
    },
    problem,
  }
}

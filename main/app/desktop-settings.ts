// The desktop app's own preferences (start at login, and whether it was
// offered yet; the Prometheus metrics listener), kept in <data>/desktop.json
// beside the other settings rather than in the server settings file, whose
// schema another part owns. A file that cannot be read is replaced by the
// defaults, with a sentence saying so.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { describeConfigIssue, metricsConfigFields } from '../metrics/metrics-config.ts'
import type { LocalText, TextMessage } from '../core/types/index.ts'

/**
 * The metrics listener of the desktop app: the served mode's --metrics-config
 * fields plus `enabled`. Off by default; the admin writes the token (a text,
 * or better {"env": "NAME"}) and the tray's check box turns it on.
 */
export const desktopMetricsSchema = z.strictObject({
  enabled: z.boolean(),
  listen: metricsConfigFields.listen,
  token: metricsConfigFields.token.optional(),
  tls: metricsConfigFields.tls,
})
export type DesktopMetricsSettings = z.infer<typeof desktopMetricsSchema>

/** The address a scraper on this machine reaches; another address is the admin's choice. */
export const DEFAULT_DESKTOP_METRICS: Readonly<DesktopMetricsSettings> = Object.freeze({ enabled: false, listen: '127.0.0.1:9470' })

export interface DesktopSettings {
  /** Off by default: a monitor that starts itself is the admin's choice. */
  startAtLogin: boolean
  /** True once the user answered the start-at-login question (asked when the first real server is added). */
  startAtLoginOffered: boolean
  /** Off by default: a port that answers scrapers is the admin's choice too. */
  metrics: DesktopMetricsSettings
}

export const DEFAULT_DESKTOP_SETTINGS: Readonly<DesktopSettings> = Object.freeze({
  startAtLogin: false,
  startAtLoginOffered: false,
  metrics: DEFAULT_DESKTOP_METRICS,
})

const BOOLEAN_KEYS = ['startAtLogin', 'startAtLoginOffered'] as const

export interface DesktopSettingsFile {
  read(): DesktopSettings
  /** Saves the given fields, keeping the others. */
  update(change: Partial<DesktopSettings>): DesktopSettings
  /** Why the file was set aside at the first read, English and message, or null. */
  readonly problem: LocalText | null
}

/** Why the file cannot be used, said as a desktop.details.causes.* part: the thrown Error's message is its English. */
class PreferencesProblem extends Error {
  readonly causeMessage: TextMessage
  constructor(causeMessage: TextMessage, english: string) {
    super(english)
    this.causeMessage = causeMessage
  }
}

function parse(text: string): DesktopSettings {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PreferencesProblem({ id: 'desktop.details.causes.notObject', params: {} }, 'it is not a JSON object')
  }
  const record = value as Record<string, unknown>
  const result: DesktopSettings = { ...DEFAULT_DESKTOP_SETTINGS, metrics: { ...DEFAULT_DESKTOP_METRICS } }
  for (const key of BOOLEAN_KEYS) {
    if (record[key] === undefined) continue
    if (typeof record[key] !== 'boolean') {
      throw new PreferencesProblem({ id: 'desktop.details.causes.notBoolean', params: { key } }, `"${key}" is not true or false`)
    }
    result[key] = record[key]
  }
  if (record.metrics !== undefined) {
    const metrics = desktopMetricsSchema.safeParse(record.metrics)
    // Zod's sentence names the field, never its value (the token may be written there); it stays English.
    if (!metrics.success) {
      const detail = describeConfigIssue(metrics.error)
      throw new PreferencesProblem({ id: 'desktop.details.causes.metrics', params: { detail } }, `"metrics": ${detail}`)
    }
    result.metrics = metrics.data
  }
  return result
}

/** The sentence for a file set aside, English and message; never quoting the file: the cause the parser found. */
export function preferencesProblem(file: string, error: unknown): LocalText {
  const cause: { text: string; message?: TextMessage } =
    error instanceof SyntaxError
      ? { text: 'it is not valid JSON', message: { id: 'desktop.details.causes.notJson', params: {} } }
      : error instanceof PreferencesProblem
        ? { text: error.message, message: error.causeMessage }
        : { text: (error as Error).message }
  return {
    text: `The desktop preferences in ${file} could not be used (${cause.text}); start at login and the metrics listener are off until you choose again.`,
    message: {
      id: 'desktop.details.desktopPreferencesUnreadable',
      params: { file, cause: cause.text },
      ...(cause.message ? { parts: { cause: cause.message } } : {}),
    },
  }
}

/** The file's path in the data folder: sentences name it, so the admin knows what to edit. */
export function desktopSettingsPath(dataDir: string): string {
  return join(dataDir, 'desktop.json')
}

export function openDesktopSettings(dataDir: string): DesktopSettingsFile {
  const file = desktopSettingsPath(dataDir)
  let problem: LocalText | null = null
  let current: DesktopSettings = { ...DEFAULT_DESKTOP_SETTINGS }
  if (existsSync(file)) {
    try {
      current = parse(readFileSync(file, 'utf8'))
    } catch (error) {
      // Never quoted: say the cause the parser found, keep the file for the user to look at.
      problem = preferencesProblem(file, error)
      renameSync(file, `${file}.broken`)
    }
  }
  return {
    read: () => ({ ...current, metrics: { ...current.metrics } }),
    update(change) {
      current = { ...current, ...change }
      const temporary = `${file}.tmp`
      writeFileSync(temporary, `${JSON.stringify(current, null, 2)}\n`)
      renameSync(temporary, file)
      return { ...current, metrics: { ...current.metrics } }
    },
    problem,
  }
}

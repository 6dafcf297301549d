// The alert settings an admin changes: thresholds (AlertConfigInput, see
// config.ts) and the global "notifications off" switch. Two homes, one shape:
// a JSON file in the served mode (<data folder>/alert-config.json, never in
// <data>/demo: thresholds are the admin's, not demo data; written to a
// temporary file and renamed) and electron-store's `alerts` and
// `notificationsEnabled` keys in the app. A file that cannot be used never
// stops the monitor: the defaults apply and a sentence says why.

import { readFileSync } from 'node:fs'
import type { AlertThresholds } from '../types/index.ts'
import { defaultAlertConfig, parseAlertConfig, type AlertConfig, type AlertConfigInput } from './config.ts'
import { fileErrorReason, writeFileAtomically } from '../util/atomic-file.ts'
import { errorSentence } from '../util/errors.ts'

// The contract's hand-written shape and the validator's inferred one must stay the same type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const thresholdsMatchSchema: Same<AlertThresholds, AlertConfigInput> = true
void thresholdsMatchSchema

export interface AlertSettings {
  /** Thresholds as the settings screen edits them; defaults fill what is absent. */
  config: AlertConfigInput
  notificationsEnabled: boolean
}

export interface LoadedAlertSettings {
  /** The configuration in force (defaults when the saved one was unusable). */
  config: AlertConfig
  notificationsEnabled: boolean
  /** Sentence for the user when the saved settings could not be used; null when fine or absent. */
  problem: string | null
}

export interface AlertSettingsStore {
  load(): LoadedAlertSettings
  /** Returns a sentence when saving failed, else null. Callers validate with parseAlertConfig first. */
  save(settings: AlertSettings): string | null
}

/** The complete configuration in the input shape: what the settings screen starts from. */
export function toAlertConfigInput(config: AlertConfig): AlertConfigInput {
  return {
    warning: { ...config.levels.warning },
    critical: { ...config.levels.critical },
    exhausted: { ...config.levels.exhausted },
    hysteresis: { ...config.hysteresis },
    overrides: config.overrides.map((override) => ({ ...override })),
    unreachableAfterFailures: config.unreachableAfterFailures,
    countMonitorLicense: config.countMonitorLicense,
  }
}

function settingsFrom(rawConfig: unknown, rawEnabled: unknown, where: string): LoadedAlertSettings {
  const notificationsEnabled = typeof rawEnabled === 'boolean' ? rawEnabled : true
  const problems: string[] = []
  if (rawEnabled !== undefined && typeof rawEnabled !== 'boolean')
    problems.push(`In ${where}, "notifications" must be true or false; notifications stay on.`)
  const parsed = parseAlertConfig(rawConfig ?? {})
  if (!parsed.ok) problems.push(`${parsed.error.replace(/\.$/, '')} in ${where}; the default thresholds apply until they are saved again.`)
  return { config: parsed.ok ? parsed.config : defaultAlertConfig(), notificationsEnabled, problem: problems.join(' ') || null }
}

/**
 * Served mode: one hand-editable JSON file, the thresholds plus an optional
 * `"notifications": false`. While `path` does not exist yet the settings are
 * read from `fallbackPath` (an older home of the file); saving always writes `path`.
 */
export function alertSettingsFile(path: string, fallbackPath?: string): AlertSettingsStore {
  return {
    load() {
      const own = readSettingsFile(path)
      if (own !== null || fallbackPath === undefined) return own ?? defaultSettings(null)
      return readSettingsFile(fallbackPath) ?? defaultSettings(null)
    },
    save(settings) {
      try {
        writeFileAtomically(path, JSON.stringify({ ...settings.config, notifications: settings.notificationsEnabled }, null, 2) + '\n')
        return null
      } catch (error) {
        const reason = fileErrorReason(error)
        return `The alert settings could not be saved to ${path} (${reason}); they apply until the monitor restarts.`
      }
    },
  }
}

function defaultSettings(problem: string | null): LoadedAlertSettings {
  return { config: defaultAlertConfig(), notificationsEnabled: true, problem }
}

/** The settings in one file; null when there is no such file. */
function readSettingsFile(path: string): LoadedAlertSettings | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    return defaultSettings(`The alert settings file ${path} could not be read (${code ?? String(error)}); the defaults apply.`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return defaultSettings(`The alert settings file ${path} is not valid JSON; the defaults apply until they are saved again.`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return defaultSettings(`The alert settings file ${path} does not hold an object; the defaults apply.`)
  }
  const { notifications, ...config } = value as Record<string, unknown>
  return settingsFrom(config, notifications, path)
}

/** Any key-value store with get/set (electron-store): keys `alerts` and `notificationsEnabled`. */
export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

export function keyValueAlertSettings(store: KeyValueStore, where = 'the settings file'): AlertSettingsStore {
  return {
    load: () => settingsFrom(store.get('alerts'), store.get('notificationsEnabled'), where),
    save(settings) {
      try {
        store.set('alerts', settings.config)
        store.set('notificationsEnabled', settings.notificationsEnabled)
        return null
      } catch (error) {
        return `The alert settings could not be saved (${errorSentence(error)}); they apply until the app restarts.`
      }
    },
  }
}

// How long the history keeps its rows, as an admin sets it (issue 4: raw
// samples 48 h, per-minute 30 days, per-hour 2 years, "all configurable").
// Two homes, one shape: <data>/history-config.json in the served mode, the
// settings store's `history` key in the app. A setting that cannot be used
// never stops the monitor: the defaults apply and a sentence says why.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { HistoryRetention } from '../types/index.ts'
import { HOUR_MS } from './periods.ts'
import type { RetentionSettings } from './retention.ts'
import { fileErrorReason, writeFileAtomically } from '../util/atomic-file.ts'
import { errorSentence } from '../util/errors.ts'

export const HISTORY_CONFIG_FILE = 'history-config.json'

export const DEFAULT_HISTORY_RETENTION: Readonly<HistoryRetention> = Object.freeze({
  rawHours: 48,
  minuteDays: 30,
  hourDays: 730,
  holdingsDays: 730,
})

/** Ten years: longer is almost certainly a typo (days entered as hours). */
const MAX_DAYS = 3650

const FIELD_NAMES: Record<keyof HistoryRetention, string> = {
  rawHours: 'raw samples (hours)',
  minuteDays: 'per-minute rollups (days)',
  hourDays: 'per-hour rollups (days)',
  holdingsDays: 'license holdings (days)',
}

const whole = (max: number) => z.number().int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`)

const retentionSchema = z.strictObject({
  rawHours: whole(MAX_DAYS * 24).optional(),
  minuteDays: whole(MAX_DAYS).optional(),
  hourDays: whole(MAX_DAYS).optional(),
  holdingsDays: whole(MAX_DAYS).optional(),
})

const settingsSchema = z.strictObject({ retention: retentionSchema.optional() })

export type ParsedRetention = { ok: true; retention: HistoryRetention } | { ok: false; error: string }

/** Rollups are made from the finer rows, so a coarser level must not be dropped before the finer one. */
export function retentionOrderProblem(retention: HistoryRetention): string | null {
  if (retention.minuteDays * 24 < retention.rawHours)
    return `Per-minute rollups must be kept at least as long as raw samples (${retention.rawHours} hours).`
  if (retention.hourDays < retention.minuteDays)
    return `Per-hour rollups must be kept at least as long as per-minute rollups (${retention.minuteDays} days).`
  return null
}

function issueSentence(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'History retention: the settings are not valid.'
  if (issue.code === 'unrecognized_keys') return `History retention: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}.`
  const key = issue.path.at(-1)
  if (typeof key === 'string' && key in FIELD_NAMES) {
    const field = `"${key}" (${FIELD_NAMES[key as keyof HistoryRetention]})`
    // zod reports 1.5 for an int as a type error; the admin should read "whole number".
    const message = issue.code !== 'invalid_type' ? issue.message : issue.expected === 'int' ? 'must be a whole number' : 'must be a number'
    return `History retention: ${field} ${message}.`
  }
  return `History retention: ${key === undefined ? 'the settings' : `"${String(key)}"`} must be an object.`
}

/** `{ retention: {...} }` checked into complete settings (defaults fill what is absent), or a sentence naming the field. */
export function parseHistorySettings(value: unknown): ParsedRetention {
  const parsed = settingsSchema.safeParse(value ?? {})
  if (!parsed.success) return { ok: false, error: issueSentence(parsed.error.issues[0]) }
  const retention = { ...DEFAULT_HISTORY_RETENTION, ...parsed.data.retention }
  const order = retentionOrderProblem(retention)
  return order === null ? { ok: true, retention } : { ok: false, error: `History retention: ${order}` }
}

/** The retention run's settings (milliseconds) for these hours and days. */
export function retentionSettingsOf(retention: HistoryRetention): Partial<RetentionSettings> {
  return {
    rawMs: retention.rawHours * HOUR_MS,
    minuteMs: retention.minuteDays * 24 * HOUR_MS,
    hourMs: retention.hourDays * 24 * HOUR_MS,
    holdingsMs: retention.holdingsDays * 24 * HOUR_MS,
  }
}

export interface LoadedHistorySettings {
  retention: HistoryRetention
  /** Sentence for the user when the saved settings could not be used; null when fine or absent. */
  problem: string | null
}

export interface HistorySettingsStore {
  load(): LoadedHistorySettings
  /** Returns a sentence when saving failed, else null. Callers validate with parseHistorySettings first. */
  save(retention: HistoryRetention): string | null
}

function loaded(value: unknown, where: string): LoadedHistorySettings {
  const parsed = parseHistorySettings(value)
  if (parsed.ok) return { retention: parsed.retention, problem: null }
  return {
    retention: { ...DEFAULT_HISTORY_RETENTION },
    problem: `${parsed.error.replace(/\.$/, '')} in ${where}; the default retention applies until it is saved again.`,
  }
}

const defaults = (problem: string | null): LoadedHistorySettings => ({ retention: { ...DEFAULT_HISTORY_RETENTION }, problem })

/** Served mode: a hand-editable JSON file, {"retention": {"rawHours": 48, ...}}. */
export function historySettingsFile(path: string): HistorySettingsStore {
  return {
    load() {
      let text: string
      try {
        text = readFileSync(path, 'utf8')
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT') return defaults(null)
        return defaults(`The history settings file ${path} could not be read (${code ?? String(error)}); the default retention applies.`)
      }
      let value: unknown
      try {
        value = JSON.parse(text.replace(/^\uFEFF/, ''))
      } catch {
        return defaults(`The history settings file ${path} is not valid JSON; the default retention applies until it is saved again.`)
      }
      return loaded(value, path)
    },
    save(retention) {
      try {
        writeFileAtomically(path, `${JSON.stringify({ retention }, null, 2)}\n`)
        return null
      } catch (error) {
        const reason = fileErrorReason(error)
        return `The history settings could not be saved to ${path} (${reason}); they apply until the monitor restarts.`
      }
    },
  }
}

/** Any key-value store with get/set (electron-store): key `history`. */
export function keyValueHistorySettings(
  store: { get(key: string): unknown; set(key: string, value: unknown): void },
  where = 'the settings file',
): HistorySettingsStore {
  return {
    load: () => loaded(store.get('history'), where),
    save(retention) {
      try {
        store.set('history', { retention })
        return null
      } catch (error) {
        return `The history settings could not be saved (${errorSentence(error)}); they apply until the app restarts.`
      }
    },
  }
}

// Retention settings: the served mode's history-config.json and the settings
// store's `history` key read into complete settings (defaults fill the gaps,
// a bad file is reported by name and field, never fatal), and a store told a
// shorter retention honours it at its next run on a real file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_HISTORY_RETENTION,
  HISTORY_CONFIG_FILE,
  historySettingsFile,
  keyValueHistorySettings,
  parseHistorySettings,
  retentionSettingsOf,
} from '../../../main/core/history/history-settings.ts'
import { HOUR_MS, MINUTE_MS } from '../../../main/core/history/periods.ts'
import { openHistoryStore } from '../../../main/core/history/store.ts'
import { snapshot } from './snapshots.ts'

const dirs: string[] = []
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lm-history-settings-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('parseHistorySettings', () => {
  it('fills absent fields with the defaults (48 h, 30 days, 730 days, 730 days)', () => {
    expect(parseHistorySettings(undefined)).toEqual({
      ok: true,
      retention: { rawHours: 48, minuteDays: 30, hourDays: 730, holdingsDays: 730 },
    })
    expect(parseHistorySettings({ retention: { rawHours: 6 } })).toEqual({
      ok: true,
      retention: { ...DEFAULT_HISTORY_RETENTION, rawHours: 6 },
    })
  })

  it('names the field and what to fix', () => {
    expect(parseHistorySettings({ retention: { rawHours: 0 } })).toEqual({
      ok: false,
      error: 'History retention: "rawHours" (raw samples (hours)) must be at least 1.',
    })
    expect(parseHistorySettings({ retention: { minuteDays: 'thirty' } })).toEqual({
      ok: false,
      error: 'History retention: "minuteDays" (per-minute rollups (days)) must be a number.',
    })
    expect(parseHistorySettings({ retention: { hourDays: 1.5 } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('"hourDays" (per-hour rollups (days)) must be a whole number'),
    })
    expect(parseHistorySettings({ retention: { rawDays: 2 } })).toEqual({ ok: false, error: 'History retention: unknown field "rawDays".' })
    expect(parseHistorySettings({ retention: 'long' })).toEqual({ ok: false, error: 'History retention: "retention" must be an object.' })
  })

  it('refuses a coarser level kept shorter than the finer one it is made from', () => {
    expect(parseHistorySettings({ retention: { rawHours: 72, minuteDays: 2 } })).toEqual({
      ok: false,
      error: 'History retention: Per-minute rollups must be kept at least as long as raw samples (72 hours).',
    })
    expect(parseHistorySettings({ retention: { minuteDays: 40, hourDays: 30 } })).toEqual({
      ok: false,
      error: 'History retention: Per-hour rollups must be kept at least as long as per-minute rollups (40 days).',
    })
    expect(parseHistorySettings({ retention: { rawHours: 48, minuteDays: 2, hourDays: 2 } }).ok).toBe(true)
  })

  it("converts hours and days into the retention run's milliseconds", () => {
    expect(retentionSettingsOf({ rawHours: 2, minuteDays: 1, hourDays: 3, holdingsDays: 4 })).toEqual({
      rawMs: 2 * HOUR_MS,
      minuteMs: 24 * HOUR_MS,
      hourMs: 72 * HOUR_MS,
      holdingsMs: 96 * HOUR_MS,
    })
  })
})

describe('history-config.json', () => {
  it('is optional: no file means the defaults and no problem', () => {
    expect(historySettingsFile(join(freshDir(), HISTORY_CONFIG_FILE)).load()).toEqual({
      retention: DEFAULT_HISTORY_RETENTION,
      problem: null,
    })
  })

  it('reads a partial file, missing fields taking the defaults', () => {
    const path = join(freshDir(), HISTORY_CONFIG_FILE)
    writeFileSync(path, '\uFEFF{"retention": {"rawHours": 12, "hourDays": 365}}')
    expect(historySettingsFile(path).load()).toEqual({
      retention: { rawHours: 12, minuteDays: 30, hourDays: 365, holdingsDays: 730 },
      problem: null,
    })
  })

  it('reports a file that is not JSON, or has a bad field, by path, and uses the defaults', () => {
    const path = join(freshDir(), HISTORY_CONFIG_FILE)
    writeFileSync(path, '{"retention": {"rawHours": 12,')
    expect(historySettingsFile(path).load()).toEqual({
      retention: DEFAULT_HISTORY_RETENTION,
      problem: `The history settings file ${path} is not valid JSON; the default retention applies until it is saved again.`,
    })
    writeFileSync(path, '{"retention": {"rawHours": -3}}')
    expect(historySettingsFile(path).load()).toEqual({
      retention: DEFAULT_HISTORY_RETENTION,
      problem: `History retention: "rawHours" (raw samples (hours)) must be at least 1 in ${path}; the default retention applies until it is saved again.`,
    })
  })

  it('saves through a temporary file and reads back what it saved', () => {
    const path = join(freshDir(), 'nested', HISTORY_CONFIG_FILE)
    const file = historySettingsFile(path)
    expect(file.save({ rawHours: 6, minuteDays: 7, hourDays: 90, holdingsDays: 90 })).toBeNull()
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ retention: { rawHours: 6, minuteDays: 7, hourDays: 90, holdingsDays: 90 } })
    expect(file.load().retention).toEqual({ rawHours: 6, minuteDays: 7, hourDays: 90, holdingsDays: 90 })
  })

  it('says why a save failed instead of throwing', () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be')
    expect(historySettingsFile(join(dir, 'blocker', HISTORY_CONFIG_FILE)).save(DEFAULT_HISTORY_RETENTION)).toMatch(
      /^The history settings could not be saved to .*blocker.*\((ENOTDIR|EEXIST)\)/,
    )
  })
})

describe('settings store key "history"', () => {
  it('reads, reports and writes { retention } under one key', () => {
    const values = new Map<string, unknown>()
    const store = { get: (key: string) => values.get(key), set: (key: string, value: unknown) => void values.set(key, value) }
    const settings = keyValueHistorySettings(store, '/x/settings.json')
    expect(settings.load()).toEqual({ retention: DEFAULT_HISTORY_RETENTION, problem: null })
    expect(settings.save({ ...DEFAULT_HISTORY_RETENTION, rawHours: 24 })).toBeNull()
    expect(values.get('history')).toEqual({ retention: { ...DEFAULT_HISTORY_RETENTION, rawHours: 24 } })
    expect(settings.load().retention.rawHours).toBe(24)
    values.set('history', { retention: { rawHours: 24, minuteDays: 0 } })
    expect(settings.load()).toEqual({
      retention: DEFAULT_HISTORY_RETENTION,
      problem: expect.stringContaining('"minuteDays" (per-minute rollups (days)) must be at least 1 in /x/settings.json'),
    })
  })
})

describe('a shorter retention on a real file', () => {
  it('applies at the next run: raw rows older than the setting are rolled up and deleted', () => {
    const start = Date.UTC(2026, 2, 2, 0, 0, 0)
    const store = openHistoryStore(freshDir())
    try {
      const servers = [{ name: 'A', machine: 'srv-01' }]
      // 6 hours of one poll a minute, 1 to 3 licenses.
      for (let at = start; at < start + 6 * HOUR_MS; at += MINUTE_MS) {
        const used = 1 + (((at - start) / MINUTE_MS) % 3)
        store.record(
          snapshot(
            servers,
            Array.from({ length: used }, (_, i) => ({ server: 'A', token: i + 1 })),
          ),
          at,
        )
      }
      const now = start + 6 * HOUR_MS
      const oldest = () => (store.db.prepare('SELECT min(at) AS v FROM samples').get() as { v: number }).v
      const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

      store.runRetention(now)
      expect(oldest(), 'the default 48 h keeps every raw sample').toBe(start)
      const samplesBefore = count('samples')

      store.setRetention(retentionSettingsOf({ ...DEFAULT_HISTORY_RETENTION, rawHours: 2 }))
      const summary = store.runRetention(now + 1)
      expect(summary.deletedSamples).toBe(samplesBefore - count('samples'))
      expect(summary.deletedSamples).toBeGreaterThan(0)
      expect(oldest()).toBeGreaterThanOrEqual(now + 1 - 2 * HOUR_MS)
      expect(oldest()).toBeLessThanOrEqual(now - 2 * HOUR_MS + MINUTE_MS)
      // What was deleted is still there, summarised: every minute of the first four hours has its rollup.
      const rolled = store.db
        .prepare('SELECT count(*) AS n, min(min_used) AS lo, max(max_used) AS hi FROM rollup_minute WHERE at < ?')
        .get(now - 2 * HOUR_MS) as { n: number; lo: number; hi: number }
      expect(rolled.n).toBe(4 * 60)
      expect([rolled.lo, rolled.hi]).toEqual([1, 3])
    } finally {
      store.close()
    }
  })
})

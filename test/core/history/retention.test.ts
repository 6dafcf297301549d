// Retention and rollups on a real file: rollups equal what the raw rows say,
// a second run changes nothing, batches of any size agree, and rows are
// deleted only after they are rolled up.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { readMark } from '../../../main/core/history/marks.ts'
import { HOUR_MS, MINUTE_MS } from '../../../main/core/history/periods.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { runRetention } from '../../../main/core/history/retention.ts'
import { snapshot } from './snapshots.ts'
import { recordUsage, referenceRollups, tableRows } from './usage-data.ts'

const START = Date.UTC(2026, 0, 5, 6, 0, 17)
const DAY = 24 * HOUR_MS
const dirs: string[] = []
const opened: HistoryDb[] = []
let seeded: { dir: string; last: number }

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lm-history-ret-'))
  dirs.push(dir)
  return dir
}
function open(dir: string): HistoryDb {
  const history = openHistory(dir)
  opened.push(history)
  return history
}
/** A copy of the seeded history (made by VACUUM INTO) for a test to change freely. */
function seededCopy(): DatabaseSync {
  const source = openHistory(seeded.dir)
  const dir = freshDir()
  source.backup(join(dir, 'history.sqlite'))
  source.close()
  return open(dir).db
}
function dump(db: DatabaseSync): unknown {
  return Object.fromEntries(
    ['samples', 'rollup_minute', 'rollup_hour', 'holdings', 'holding_gaps', 'meta', 'series'].map((t) => [
      t,
      db.prepare(`SELECT * FROM ${t}`).all(),
    ]),
  )
}

beforeAll(() => {
  const dir = freshDir()
  const history = openHistory(dir)
  // 3 h 7 min of 5 s polls with the app closed for 20 minutes in the middle.
  const last = recordUsage(createRecorder(history.db), {
    start: START,
    durationMs: 3 * HOUR_MS + 7 * MINUTE_MS,
    stepMs: 5000,
    gap: [START + HOUR_MS + 3 * MINUTE_MS, START + HOUR_MS + 23 * MINUTE_MS],
  })
  history.close()
  seeded = { dir, last }
})
afterEach(() => {
  for (const history of opened.splice(0)) history.close()
})
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('rollups', () => {
  it('per-minute and per-hour min/avg(sum+count)/max/peak time/limit equal the raw rows they summarise', () => {
    const db = seededCopy()
    const now = seeded.last + 30_000
    const summary = runRetention(db, now)
    const minuteDone = Math.floor(now / MINUTE_MS) * MINUTE_MS
    const hourDone = Math.floor(now / HOUR_MS) * HOUR_MS
    expect(readMark(db, 'minute_done')).toBe(minuteDone)
    expect(readMark(db, 'hour_done')).toBe(hourDone)
    const minutes = referenceRollups(db, (at) => Math.floor(at / MINUTE_MS) * MINUTE_MS, `at < ${minuteDone}`)
    expect(minutes.length).toBeGreaterThan(150 * 4)
    expect(tableRows(db, 'rollup_minute')).toEqual(minutes)
    const hours = referenceRollups(db, (at) => Math.floor(at / HOUR_MS) * HOUR_MS, `at < ${hourDone}`)
    // Three complete hours (06, 07, 08) of 8 series: srv-01 totals and A1, A2 shares for two products, srv-02 for two.
    expect(hours.length).toBe(3 * 8)
    expect(tableRows(db, 'rollup_hour')).toEqual(hours)
    expect(summary).toMatchObject({ minuteRollups: minutes.length, hourRollups: hours.length, deletedSamples: 0 })
    // The peak time is the first time the peak was reached, and the stored avg is exact.
    for (const row of tableRows(db, 'rollup_hour')) {
      const first = db
        .prepare('SELECT min(at) AS at FROM samples WHERE series_id = ? AND at >= ? AND at < ? AND used = ?')
        .get(row.series_id, row.at, row.at + HOUR_MS, row.max_used) as { at: number }
      expect(row.max_at).toBe(first.at)
    }
  })

  it('is idempotent: a second run with the same clock changes nothing', () => {
    const db = seededCopy()
    const now = seeded.last + 50 * HOUR_MS
    runRetention(db, now)
    const before = dump(db)
    expect(runRetention(db, now)).toEqual({
      minuteRollups: 0,
      hourRollups: 0,
      deletedSamples: 0,
      deletedMinutes: 0,
      deletedHours: 0,
      deletedHoldings: 0,
    })
    expect(dump(db)).toEqual(before)
  })

  it('gives the same result in one-minute batches as in one pass, and run in steps as at once', () => {
    const once = seededCopy()
    const now = seeded.last + 10 * MINUTE_MS
    runRetention(once, now, { batchMs: DAY })
    const small = seededCopy()
    runRetention(small, now, { batchMs: MINUTE_MS })
    const stepped = seededCopy()
    for (let t = START; t < now; t += 17 * MINUTE_MS) runRetention(stepped, t, { batchMs: 5 * MINUTE_MS })
    runRetention(stepped, now, { batchMs: 5 * MINUTE_MS })
    expect(dump(small)).toEqual(dump(once))
    expect(dump(stepped)).toEqual(dump(once))
  })
})

describe('retention', () => {
  it('drops raw after 48 h, minutes after 30 days and hours after 2 years, keeping the latest poll and what the coarser level needs', () => {
    const db = seededCopy()
    runRetention(db, seeded.last + 30_000)
    const minutes = tableRows(db, 'rollup_minute')
    const hours = tableRows(db, 'rollup_hour')
    const latest = db.prepare('SELECT * FROM samples WHERE at = ?').all(seeded.last)

    const after48h = runRetention(db, seeded.last + 49 * HOUR_MS)
    expect(after48h.deletedSamples).toBeGreaterThan(0)
    expect(db.prepare('SELECT * FROM samples').all()).toEqual(latest)
    // The minutes and the hours the 30 s run could not close yet are rolled up now, the rest unchanged.
    expect(tableRows(db, 'rollup_minute', `at < ${minutes.at(-1)!.at + 1}`)).toEqual(minutes)
    expect(tableRows(db, 'rollup_hour', `at < ${hours.at(-1)!.at + 1}`)).toEqual(hours)
    const allHours = tableRows(db, 'rollup_hour')
    expect(allHours.length).toBe(hours.length + 8)

    runRetention(db, seeded.last + 31 * DAY)
    expect(tableRows(db, 'rollup_minute')).toEqual([])
    expect(tableRows(db, 'rollup_hour')).toEqual(allHours)

    runRetention(db, seeded.last + 731 * DAY)
    expect(tableRows(db, 'rollup_hour')).toEqual([])
    expect(db.prepare('SELECT count(*) AS n FROM samples').get()).toEqual({ n: latest.length })
  })

  it('never deletes a raw sample before its minute is rolled up, even with no raw retention at all', () => {
    const db = seededCopy()
    const now = seeded.last - 2 * MINUTE_MS + 20_000
    runRetention(db, now, { rawMs: 0 })
    const minuteDone = readMark(db, 'minute_done')!
    const left = db.prepare('SELECT min(at) AS oldest, count(*) AS n FROM samples').get() as { oldest: number; n: number }
    expect(left.oldest).toBeGreaterThanOrEqual(minuteDone)
    expect(left.n).toBeGreaterThan(0)
    // Later runs still roll those up correctly.
    const expected = referenceRollups(
      db,
      (at) => Math.floor(at / MINUTE_MS) * MINUTE_MS,
      `at < ${Math.floor((seeded.last + MINUTE_MS) / MINUTE_MS) * MINUTE_MS}`,
    )
    runRetention(db, seeded.last + MINUTE_MS, { rawMs: 0 })
    expect(tableRows(db, 'rollup_minute', `at >= ${minuteDone}`)).toEqual(expected)
  })

  it('drops closed holdings (and their gaps) once they ended longer ago than the holdings retention', () => {
    const history = open(freshDir())
    const recorder = createRecorder(history.db)
    const servers = [{ name: 'A', machine: 'm' }]
    recorder.record(
      snapshot(servers, [
        { server: 'A', token: 1 },
        { server: 'A', token: 2 },
      ]),
      1000,
    )
    recorder.record(snapshot([{ name: 'A', machine: 'm', status: 'down' }], []), 2000)
    recorder.record(snapshot(servers, [{ server: 'A', token: 2 }]), 3000)
    recorder.record(snapshot(servers, []), 10 * DAY)
    runRetention(history.db, 10 * DAY + 1, { holdingsMs: 9 * DAY })
    expect(history.db.prepare('SELECT token, end_at FROM holdings ORDER BY token').all()).toEqual([{ token: 2, end_at: 10 * DAY }])
    expect(history.db.prepare('SELECT count(*) AS n FROM holding_gaps').get()).toEqual({ n: 1 })
    runRetention(history.db, 20 * DAY, { holdingsMs: 9 * DAY })
    expect(history.db.prepare('SELECT count(*) AS n FROM holdings').get()).toEqual({ n: 0 })
    expect(history.db.prepare('SELECT count(*) AS n FROM holding_gaps').get()).toEqual({ n: 0 })
  })
})

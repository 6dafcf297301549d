// Fills the per local day capacity summaries (history schema v7) in the
// background: complete days only (wholly before the rollup marks and the last
// recorded poll, each at the level the figures read it at), newest first so
// the default 30 days are fast soonest, a few days per step in one
// transaction, so the recorder never waits long. Each day's figures are
// computed by the same statements the figures use over the rows, clipped to
// the day; days whose rows change after they were summarised are dropped by
// the history's triggers and by retention, and summarised again here.
import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from '../history/db.ts'
import { DAY_MS } from '../history/periods.ts'
import { localDay } from './capacity.ts'
import { tiledDailyPeaks } from './daily-peaks.ts'
import { dayLevel, partColumns, summaryState, type SummaryState } from './day-summaries.ts'
import { BY_CLIENT_MACHINE, BY_SESSION_KIND, BY_USER, heldMsSql, holderUsageSql, IDLE_FILTER } from './holders.ts'
import { DAYS_TABLE, periodDays, type PeriodDay } from './period-days.ts'
import { longestGaps, poolParts, type PartSummary } from './pool-time.ts'

/** Days per step: a step reads the holdings once for all of them. */
export const DAYS_PER_STEP = 7
/** A step's days lie within this span (the holdings it reads are those that overlap it). */
const STEP_SPAN_MS = 31 * DAY_MS
/** The machine totals: what the capacity figures read. */
const MACHINE_SERIES = { sql: `server = ''`, params: [] }

/** Complete days that have no summary that is still right, newest first. */
export function missingDays(db: DatabaseSync, state: SummaryState): PeriodDay[] {
  const oldest = (
    db.prepare('SELECT min(v) AS v FROM (SELECT min(at) AS v FROM rollup_hour UNION ALL SELECT min(at) FROM rollup_minute)').get() as {
      v: number | null
    }
  ).v
  const end = Math.min(state.asOf, Math.max(state.hourDone, state.minuteDone))
  if (oldest === null || !Number.isFinite(end) || end <= oldest) return []
  const { days, tiles } = periodDays(db, oldest, end)
  // A zone whose local days do not tile time (a midnight that does not exist) is read from the rows only.
  if (!tiles) return []
  const done = new Map(
    (
      db.prepare('SELECT day, next, level FROM capacity_summary_days WHERE zone = ?').all(state.zone) as {
        day: number
        next: number
        level: string
      }[]
    ).map((row) => [row.day, row]),
  )
  return days
    .filter((day) => {
      const level = dayLevel(day, state)
      const row = done.get(day.start)
      return level !== null && !(row?.next === day.next && row.level === level)
    })
    .reverse()
}

/** Summarises up to `maxDays` missing days (one transaction); returns how many (0: nothing left to do). */
export function summariseStep(db: DatabaseSync, maxDays = DAYS_PER_STEP): number {
  return inTransaction(db, () => {
    const state = summaryState(db)
    const missing = missingDays(db, state)
    const newest = missing[0]
    if (newest === undefined) return 0
    const batch = missing.filter((day) => newest.next - day.start <= STEP_SPAN_MS).slice(0, maxDays)
    // Summaries of another zone are of no use to this process (and would only be dropped one day at a time).
    db.prepare('DELETE FROM capacity_summary_days WHERE zone <> ?').run(state.zone)
    db.prepare(`DELETE FROM capacity_summary_days WHERE zone = ? AND day IN (${batch.map(() => '?').join(', ')})`).run(
      state.zone,
      ...batch.map((day) => day.start),
    )
    db.exec(`DELETE FROM ${DAYS_TABLE}`)
    const insertDay = db.prepare(`INSERT INTO ${DAYS_TABLE} (start, next) VALUES (?, ?)`)
    for (const day of batch) insertDay.run(day.start, day.next)
    for (const day of batch) summariseDayPools(db, state, day)
    summariseHolders(db, state.zone, batch)
    return batch.length
  })
}

/** Summarises every missing day, a step at a time, yielding between steps; resolves with the days summarised. */
export async function summariseAll(db: DatabaseSync): Promise<number> {
  let total = 0
  for (;;) {
    const done = summariseStep(db)
    if (done === 0) return total
    total += done
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** A day's peak and pool time per series, as the figures read them over that day alone. */
function summariseDayPools(db: DatabaseSync, state: SummaryState, day: PeriodDay): void {
  const level = dayLevel(day, state)
  if (level === null) throw new Error(`The day starting ${new Date(day.start).toISOString()} is not complete.`)
  const range = { from: day.start, to: day.next, series: MACHINE_SERIES }
  const peaks = tiledDailyPeaks(db, range, [day])
  const pieces = poolParts(db, range, state.minutesFrom, localDay)
  if (pieces.length > 1) throw new Error(`The day starting ${new Date(day.start).toISOString()} is read at two levels.`)
  const parts = pieces[0] ?? new Map<number, PartSummary>()
  db.prepare('INSERT INTO capacity_summary_days (zone, day, next, level) VALUES (?, ?, ?, ?)').run(state.zone, day.start, day.next, level)
  const insert = db.prepare(
    `INSERT INTO capacity_summary_pools (zone, day, series_id, peak, peak_at, lim, unit, count, first, last, hot, gap_count, gaps, full)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const series of new Set([...peaks.keys(), ...parts.keys()])) {
    const peak = peaks.get(series)?.[0]
    const part = parts.get(series)
    const columns = partColumns(part && { ...part, gaps: longestGaps(part.gaps) }, level)
    insert.run(
      state.zone,
      day.start,
      series,
      peak?.peak ?? null,
      peak?.peakAt ?? null,
      peak?.limit ?? null,
      columns.unit,
      columns.count,
      columns.first,
      columns.last,
      columns.hot,
      columns.gapCount,
      columns.gaps,
      columns.full,
    )
  }
}

/** Session kinds, idle users and idle client machines of each day of DAYS_TABLE, in one read of the holdings. */
function summariseHolders(db: DatabaseSync, zone: string, days: readonly PeriodDay[]): void {
  const range = { from: Math.min(...days.map((d) => d.start)), to: Math.max(...days.map((d) => d.next)) }
  const kinds = heldMsSql(db, range, BY_SESSION_KIND, true)
  db.prepare(
    `INSERT INTO capacity_summary_holders (zone, day, grain, machine, product_id, k, ms, idle_ms, first, last, n, cont, peak)
    SELECT ?, day, 'kind', machine, product_id, k, ms, idle_ms, 0, 0, 0, 0, 0 FROM (${kinds.sql})`,
  ).run(zone, ...kinds.params)
  const idle = holderUsageSql(db, { ...range, where: IDLE_FILTER }, [BY_USER, BY_CLIENT_MACHINE], true)
  db.prepare(
    `INSERT INTO capacity_summary_holders (zone, day, grain, machine, product_id, k, ms, idle_ms, first, last, n, cont, peak)
    SELECT ?, day, CASE which WHEN 0 THEN 'idle-user' ELSE 'idle-client' END, machine, product_id, k, ms, ms, first, last, n, cont, peak
    FROM (${idle.sql})`,
  ).run(zone, ...idle.params)
}

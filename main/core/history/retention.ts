// Retention and rollups: raw samples -> per-minute -> per-hour, then old rows
// deleted. Work is split into bounded transactions (a slice of time each) so
// the recorder never waits long for the write lock, and progress marks in
// `meta` make a second run with the same clock change nothing.
//
// Only complete periods are rolled up, and rows are deleted only once they
// are rolled up, so every sample counts in exactly one minute and one hour.
import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './db.ts'
import { readMark, writeMark, type MarkKey } from './marks.ts'
import { groupSql, HOUR_MS, MINUTE_MS, rawAsRollup } from './periods.ts'

export interface RetentionSettings {
  /** Raw samples kept (default 48 h). */
  rawMs: number
  /** Per-minute rollups kept (default 30 days). */
  minuteMs: number
  /** Per-hour rollups kept (default 2 years). */
  hourMs: number
  /** Closed holdings kept after they end (default: as long as hourly rollups). */
  holdingsMs: number
  /** Span of time handled per transaction (default 1 h). */
  batchMs: number
}

export const DEFAULT_RETENTION: RetentionSettings = {
  rawMs: 48 * HOUR_MS,
  minuteMs: 30 * 24 * HOUR_MS,
  hourMs: 2 * 365 * 24 * HOUR_MS,
  holdingsMs: 2 * 365 * 24 * HOUR_MS,
  batchMs: HOUR_MS,
}

export interface RetentionSummary {
  minuteRollups: number
  hourRollups: number
  deletedSamples: number
  deletedMinutes: number
  deletedHours: number
  deletedHoldings: number
}

type RollupTable = 'rollup_minute' | 'rollup_hour'

export function runRetention(db: DatabaseSync, now: number = Date.now(), settings: Partial<RetentionSettings> = {}): RetentionSummary {
  const s = { ...DEFAULT_RETENTION, ...settings }
  const minuteRollups = rollUp(db, 'samples', 'rollup_minute', 'minute_done', floorTo(now, MINUTE_MS), s.batchMs)
  const minuteDone = readMark(db, 'minute_done') ?? -Infinity
  const hourRollups = rollUp(db, 'rollup_minute', 'rollup_hour', 'hour_done', floorTo(Math.min(now, minuteDone), HOUR_MS), s.batchMs * 24)
  const hourDone = readMark(db, 'hour_done') ?? -Infinity
  // The latest poll stays, whatever its age, so "usage now" can still be exported after a long pause.
  const latest = scalar(db, 'SELECT max(at) AS v FROM samples') ?? -Infinity
  const deletedSamples = deleteOlder(db, 'samples', Math.min(now - s.rawMs, minuteDone, latest), s.batchMs)
  const minuteCutoff = Math.min(now - s.minuteMs, hourDone)
  const deletedMinutes = deleteOlder(db, 'rollup_minute', minuteCutoff, s.batchMs * 24)
  // A capacity summary read from rows now deleted no longer says what the history holds: summarised again (or
  // left out) from what is left. Holdings need nothing here: their triggers drop the days they touch.
  if (deletedMinutes > 0) forgetSummaries(db, minuteCutoff, 'minute')
  const hourCutoff = now - s.hourMs
  const deletedHours = deleteOlder(db, 'rollup_hour', hourCutoff, s.batchMs * 24 * 30)
  if (deletedHours > 0) forgetSummaries(db, hourCutoff)
  return {
    minuteRollups,
    hourRollups,
    deletedSamples,
    deletedMinutes,
    deletedHours,
    deletedHoldings: deleteHoldings(db, now - s.holdingsMs),
  }
}

/** Drops the capacity summaries of the days that start before `cutoff` (of one level, or all). */
function forgetSummaries(db: DatabaseSync, cutoff: number, level?: 'minute'): void {
  inTransaction(db, () =>
    db
      .prepare(`DELETE FROM capacity_summary_days WHERE day < ? ${level === undefined ? '' : 'AND level = ?'}`)
      .run(...(level === undefined ? [cutoff] : [cutoff, level])),
  )
}

/** Rolls `source` up into `target` for every complete period before `end`, one slice per transaction. */
function rollUp(
  db: DatabaseSync,
  source: 'samples' | RollupTable,
  target: RollupTable,
  mark: MarkKey,
  end: number,
  sliceMs: number,
): number {
  const unit = target === 'rollup_minute' ? MINUTE_MS : HOUR_MS
  const granularity = target === 'rollup_minute' ? 'minute' : 'hour'
  const sourceRows =
    source === 'samples'
      ? rawAsRollup('at >= ? AND at < ?')
      : `SELECT at, series_id, n, sum_used, min_used, max_used, max_at, lim, covered_ms FROM ${source} WHERE at >= ? AND at < ?`
  const insert = db.prepare(
    `INSERT OR REPLACE INTO ${target} (at, series_id, n, sum_used, min_used, max_used, max_at, lim, covered_ms) ${groupSql(sourceRows, granularity)}`,
  )
  const nextRow = db.prepare(`SELECT min(at) AS v FROM ${source} WHERE at >= ? AND at < ?`)
  if (!Number.isFinite(end)) return 0
  let done = readMark(db, mark)
  let written = 0
  while (done === null || done < end) {
    // Skip empty stretches (the app was closed) instead of walking them slice by slice.
    const next = (nextRow.get(done ?? Number.MIN_SAFE_INTEGER, end) as { v: number | null }).v
    if (next === null) {
      writeMark(db, mark, end)
      break
    }
    // Marks and slices are whole periods, so a period is never split between two transactions.
    const from = Math.max(floorTo(next, unit), done ?? -Infinity)
    const to = Math.min(end, from + Math.max(unit, floorTo(sliceMs, unit)))
    written += inTransaction(db, () => {
      const changes = Number(insert.run(from, to).changes)
      writeMark(db, mark, to)
      return changes
    })
    done = to
  }
  return written
}

/** Deletes rows of `table` older than `cutoff`, one time slice per transaction. */
function deleteOlder(db: DatabaseSync, table: 'samples' | RollupTable, cutoff: number, sliceMs: number): number {
  if (!Number.isFinite(cutoff)) return 0
  const remove = db.prepare(`DELETE FROM ${table} WHERE at < ?`)
  let deleted = 0
  for (;;) {
    const oldest = scalar(db, `SELECT min(at) AS v FROM ${table}`)
    if (oldest === null || oldest >= cutoff) return deleted
    const stop = Math.min(cutoff, oldest + sliceMs)
    deleted += inTransaction(db, () => Number(remove.run(stop).changes))
  }
}

function deleteHoldings(db: DatabaseSync, cutoff: number): number {
  const remove = db.prepare('DELETE FROM holdings WHERE id IN (SELECT id FROM holdings WHERE end_at IS NOT NULL AND end_at < ? LIMIT 5000)')
  let deleted = 0
  for (;;) {
    const changes = inTransaction(db, () => Number(remove.run(cutoff).changes))
    if (changes === 0) return deleted
    deleted += changes
  }
}

function scalar(db: DatabaseSync, sql: string): number | null {
  const row = db.prepare(sql).get() as { v: number | null } | undefined
  return row?.v ?? null
}

function floorTo(value: number, unit: number): number {
  return Number.isFinite(value) ? Math.floor(value / unit) * unit : value
}

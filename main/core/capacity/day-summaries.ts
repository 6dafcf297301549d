// Reading the per local day capacity summaries (history schema v7) for a
// period: which days can be read from them, and their rows in the shapes the
// figures are stitched from. A day is read from its summary only when the
// summary still says what the rows would say now: same zone and day bounds,
// made at the level the period would read it at (per-hour rollups before the
// first per-minute row, per-minute after), and wholly before the marks the
// rows are read up to. Everything else (today, a day not summarised yet, the
// part of a day at either end of a period) is read from the rows as before.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { readMark } from '../history/marks.ts'
import { HOUR_MS, MINUTE_MS } from '../history/periods.ts'
import type { SqlPart } from '../history/usage-source.ts'
import type { DailyPeak } from '../types/index.ts'
import type { PeriodDay } from './period-days.ts'
import { earliestMinute, type FullRun, type Gap, type PartSummary } from './pool-time.ts'

export const SUMMARY_USED = 'temp.capacity_summary_used'

export type SummaryLevel = 'hour' | 'minute'

/** The zone whose local days this process groups by (JavaScript's and SQLite's 'localtime'). */
export function summaryZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** What a day's summary depends on: the level boundary and the marks the rows are read up to. */
export interface SummaryState {
  zone: string
  /** Start of the per-minute level (a whole hour); +Infinity when there are no per-minute rows. */
  minutesFrom: number
  hourDone: number
  minuteDone: number
  /** The last recorded poll: open holdings count up to it. */
  asOf: number
}

export function summaryState(db: DatabaseSync): SummaryState {
  const firstMinute = earliestMinute(db)
  return {
    zone: summaryZone(),
    minutesFrom: firstMinute === null ? Infinity : Math.ceil(firstMinute / HOUR_MS) * HOUR_MS,
    hourDone: readMark(db, 'hour_done') ?? -Infinity,
    minuteDone: readMark(db, 'minute_done') ?? -Infinity,
    asOf: readMark(db, 'last_record_at') ?? -Infinity,
  }
}

/** The level a complete day would be read at now, or null when it is not complete (or straddles the boundary). */
export function dayLevel(day: PeriodDay, state: SummaryState): SummaryLevel | null {
  // Daily peaks read hours: after hour_done they are grouped from minutes on the fly, by UTC hour, and a
  // day of a zone off UTC by a part hour would then share an hour with the next day.
  if (day.next > state.asOf || day.next > state.hourDone) return null
  if (day.next <= state.minutesFrom) return 'hour'
  if (day.start >= state.minutesFrom) return day.next <= state.minuteDone ? 'minute' : null
  return null
}

/**
 * The days of the period (whole days inside [from, to)) that can be read from
 * their summaries, in order; also written to SUMMARY_USED for the statements.
 */
export function summarisedDays(db: DatabaseSync, from: number, to: number, days: readonly PeriodDay[]): PeriodDay[] {
  const state = summaryState(db)
  const rows = db
    .prepare('SELECT day, next, level FROM capacity_summary_days WHERE zone = ? AND day >= ? AND day < ?')
    .all(state.zone, from, to) as { day: number; next: number; level: string }[]
  const stored = new Map(rows.map((row) => [row.day, row]))
  const used = days.filter((day) => {
    const row = stored.get(day.start)
    return day.start >= from && day.next <= to && row?.next === day.next && row.level === dayLevel(day, state)
  })
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS capacity_summary_used (day INTEGER PRIMARY KEY, next INTEGER NOT NULL)`)
  db.exec(`DELETE FROM ${SUMMARY_USED}`)
  const insert = db.prepare(`INSERT INTO ${SUMMARY_USED} (day, next) VALUES (?, ?)`)
  for (const day of used) insert.run(day.start, day.next)
  return used
}

/** A period cut at the summarised days: each piece is a summarised day, or a stretch read from the rows. */
export interface PeriodPiece {
  from: number
  to: number
  summarised: boolean
}

export function periodPieces(from: number, to: number, summarised: readonly PeriodDay[]): PeriodPiece[] {
  const pieces: PeriodPiece[] = []
  let at = from
  for (const day of summarised) {
    if (day.start > at) pieces.push({ from: at, to: day.start, summarised: false })
    pieces.push({ from: day.start, to: day.next, summarised: true })
    at = day.next
  }
  if (to > at) pieces.push({ from: at, to, summarised: false })
  return pieces
}

/**
 * Rows of a summary read as arrays, not objects: a year of 100 pools is 36,500
 * rows, and node:sqlite builds an object per row at 2 to 5 times the cost of
 * an array (bench:capacity). Columns are read by position, in the SELECT's order.
 */
function summaryRows(db: DatabaseSync, sql: string, params: readonly SQLInputValue[]): unknown[][] {
  const statement = db.prepare(sql)
  statement.setReturnArrays(true)
  return statement.all(...params) as unknown as unknown[][]
}

/** Daily peaks of the summarised days, per series id. */
export function summaryPeaks(db: DatabaseSync, series: SqlPart): Map<number, DailyPeak[]> {
  const rows = summaryRows(
    db,
    `SELECT p.series_id, p.day, p.peak, p.peak_at, p.lim FROM ${SUMMARY_USED} u
        CROSS JOIN capacity_summary_pools p ON p.zone = ? AND p.day = u.day
      WHERE p.peak IS NOT NULL AND p.series_id IN (SELECT id FROM series WHERE ${series.sql}) ORDER BY p.series_id, p.day`,
    [summaryZone(), ...series.params],
  ) as [number, number, number, number, number | null][]
  const out = new Map<number, DailyPeak[]>()
  for (const [seriesId, day, peak, peakAt, limit] of rows) {
    const list = out.get(seriesId) ?? []
    list.push({ day, peak, peakAt, limit })
    out.set(seriesId, list)
  }
  return out
}

/** The pool time parts of the summarised days: per day start, per series id. */
export function summaryParts(db: DatabaseSync, series: SqlPart): Map<number, Map<number, PartSummary>> {
  const rows = summaryRows(
    db,
    `SELECT p.day, p.series_id, p.unit, p.count, p.first, p.last, p.hot, p.gap_count, p.gaps, p.full FROM ${SUMMARY_USED} u
        CROSS JOIN capacity_summary_pools p ON p.zone = ? AND p.day = u.day
      WHERE p.count > 0 AND p.series_id IN (SELECT id FROM series WHERE ${series.sql})`,
    [summaryZone(), ...series.params],
  ) as [number, number, number, number, number, number, number, number, string, string][]
  const out = new Map<number, Map<number, PartSummary>>()
  for (const [day, seriesId, unit, count, first, last, hot, gapCount, gaps, full] of rows) {
    const parts = out.get(day) ?? new Map<number, PartSummary>()
    out.set(day, parts)
    parts.set(seriesId, {
      unit,
      count,
      first,
      last,
      hot,
      gapCount,
      gaps: (JSON.parse(gaps) as [number, number][]).map(([from, to]): Gap => ({ from, to })),
      full: (JSON.parse(full) as [number, number][]).map(([at, end]): FullRun => ({ at, end })),
    })
  }
  return out
}

/** A part as a summary row keeps it: gaps and full runs as JSON pairs. */
export function partColumns(part: PartSummary | undefined, level: SummaryLevel) {
  return {
    unit: part?.unit ?? (level === 'hour' ? HOUR_MS : MINUTE_MS),
    count: part?.count ?? 0,
    first: part?.first ?? null,
    last: part?.last ?? null,
    hot: part?.hot ?? 0,
    gapCount: part?.gapCount ?? 0,
    gaps: JSON.stringify((part?.gaps ?? []).map((g) => [g.from, g.to])),
    full: JSON.stringify((part?.full ?? []).map((r) => [r.at, r.end])),
  }
}

// Daily peaks of every series in a period in one pass over the per-hour level,
// the same figures usageOverRange gives per day: stored hour rollups (read
// from their per-series index, grouped by day through the days table) up to
// hour_done, hours grouped on the fly from finer rows after it.
import type { DatabaseSync } from 'node:sqlite'
import { readMark } from '../history/marks.ts'
import { usageOverRange } from '../history/queries.ts'
import { usageSource, type SqlPart } from '../history/usage-source.ts'
import type { DailyPeak } from '../types/index.ts'
import { dayAt, DAYS_TABLE, type PeriodDay } from './period-days.ts'

// A peak and the earliest time it was reached, as one integer that max() can pick, decoded in SQL:
// peak * 2^27 + (2^27 - 1 - offset in the day). Days are under 2^27 ms (37 h); peaks below 2^35 keep
// the key inside 63 bits. A day outside that (never in practice) is asked again row by row.
const OFFSET = 134_217_728
const MAX_PEAK = 34_359_738_368

interface DayAggregate {
  peak: number
  peakAt: number
  limit: number | null
  n: number
}

/** Daily peaks per series id, in day order; days without an answered poll are left out. */
export function dailyPeaks(
  db: DatabaseSync,
  range: { from: number; to: number; series: SqlPart },
  days: { days: PeriodDay[]; tiles: boolean },
): Map<number, DailyPeak[]> {
  if (!days.tiles) return exactDailyPeaks(db, range)
  // The first day counts whole, from its start, even when the period begins later in it.
  return tiledDailyPeaks(db, { ...range, from: days.days[0]?.start ?? range.from }, days.days)
}

/**
 * Daily peaks of the days of `days` that lie in [range.from, range.to), which
 * start and end at day starts (or range.to inside the last day): a piece of a
 * period whose local days tile it.
 */
export function tiledDailyPeaks(
  db: DatabaseSync,
  range: { from: number; to: number; series: SqlPart },
  days: readonly PeriodDay[],
): Map<number, DailyPeak[]> {
  const from = range.from
  const hourDone = readMark(db, 'hour_done') ?? -Infinity
  const storedTo = Math.min(range.to, hourDone)
  const bySeries = new Map<number, Map<number, DayAggregate>>()
  const add = (series: number, day: number, row: DayAggregate): void => {
    const perDay = bySeries.get(series) ?? new Map<number, DayAggregate>()
    bySeries.set(series, perDay)
    const seen = perDay.get(day)
    if (!seen) perDay.set(day, { ...row })
    else {
      if (row.peak > seen.peak || (row.peak === seen.peak && row.peakAt < seen.peakAt))
        Object.assign(seen, { peak: row.peak, peakAt: row.peakAt })
      if (row.limit !== null && (seen.limit === null || row.limit > seen.limit)) seen.limit = row.limit
      seen.n += row.n
    }
  }
  if (storedTo > from) {
    const rows = db
      .prepare(
        `SELECT s.id AS series_id, d.start AS day, d.next AS next, max(r.max_used) AS peak, min(r.max_used) AS low,
          d.start + ${OFFSET - 1} - max(r.max_used * ${OFFSET} + (${OFFSET - 1} - (r.max_at - d.start))) % ${OFFSET} AS peak_at,
          min(r.max_at - d.start) AS first_offset, max(r.max_at - d.start) AS last_offset, max(r.lim) AS lim, sum(r.n) AS n
        FROM series s CROSS JOIN ${DAYS_TABLE} d CROSS JOIN rollup_hour r INDEXED BY rollup_hour_series
          ON r.series_id = s.id AND r.at >= max(d.start, ?) AND r.at < min(d.next, ?)
        WHERE d.start < ? AND d.next > ? AND ${range.series.sql} GROUP BY s.id, d.start`,
      )
      .all(from, storedTo, storedTo, from, ...range.series.params) as StoredDayRow[]
    for (const row of rows) {
      const exact = row.low >= 0 && row.peak < MAX_PEAK && row.first_offset >= 0 && row.last_offset < OFFSET
      const peakAt = exact ? row.peak_at : earliestPeak(db, row, storedTo)
      add(row.series_id, row.day, { peak: row.peak, peakAt, limit: row.lim, n: row.n })
    }
  }
  if (range.to > Math.max(from, hourDone)) {
    // Hours not rolled up yet: few rows, grouped on the fly as usageOverRange does.
    const fresh = usageSource('hour', {
      from: Math.max(from, hourDone),
      to: range.to,
      minuteDone: readMark(db, 'minute_done'),
      hourDone: readMark(db, 'hour_done'),
      series: range.series,
    })
    const rows = db.prepare(`SELECT series_id, at, n, max_used, max_at, lim FROM (${fresh.sql})`).all(...fresh.params) as FreshHourRow[]
    for (const row of rows) {
      const day = dayAt(days, row.at)
      if (day === undefined) continue
      add(row.series_id, day.start, { peak: row.max_used, peakAt: row.max_at, limit: row.lim, n: row.n })
    }
  }
  const out = new Map<number, DailyPeak[]>()
  for (const [series, perDay] of bySeries) {
    const list = [...perDay]
      .filter(([, d]) => d.n > 0)
      .sort((a, b) => a[0] - b[0])
      .map(([day, d]) => ({ day, peak: d.peak, peakAt: d.peakAt, limit: d.limit }))
    if (list.length > 0) out.set(series, list)
  }
  return out
}

/** The earliest time of the day's peak, asked row by row (a peak or time too large for the packed key). */
function earliestPeak(db: DatabaseSync, row: StoredDayRow, storedTo: number): number {
  const found = db
    .prepare(
      `SELECT max_at FROM rollup_hour INDEXED BY rollup_hour_series WHERE series_id = ? AND at >= ? AND at < ? ORDER BY max_used DESC, max_at LIMIT 1`,
    )
    .get(row.series_id, row.day, Math.min(row.next, storedTo)) as { max_at: number }
  return found.max_at
}

/** Where local days do not tile the period: SQLite's day of every row, as the history's exports group them. */
function exactDailyPeaks(db: DatabaseSync, range: { from: number; to: number; series: SqlPart }): Map<number, DailyPeak[]> {
  const ids = new Map<string, number>()
  const series = db.prepare(`SELECT id, machine, product_id FROM series WHERE ${range.series.sql}`).all(...range.series.params) as {
    id: number
    machine: string
    product_id: number
  }[]
  for (const s of series) ids.set(`${s.machine}\u0000${String(s.product_id)}`, s.id)
  const out = new Map<number, DailyPeak[]>()
  for (const row of usageOverRange(db, { from: range.from, to: range.to, granularity: 'day' })) {
    const id = ids.get(`${row.machine}\u0000${String(row.productId)}`)
    if (id === undefined) continue
    const list = out.get(id) ?? []
    list.push({ day: row.periodStart, peak: row.peak, peakAt: row.peakAt, limit: row.limit })
    out.set(id, list)
  }
  return out
}

type StoredDayRow = {
  series_id: number
  day: number
  next: number
  peak: number
  low: number
  peak_at: number
  first_offset: number
  last_offset: number
  lim: number | null
  n: number
}
type FreshHourRow = {
  series_id: number
  at: number
  n: number
  max_used: number
  max_at: number
  lim: number | null
}

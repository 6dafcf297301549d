// How full each pool was, and how much of the period the history covers, for
// every series of a period at once. Read at the finest level the history still
// keeps: per-minute rows (stored rollups, or grouped on the fly from raw
// samples) where they exist, per-hour rollups before that (retention has
// dropped the minutes there).
//
// Stored rollups are read through the v5 indexes, never row by row into JS:
// per series and day, the rows' count (rollup rows start on whole periods, as
// retention writes them, so a day whose count fills its span has no gap
// inside; only the others are read in full), the
// count of periods at or above 90 % from the hot index, and the full periods
// themselves (few) for stretches and days. Rows grouped on the fly (not rolled
// up yet) are few and are read as rows. Marks are whole minutes and hours
// (retention floors them), so the parts follow each other in time.
import type { DatabaseSync } from 'node:sqlite'
import { readMark } from '../history/marks.ts'
import { HOUR_MS, MINUTE_MS } from '../history/periods.ts'
import { usageSource, type SqlPart } from '../history/usage-source.ts'
import type { CapacityCoverage, CapacityPressure } from '../types/index.ts'
import { DAYS_TABLE } from './period-days.ts'

export interface PairQuery {
  machine: string
  productId: number
  from: number
  to: number
}

export interface SeriesQuery {
  from: number
  to: number
  /** A WHERE clause over the series table (no alias) and its parameters. */
  series: SqlPart
}

export const MAX_GAPS = 20
const HOT = 'r.lim > 0 AND r.max_used * 10 >= r.lim * 9'

export interface Gap {
  from: number
  to: number
}

/** Full periods that follow each other within one day (of `dayOf`): [at, end). */
export interface FullRun {
  at: number
  end: number
}

/** One part of the finest rows of a series: contiguous in time, one period length. */
export interface PartSummary {
  unit: number
  count: number
  first: number
  last: number
  hot: number
  /** Gaps between the part's rows: all of them, or (a day's summary) the MAX_GAPS longest. */
  gaps: Gap[]
  /** How many gaps there are between the part's rows (gaps may list fewer). */
  gapCount: number
  full: FullRun[]
}

/** Pieces of the period in time order: per series, the parts read for that piece. */
export type PoolPieces = Map<number, PartSummary>[]

/** Where the per-hour level ends and the per-minute level begins for a period (a whole hour, clamped to it). */
export function levelBoundary(db: DatabaseSync, from: number, to: number): number {
  const firstMinute = earliestMinute(db)
  return firstMinute === null ? to : Math.min(to, Math.max(from, Math.ceil(firstMinute / HOUR_MS) * HOUR_MS))
}

/** Coverage and time at the limit per series id. */
export function poolTimes(
  db: DatabaseSync,
  query: SeriesQuery,
  dayOf: (time: number) => number,
): Map<number, { coverage: CapacityCoverage; pressure: CapacityPressure }> {
  const boundary = levelBoundary(db, query.from, query.to)
  return stitchPieces(poolParts(db, query, boundary, dayOf), query, boundary, dayOf)
}

/**
 * The parts of every series over [query.from, query.to), one piece of a period
 * whose level boundary is `boundary`: hours before it, minutes after. A period
 * cut into pieces at day starts gives, stitched, what the whole period gives.
 */
export function poolParts(db: DatabaseSync, query: SeriesQuery, boundary: number, dayOf: (time: number) => number): PoolPieces {
  const minuteDone = readMark(db, 'minute_done') ?? -Infinity
  const hourDone = readMark(db, 'hour_done') ?? -Infinity
  const cut = Math.min(query.to, Math.max(query.from, boundary))
  const marks = { minuteDone: readMark(db, 'minute_done'), hourDone: readMark(db, 'hour_done'), series: query.series }
  const parts: PoolPieces = []
  if (cut > query.from) {
    parts.push(stored(db, 'rollup_hour', HOUR_MS, query.from, Math.min(cut, hourDone), query.series, dayOf))
    const from = Math.max(query.from, hourDone)
    if (cut > from) parts.push(fresh(db, usageSource('hour', { ...marks, from, to: cut }), HOUR_MS, dayOf))
  }
  if (cut < query.to) {
    parts.push(stored(db, 'rollup_minute', MINUTE_MS, cut, Math.min(query.to, minuteDone), query.series, dayOf))
    const from = Math.max(cut, minuteDone)
    if (query.to > from) parts.push(fresh(db, usageSource('minute', { ...marks, from, to: query.to }), MINUTE_MS, dayOf))
  }
  return parts
}

/** The pieces of a period in time order -> coverage and time at the limit per series id. */
export function stitchPieces(
  pieces: PoolPieces,
  query: SeriesQuery,
  boundary: number,
  dayOf: (time: number) => number,
): Map<number, { coverage: CapacityCoverage; pressure: CapacityPressure }> {
  const ids = new Set(pieces.flatMap((part) => [...part.keys()]))
  const out = new Map<number, { coverage: CapacityCoverage; pressure: CapacityPressure }>()
  for (const id of ids)
    out.set(
      id,
      stitch(
        pieces.map((part) => part.get(id)).filter((p) => p !== undefined),
        query,
        boundary,
        dayOf,
      ),
    )
  return out
}

/** The parts of one series in time order -> its coverage, gaps and time at or near the limit. */
function stitch(
  parts: PartSummary[],
  query: SeriesQuery,
  boundary: number,
  dayOf: (time: number) => number,
): { coverage: CapacityCoverage; pressure: CapacityPressure } {
  const gaps: Gap[] = []
  let gapCount = 0
  let coveredMs = 0
  let first: number | null = null
  let last: number | null = null
  let atOrAbove90Ms = 0
  const full: FullRun[] = []
  const gap = (g: Gap, front = false): void => {
    if (front) gaps.unshift(g)
    else gaps.push(g)
    gapCount++
  }
  for (const part of parts) {
    if (part.count === 0) continue
    if (last !== null && part.first > last) gap({ from: last, to: part.first })
    gaps.push(...part.gaps)
    gapCount += part.gapCount
    coveredMs += part.count * part.unit
    first ??= part.first
    last = Math.max(last ?? -Infinity, part.last + part.unit)
    atOrAbove90Ms += part.hot * part.unit
    full.push(...part.full)
  }
  if (first === null) gap({ from: query.from, to: query.to })
  else {
    if (first > query.from) gap({ from: query.from, to: first }, true)
    if (last !== null && last < query.to) gap({ from: last, to: query.to })
  }
  const span = query.to - query.from
  const covered = Math.min(coveredMs, span)
  const coverage: CapacityCoverage = {
    from: query.from,
    to: query.to,
    coveredMs: covered,
    ratio: span > 0 ? covered / span : 0,
    resolution: resolutionOf(first, last, boundary),
    gaps: longestGaps(gaps),
    gapCount,
  }
  return { coverage, pressure: { ...fullStretches(full, dayOf), atOrAbove90Ms } }
}

/** The MAX_GAPS longest gaps, longest first (earliest first among equals). */
export function longestGaps(gaps: readonly Gap[]): Gap[] {
  return [...gaps].sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from).slice(0, MAX_GAPS)
}

/** Full runs in time order -> time full, full stretches (a full period right after another continues it) and days. */
export function fullStretches(full: readonly FullRun[], dayOf: (time: number) => number): Omit<CapacityPressure, 'atOrAbove90Ms'> {
  let fullMs = 0
  let fullEpisodes = 0
  let fullEnd = Number.NaN
  const fullDays = new Set<number>()
  for (const run of full) {
    fullMs += run.end - run.at
    if (run.at !== fullEnd) fullEpisodes++
    fullEnd = run.end
    fullDays.add(dayOf(run.at))
  }
  return { fullMs, fullEpisodes, fullDays: fullDays.size }
}

/** Appends a full period to `runs`, continuing the last run when it follows it in the same day. */
function addFull(runs: FullRun[], at: number, unit: number, dayOf: (time: number) => number): void {
  const run = runs.at(-1)
  if (run !== undefined && run.end === at && dayOf(run.at) === dayOf(at)) run.end = at + unit
  else runs.push({ at, end: at + unit })
}

/** A stored rollup level over [from, to) for every series: per-day counts through the series index, hot and full rows through the hot index. */
function stored(
  db: DatabaseSync,
  table: 'rollup_minute' | 'rollup_hour',
  unit: number,
  from: number,
  to: number,
  series: SqlPart,
  dayOf: (time: number) => number,
): Map<number, PartSummary> {
  const out = new Map<number, PartSummary>()
  if (to <= from) return out
  // Only a count per series and day: a day holding every whole period of its span has no gap and
  // its first and last rows are known; the few others are read row by row.
  const days = db
    .prepare(
      `SELECT s.id AS series_id, max(d.start, ?) AS lo, min(d.next, ?) AS hi, count(*) AS n
      FROM series s CROSS JOIN ${DAYS_TABLE} d CROSS JOIN ${table} r INDEXED BY ${table}_series
        ON r.series_id = s.id AND r.at >= max(d.start, ?) AND r.at < min(d.next, ?)
      WHERE d.start < ? AND d.next > ? AND ${series.sql} GROUP BY s.id, d.start ORDER BY s.id, d.start`,
    )
    .all(from, to, from, to, to, from, ...series.params) as { series_id: number; lo: number; hi: number; n: number }[]
  const rowsOf = db.prepare(`SELECT at FROM ${table} INDEXED BY ${table}_series WHERE series_id = ? AND at >= ? AND at < ? ORDER BY at`)
  for (const day of days) {
    let ats: number[]
    const firstSlot = Math.ceil(day.lo / unit) * unit
    const slots = (Math.ceil(day.hi / unit) * unit - firstSlot) / unit
    if (day.n === slots) ats = [firstSlot, firstSlot + (slots - 1) * unit]
    else ats = (rowsOf.all(day.series_id, day.lo, day.hi) as { at: number }[]).map((row) => row.at)
    let part = out.get(day.series_id)
    if (!part) {
      part = { unit, count: 0, first: ats[0] ?? day.lo, last: ats[0] ?? day.lo, hot: 0, gaps: [], gapCount: 0, full: [] }
      out.set(day.series_id, part)
    }
    // A full day's two ends stand for all its rows: consecutive, so no gap between them.
    let previous = part.count > 0 ? part.last : null
    for (const at of day.n === slots ? [ats[0] ?? day.lo] : ats) {
      if (previous !== null && at > previous + unit) {
        part.gaps.push({ from: previous + unit, to: at })
        part.gapCount++
      }
      previous = at
    }
    part.count += day.n
    part.last = ats.at(-1) ?? part.last
  }
  const hot = db
    .prepare(
      `SELECT s.id AS series_id, count(*) AS n FROM series s CROSS JOIN ${table} r INDEXED BY ${table}_hot
        ON r.series_id = s.id AND r.at >= ? AND r.at < ? AND ${HOT} WHERE ${series.sql} GROUP BY s.id`,
    )
    .all(from, to, ...series.params) as { series_id: number; n: number }[]
  for (const row of hot) {
    const part = out.get(row.series_id)
    if (part) part.hot = row.n
  }
  const full = db
    .prepare(
      `SELECT s.id AS series_id, r.at FROM series s CROSS JOIN ${table} r INDEXED BY ${table}_hot
        ON r.series_id = s.id AND r.at >= ? AND r.at < ? AND ${HOT} AND r.max_used >= r.lim WHERE ${series.sql} ORDER BY s.id, r.at`,
    )
    .all(from, to, ...series.params) as { series_id: number; at: number }[]
  for (const row of full) {
    const part = out.get(row.series_id)
    if (part) addFull(part.full, row.at, unit, dayOf)
  }
  return out
}

/** Rows grouped on the fly (not rolled up yet): few, so read as rows. */
function fresh(db: DatabaseSync, source: SqlPart, unit: number, dayOf: (time: number) => number): Map<number, PartSummary> {
  const out = new Map<number, PartSummary>()
  const rows = db.prepare(`SELECT series_id, at, max_used, lim FROM (${source.sql}) ORDER BY series_id, at`).all(...source.params) as {
    series_id: number
    at: number
    max_used: number
    lim: number | null
  }[]
  for (const row of rows) {
    let part = out.get(row.series_id)
    if (!part) {
      part = { unit, count: 0, first: row.at, last: row.at, hot: 0, gaps: [], gapCount: 0, full: [] }
      out.set(row.series_id, part)
    }
    if (part.count > 0 && row.at > part.last + unit) {
      part.gaps.push({ from: part.last + unit, to: row.at })
      part.gapCount++
    }
    part.count++
    part.last = row.at
    // Integer arithmetic: used >= 90 % of lim without rounding a fraction.
    if (row.lim !== null && row.lim > 0 && row.max_used * 10 >= row.lim * 9) {
      part.hot++
      if (row.max_used >= row.lim) addFull(part.full, row.at, unit, dayOf)
    }
  }
  return out
}

/** Which levels the data found actually came from (hours before `boundary`, minutes after). */
function resolutionOf(first: number | null, last: number | null, boundary: number): CapacityCoverage['resolution'] {
  if (first === null || last === null) return 'none'
  if (first >= boundary) return 'minute'
  return last <= boundary ? 'hour' : 'mixed'
}

/** Start of the per-minute level: the oldest minute rollup, else the oldest raw sample (nothing rolled up yet). */
export function earliestMinute(db: DatabaseSync): number | null {
  const row = db.prepare('SELECT coalesce((SELECT min(at) FROM rollup_minute), (SELECT min(at) FROM samples)) AS v').get() as {
    v: number | null
  }
  return row.v
}

// How full the pool was, and how much of the period the history covers, for
// one machine and product. Read at the finest level the history still keeps:
// per-minute rows (stored rollups, or grouped on the fly from raw samples)
// where they exist, per-hour rollups before that (retention has dropped the
// minutes there). SQL does the scanning and returns only gaps and the periods
// at or above 90 %, so a year costs one pass over its hours, not a JS loop.
import type { DatabaseSync } from 'node:sqlite'
import { readMark } from '../history/marks.ts'
import { HOUR_MS, MINUTE_MS } from '../history/periods.ts'
import { usageSource, type SqlPart } from '../history/usage-source.ts'
import type { CapacityCoverage, CapacityPressure } from '../types/index.ts'

export interface PairQuery {
  machine: string
  productId: number
  from: number
  to: number
}

const MAX_GAPS = 20

/** The pool's time at or near its limit, and the coverage of the period. */
export function poolTime(
  db: DatabaseSync,
  query: PairQuery,
  dayOf: (time: number) => number,
): { coverage: CapacityCoverage; pressure: CapacityPressure } {
  const { sql, params, boundary } = finestRows(db, query)
  const covered = db
    .prepare(`SELECT coalesce(sum(unit), 0) AS ms, min(at) AS first, max(at + unit) AS last FROM (${sql})`)
    .get(...params) as { ms: number; first: number | null; last: number | null }
  const inner = db
    .prepare(
      `
    SELECT prev AS gap_from, at AS gap_to FROM (SELECT at, lag(at + unit) OVER (ORDER BY at) AS prev FROM (${sql}))
    WHERE at > prev ORDER BY at`,
    )
    .all(...params) as { gap_from: number; gap_to: number }[]
  const gaps = inner.map((g) => ({ from: g.gap_from, to: g.gap_to }))
  if (covered.first === null) gaps.push({ from: query.from, to: query.to })
  else {
    if (covered.first > query.from) gaps.unshift({ from: query.from, to: covered.first })
    if (covered.last !== null && covered.last < query.to) gaps.push({ from: covered.last, to: query.to })
  }
  const span = query.to - query.from
  const coveredMs = Math.min(covered.ms, span)
  const coverage: CapacityCoverage = {
    from: query.from,
    to: query.to,
    coveredMs,
    ratio: span > 0 ? coveredMs / span : 0,
    resolution: resolutionOf(covered.first, covered.last, boundary),
    gaps: [...gaps].sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from).slice(0, MAX_GAPS),
    gapCount: gaps.length,
  }
  // Integer arithmetic: used >= 90 % of lim without rounding a fraction.
  const hot = db
    .prepare(`SELECT at, unit, max_used, lim FROM (${sql}) WHERE lim IS NOT NULL AND lim > 0 AND max_used * 10 >= lim * 9 ORDER BY at`)
    .all(...params) as { at: number; unit: number; max_used: number; lim: number }[]
  return { coverage, pressure: pressureOf(hot, dayOf) }
}

/** Periods at or above 90 % in time order -> time at 90 %, time full, full stretches and days. */
export function pressureOf(
  hot: readonly { at: number; unit: number; max_used: number; lim: number }[],
  dayOf: (time: number) => number,
): CapacityPressure {
  let atOrAbove90Ms = 0
  let fullMs = 0
  let fullEpisodes = 0
  let fullEnd = Number.NaN
  const fullDays = new Set<number>()
  for (const row of hot) {
    atOrAbove90Ms += row.unit
    if (row.max_used < row.lim) continue
    fullMs += row.unit
    // A full period right after another full one continues the same stretch.
    if (row.at !== fullEnd) fullEpisodes++
    fullEnd = row.at + row.unit
    fullDays.add(dayOf(row.at))
  }
  return { atOrAbove90Ms, fullMs, fullEpisodes, fullDays: fullDays.size }
}

/**
 * The pair's rows as (at, unit, max_used, lim): per-hour rows before the
 * first whole hour that has per-minute data, per-minute rows from there on.
 */
function finestRows(db: DatabaseSync, query: PairQuery): SqlPart & { boundary: number } {
  const series: SqlPart = { sql: `server = '' AND machine = ? AND product_id = ?`, params: [query.machine, query.productId] }
  const marks = { minuteDone: readMark(db, 'minute_done'), hourDone: readMark(db, 'hour_done'), series }
  const firstMinute = earliestMinute(db)
  const boundary = firstMinute === null ? query.to : Math.min(query.to, Math.max(query.from, Math.ceil(firstMinute / HOUR_MS) * HOUR_MS))
  const parts: SqlPart[] = []
  if (boundary > query.from) parts.push(withUnit(usageSource('hour', { ...marks, from: query.from, to: boundary }), HOUR_MS))
  if (boundary < query.to) parts.push(withUnit(usageSource('minute', { ...marks, from: boundary, to: query.to }), MINUTE_MS))
  return { sql: parts.map((p) => p.sql).join(' UNION ALL '), params: parts.flatMap((p) => p.params), boundary }
}

/** Which levels the data found actually came from (hours before `boundary`, minutes after). */
function resolutionOf(first: number | null, last: number | null, boundary: number): CapacityCoverage['resolution'] {
  if (first === null || last === null) return 'none'
  if (first >= boundary) return 'minute'
  return last <= boundary ? 'hour' : 'mixed'
}

function withUnit(part: SqlPart, unit: number): SqlPart {
  return { sql: `SELECT at, ${unit} AS unit, max_used, lim FROM (${part.sql})`, params: part.params }
}

/** Start of the per-minute level: the oldest minute rollup, else the oldest raw sample (nothing rolled up yet). */
function earliestMinute(db: DatabaseSync): number | null {
  const row = db.prepare('SELECT coalesce((SELECT min(at) FROM rollup_minute), (SELECT min(at) FROM samples)) AS v').get() as {
    v: number | null
  }
  return row.v
}

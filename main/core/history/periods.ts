// Period grouping shared by the rollups and the queries, so a rollup stored by
// retention and one computed on the fly for the newest minutes are the same SQL.
//
// Every level has the same columns: at (period start, ms), series_id, n,
// sum_used, min_used, max_used, max_at (earliest time the peak was reached),
// lim (highest limit seen), covered_ms (time covered by answered polls).
// avg = sum_used / n stays exact at every level.
//
// Only answered polls count: a stale sample (its servers did not answer, the
// numbers are the last answer's) adds to no sum, minimum or peak, and lowers
// its minute's coverage. A period without any answered poll has no row: the
// outage shows as a gap, never as the last value repeated.

import { localPeriodSql } from './zone-periods.ts'

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

export type Granularity = 'raw' | 'minute' | 'hour' | 'day'

/**
 * Hours and days of a named zone (zone-periods.ts) instead of UTC hours and
 * SQLite's 'localtime' days; `notBefore`: no period starts before it (the
 * first local hour after older UTC-hour rows is cut there, so periods never overlap).
 */
export interface LocalPeriods {
  zone: string
  notBefore?: number
}

/** Raw samples in the rollup shape (stale ones with n = 0 and no value); `where` filters the samples table (alias-free). */
export function rawAsRollup(where: string): string {
  const answered = (value: string) => `CASE WHEN stale = 0 THEN ${value} END`
  return `SELECT at, series_id, 1 - stale AS n, ${answered('used')} AS sum_used, ${answered('used')} AS min_used, ${answered('used')} AS max_used,
    ${answered('at')} AS max_at, lim, ${answered(String(MINUTE_MS))} AS covered_ms FROM samples WHERE ${where}`
}

/**
 * SQL for the start of the period that contains `at`. Without `local`, days
 * are SQLite's 'localtime' days (the process's zone, DST included) and hours
 * are UTC hours; with it, the zone's own hours and days.
 */
export function periodStartSql(granularity: Exclude<Granularity, 'raw'>, local?: LocalPeriods): string {
  if (local !== undefined && granularity !== 'minute') {
    const start = localPeriodSql(granularity, local.zone)
    return local.notBefore === undefined ? start : `max(${start}, ${String(Math.trunc(local.notBefore))})`
  }
  switch (granularity) {
    case 'minute':
      return `(at / ${MINUTE_MS}) * ${MINUTE_MS}`
    case 'hour':
      return `(at / ${HOUR_MS}) * ${HOUR_MS}`
    case 'day':
      return `CAST(strftime('%s', date(at / 1000, 'unixepoch', 'localtime'), 'utc') AS INTEGER) * 1000`
  }
}

/**
 * Groups rows of `source` (rollup shape) into periods. The peak's time is the
 * earliest among equal peaks, picked by a window (a bare column beside max()
 * would take an arbitrary one of the ties).
 */
export function groupSql(source: string, granularity: Exclude<Granularity, 'raw'>, local?: LocalPeriods): string {
  // From raw samples a minute is covered by the share of its polls answered; coarser periods add up their parts.
  const covered = granularity === 'minute' ? `CAST(coalesce(avg(coalesce(covered_ms, 0)) OVER w, 0) AS INTEGER)` : 'sum(covered_ms) OVER w'
  return `SELECT p AS at, series_id, n, sum_used, min_used, max_used, max_at, lim, covered_ms FROM (
    SELECT series_id, p, max_at,
      sum(n) OVER w AS n, sum(sum_used) OVER w AS sum_used, min(min_used) OVER w AS min_used,
      max(max_used) OVER w AS max_used, max(lim) OVER w AS lim, ${covered} AS covered_ms,
      row_number() OVER (PARTITION BY series_id, p ORDER BY max_used DESC, max_at) AS rn
    FROM (SELECT *, ${periodStartSql(granularity, local)} AS p FROM (${source}))
    WINDOW w AS (PARTITION BY series_id, p)
  ) WHERE rn = 1 AND n > 0`
}

/** Start of the period after the one starting at `start` (ms). */
export function periodEnd(granularity: Granularity, start: number): number {
  switch (granularity) {
    case 'raw':
      return start
    case 'minute':
      return start + MINUTE_MS
    case 'hour':
      return start + HOUR_MS
    case 'day': {
      const next = new Date(start)
      next.setDate(next.getDate() + 1)
      return next.getTime()
    }
  }
}

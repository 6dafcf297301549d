// Who held the licenses of one machine and product over a period: license-
// hours, peak concurrent licenses, first and last seen, per user, client
// machine, group or session kind. Read from the holdings table with SQL.
//
// A holding counts from its start (the server's retain time when known) to
// its end, or to the last recorded poll while still held, clipped to the
// period. Time during which its server did not answer (holding gaps, or an
// open holding that is unknown since some moment) is not counted as held:
// nothing is known about it, and it is never filled in.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { readMark } from '../history/marks.ts'
import type { HolderUsage } from '../types/index.ts'
import type { PairQuery } from './pool-time.ts'

export const HOUR = 3_600_000

/** A grouping key as SQL over the holdings columns (user_name, client_machine, session_type, state), with its parameters. */
export interface HolderKey {
  sql: string
  params: SQLInputValue[]
}

export const BY_USER: HolderKey = { sql: `coalesce(user_name, '(unknown)')`, params: [] }
export const BY_CLIENT_MACHINE: HolderKey = { sql: `coalesce(client_machine, '(unknown)')`, params: [] }
export const BY_SESSION_KIND: HolderKey = { sql: `coalesce(session_type, '(unknown)')`, params: [] }

/** The session states 4D reports for a session that holds a license without working. */
export const IDLE_STATES = ['sleeping', 'postponed'] as const
export const IDLE_FILTER = `state IN ('sleeping', 'postponed')`

export interface HolderQuery extends PairQuery {
  /** An extra condition on the holdings (e.g. IDLE_FILTER). */
  where?: string
  /** Largest first, at most this many (default: all). */
  limit?: number
}

/** The pair's holdings clipped to the period, with the time held (ms) net of unknown stretches. */
function clippedHoldings(db: DatabaseSync, query: HolderQuery, key: HolderKey): { sql: string; params: SQLInputValue[] } {
  const asOf = readMark(db, 'last_record_at') ?? query.to
  const start = 'min(coalesce(retained_at, start_at), start_at)'
  const sql = `
    SELECT k, s, e, (e - s)
      - (SELECT coalesce(sum(max(0, min(g.to_at, e) - max(g.from_at, s))), 0) FROM holding_gaps g WHERE g.holding_id = c.id)
      - CASE WHEN end_at IS NULL AND unknown_since IS NOT NULL THEN max(0, e - max(unknown_since, s)) ELSE 0 END AS ms
    FROM (
      SELECT id, end_at, unknown_since, ${key.sql} AS k, max(${start}, ?) AS s, min(coalesce(end_at, ?), ?) AS e
      FROM holdings
      WHERE machine = ? AND product_id = ? AND ${start} < ? AND (end_at IS NULL OR end_at > ?) AND ${query.where ?? '1'}
    ) c WHERE e > s`
  return { sql, params: [...key.params, query.from, asOf, query.to, query.machine, query.productId, query.to, query.from] }
}

/** License-hours, peak concurrent licenses, first and last seen per key, largest license-hours first. */
export function holderUsage(db: DatabaseSync, query: HolderQuery, key: HolderKey): HolderUsage[] {
  const held = clippedHoldings(db, query, key)
  // Releases sort before retains at the same instant: a license handed over is not two at once.
  const sql = `
    WITH h AS (${held.sql}),
    totals AS (SELECT k, sum(ms) AS ms, min(s) AS first, max(e) AS last, count(*) AS n FROM h GROUP BY k),
    events AS (SELECT k, s AS t, 1 AS d FROM h UNION ALL SELECT k, e AS t, -1 AS d FROM h),
    peaks AS (SELECT k, max(c) AS peak FROM (SELECT k, sum(d) OVER (PARTITION BY k ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c FROM events) GROUP BY k)
    SELECT totals.k, ms, first, last, n, peak FROM totals JOIN peaks ON peaks.k = totals.k
    ORDER BY ms DESC, totals.k LIMIT ?`
  const rows = db.prepare(sql).all(...held.params, query.limit ?? -1) as {
    k: string
    ms: number
    first: number
    last: number
    n: number
    peak: number
  }[]
  return rows.map((row) => ({
    key: row.k,
    licenseHours: row.ms / HOUR,
    peakConcurrent: row.peak,
    firstSeen: row.first,
    lastSeen: row.last,
    holdings: row.n,
  }))
}

/** License-hours of the pair's holdings in the period (optionally only those matching `where`). */
export function licenseHours(db: DatabaseSync, query: HolderQuery): number {
  const held = clippedHoldings(db, query, { sql: `''`, params: [] })
  const row = db.prepare(`SELECT coalesce(sum(ms), 0) AS ms FROM (${held.sql})`).get(...held.params) as { ms: number }
  return row.ms / HOUR
}

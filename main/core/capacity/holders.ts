// Who held the licenses of each machine and product over a period: license-
// hours, peak concurrent licenses, first and last seen, per user, client
// machine, group or session kind. Read from the holdings table with SQL, for
// one pool or every pool in the same pass.
//
// A holding counts from its start (the server's retain time when known) to
// its end, or to the last recorded poll while still held, clipped to the
// period. Time during which its server did not answer (holding gaps, or an
// open holding that is unknown since some moment) is not counted as held:
// nothing is known about it, and it is never filled in.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { readMark } from '../history/marks.ts'
import type { HolderUsage } from '../types/index.ts'

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

export interface HolderQuery {
  from: number
  to: number
  /** One pool (machine and product); absent: every pool at once. */
  machine?: string
  productId?: number
  /** An extra condition on the holdings (e.g. IDLE_FILTER). */
  where?: string
  /** Largest first, at most this many per pool (default: all). */
  limit?: number
}

/** Key of a pool in the maps below. */
export function poolKey(machine: string, productId: number): string {
  return `${machine}\u0000${String(productId)}`
}

/** The holdings clipped to the period, with their pool, key and time held (ms) net of unknown stretches. */
function clippedHoldings(db: DatabaseSync, query: HolderQuery, key: HolderKey, withIdle = false): { sql: string; params: SQLInputValue[] } {
  const asOf = readMark(db, 'last_record_at') ?? query.to
  const start = 'min(coalesce(retained_at, start_at), start_at)'
  const pool = query.machine !== undefined && query.productId !== undefined ? [query.machine, query.productId] : []
  // Every pool at once: read the period from an index that holds what is needed (the planner, without
  // statistics, would rather walk holdings_pool whole for the GROUP BY order and visit every row).
  const index = pool.length > 0 ? '' : query.where === IDLE_FILTER ? 'INDEXED BY holdings_idle' : 'INDEXED BY holdings_period'
  const sql = `
    SELECT machine, product_id, k, ${withIdle ? 'idle,' : ''} s, e, (e - s)
      - (SELECT coalesce(sum(max(0, min(g.to_at, e) - max(g.from_at, s))), 0) FROM holding_gaps g WHERE g.holding_id = c.id)
      - CASE WHEN end_at IS NULL AND unknown_since IS NOT NULL THEN max(0, e - max(unknown_since, s)) ELSE 0 END AS ms
    FROM (
      SELECT id, machine, product_id, end_at, unknown_since, ${key.sql} AS k, ${withIdle ? `${IDLE_FILTER} AS idle,` : ''}
        max(${start}, ?) AS s, min(coalesce(end_at, ?), ?) AS e
      FROM holdings ${index}
      WHERE ${pool.length > 0 ? 'machine = ? AND product_id = ? AND' : ''} ${start} < ? AND (end_at IS NULL OR end_at > ?) AND ${query.where ?? '1'}
    ) c WHERE e > s`
  return { sql, params: [...key.params, query.from, asOf, query.to, ...pool, query.to, query.from] }
}

/** License-hours, peak concurrent licenses, first and last seen per pool and key, largest license-hours first. */
export function holderUsage(db: DatabaseSync, query: HolderQuery, key: HolderKey): Map<string, HolderUsage[]> {
  const held = clippedHoldings(db, query, key)
  // Releases sort before retains at the same instant: a license handed over is not two at once.
  const sql = `
    WITH h AS (${held.sql}),
    totals AS (SELECT machine, product_id, k, sum(ms) AS ms, min(s) AS first, max(e) AS last, count(*) AS n FROM h GROUP BY machine, product_id, k),
    events AS (SELECT machine, product_id, k, s AS t, 1 AS d FROM h UNION ALL SELECT machine, product_id, k, e AS t, -1 AS d FROM h),
    peaks AS (
      SELECT machine, product_id, k, max(c) AS peak FROM (
        SELECT machine, product_id, k, sum(d) OVER (PARTITION BY machine, product_id, k ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c FROM events
      ) GROUP BY machine, product_id, k),
    ranked AS (
      SELECT totals.*, peak, row_number() OVER (PARTITION BY totals.machine, totals.product_id ORDER BY ms DESC, totals.k) AS rank
      FROM totals JOIN peaks USING (machine, product_id, k))
    SELECT machine, product_id, k, ms, first, last, n, peak FROM ranked WHERE ? < 0 OR rank <= ?
    ORDER BY machine, product_id, rank`
  const limit = query.limit ?? -1
  const rows = db.prepare(sql).all(...held.params, limit, limit) as {
    machine: string
    product_id: number
    k: string
    ms: number
    first: number
    last: number
    n: number
    peak: number
  }[]
  const out = new Map<string, HolderUsage[]>()
  for (const row of rows) {
    const pool = poolKey(row.machine, row.product_id)
    const list = out.get(pool) ?? []
    list.push({
      key: row.k,
      licenseHours: row.ms / HOUR,
      peakConcurrent: row.peak,
      firstSeen: row.first,
      lastSeen: row.last,
      holdings: row.n,
    })
    out.set(pool, list)
  }
  return out
}

/** Per pool and key (largest first): held ms, and the part of it held by idle sessions. One pass, no peaks. */
export function heldMsBy(db: DatabaseSync, query: HolderQuery, key: HolderKey): Map<string, { key: string; ms: number; idleMs: number }[]> {
  const held = clippedHoldings(db, query, key, true)
  const rows = db
    .prepare(
      // Summed by idle state first, so each holding's time (and its gaps subquery) is computed once, not per use.
      `SELECT machine, product_id, k, sum(ms) AS ms, sum(CASE WHEN idle THEN ms ELSE 0 END) AS idle_ms FROM (
        SELECT machine, product_id, k, idle, sum(ms) AS ms FROM (${held.sql}) GROUP BY machine, product_id, k, idle
      ) GROUP BY machine, product_id, k ORDER BY machine, product_id, ms DESC, k`,
    )
    .all(...held.params) as { machine: string; product_id: number; k: string; ms: number; idle_ms: number }[]
  const out = new Map<string, { key: string; ms: number; idleMs: number }[]>()
  for (const row of rows) {
    const pool = poolKey(row.machine, row.product_id)
    const list = out.get(pool) ?? []
    list.push({ key: row.k, ms: row.ms, idleMs: row.idle_ms })
    out.set(pool, list)
  }
  return out
}

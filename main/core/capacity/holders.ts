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

/** The holdings clipped to the period, with their pool, keys (k0, k1, ...) and time held (ms) net of unknown stretches. */
function clippedHoldings(
  db: DatabaseSync,
  query: HolderQuery,
  keys: readonly HolderKey[],
  withIdle = false,
): { sql: string; params: SQLInputValue[] } {
  const asOf = readMark(db, 'last_record_at') ?? query.to
  const start = 'min(coalesce(retained_at, start_at), start_at)'
  const pool = query.machine !== undefined && query.productId !== undefined ? [query.machine, query.productId] : []
  // Every pool at once: read the period from an index that holds what is needed (the planner, without
  // statistics, would rather walk holdings_pool whole for the GROUP BY order and visit every row).
  const index = pool.length > 0 ? '' : query.where === IDLE_FILTER ? 'INDEXED BY holdings_idle' : 'INDEXED BY holdings_period'
  const keyColumns = keys.map((key, i) => `${key.sql} AS k${String(i)},`).join(' ')
  const keyNames = keys.map((_, i) => `k${String(i)},`).join(' ')
  const sql = `
    SELECT machine, product_id, ${keyNames} ${withIdle ? 'idle,' : ''} s, e, (e - s)
      - (SELECT coalesce(sum(max(0, min(g.to_at, e) - max(g.from_at, s))), 0) FROM holding_gaps g WHERE g.holding_id = c.id)
      - CASE WHEN end_at IS NULL AND unknown_since IS NOT NULL THEN max(0, e - max(unknown_since, s)) ELSE 0 END AS ms
    FROM (
      SELECT id, machine, product_id, end_at, unknown_since, ${keyColumns} ${withIdle ? `${IDLE_FILTER} AS idle,` : ''}
        max(${start}, ?) AS s, min(coalesce(end_at, ?), ?) AS e
      FROM holdings ${index}
      WHERE ${pool.length > 0 ? 'machine = ? AND product_id = ? AND' : ''} ${start} < ? AND (end_at IS NULL OR end_at > ?) AND ${query.where ?? '1'}
    ) c WHERE e > s`
  return { sql, params: [...keys.flatMap((key) => key.params), query.from, asOf, query.to, ...pool, query.to, query.from] }
}

/** License-hours, peak concurrent licenses, first and last seen per pool and key, largest license-hours first. */
export function holderUsage(db: DatabaseSync, query: HolderQuery, key: HolderKey): Map<string, HolderUsage[]> {
  const [byKey] = holderUsageBy(db, query, [key])
  return byKey ?? new Map<string, HolderUsage[]>()
}

/**
 * holderUsage for several keys in one statement (e.g. idle users and idle client machines): the
 * period's holdings are clipped once, and the peak concurrency (a window over every retain and
 * release, the costly part) is computed only for the holders that are listed.
 */
export function holderUsageBy(db: DatabaseSync, query: HolderQuery, keys: readonly HolderKey[]): Map<string, HolderUsage[]>[] {
  const held = clippedHoldings(db, query, keys)
  const limit = query.limit ?? -1
  const parts = keys.map((_, i) => {
    const k = `k${String(i)}`
    // Releases sort before retains at the same instant: a license handed over is not two at once.
    return `
    t${k} AS (SELECT machine, product_id, ${k} AS k, sum(ms) AS ms, min(s) AS first, max(e) AS last, count(*) AS n FROM h GROUP BY machine, product_id, ${k}),
    r${k} AS (SELECT * FROM (
      SELECT *, row_number() OVER (PARTITION BY machine, product_id ORDER BY ms DESC, k) AS rank FROM t${k}) WHERE ${String(limit)} < 0 OR rank <= ${String(limit)}),
    l${k} AS (SELECT h.machine, h.product_id, h.${k} AS k, h.s, h.e FROM h JOIN r${k} ON r${k}.machine = h.machine AND r${k}.product_id = h.product_id AND r${k}.k = h.${k}),
    p${k} AS (SELECT machine, product_id, k, max(c) AS peak FROM (
      SELECT machine, product_id, k, sum(d) OVER (PARTITION BY machine, product_id, k ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c
      FROM (SELECT machine, product_id, k, s AS t, 1 AS d FROM l${k} UNION ALL SELECT machine, product_id, k, e AS t, -1 AS d FROM l${k})
    ) GROUP BY machine, product_id, k)`
  })
  const selects = keys.map(
    (_, i) =>
      `SELECT ${String(i)} AS which, r.machine, r.product_id, r.k, r.ms, r.first, r.last, r.n, p.peak, r.rank FROM rk${String(i)} r JOIN pk${String(i)} p USING (machine, product_id, k)`,
  )
  const sql = `WITH h AS MATERIALIZED (${held.sql}), ${parts.join(',')}
    ${selects.join(' UNION ALL ')} ORDER BY which, machine, product_id, rank`
  const rows = db.prepare(sql).all(...held.params) as {
    which: number
    machine: string
    product_id: number
    k: string
    ms: number
    first: number
    last: number
    n: number
    peak: number
  }[]
  const out = keys.map(() => new Map<string, HolderUsage[]>())
  for (const row of rows) {
    const byPool = out[row.which] as Map<string, HolderUsage[]>
    const pool = poolKey(row.machine, row.product_id)
    const list = byPool.get(pool) ?? []
    list.push({
      key: row.k,
      licenseHours: row.ms / HOUR,
      peakConcurrent: row.peak,
      firstSeen: row.first,
      lastSeen: row.last,
      holdings: row.n,
    })
    byPool.set(pool, list)
  }
  return out
}

/** Per pool and key (largest first): held ms, and the part of it held by idle sessions. One pass, no peaks. */
export function heldMsBy(db: DatabaseSync, query: HolderQuery, key: HolderKey): Map<string, { key: string; ms: number; idleMs: number }[]> {
  const held = clippedHoldings(db, query, [key], true)
  const rows = db
    .prepare(
      // Summed by idle state first, so each holding's time (and its gaps subquery) is computed once, not per use.
      `SELECT machine, product_id, k, sum(ms) AS ms, sum(CASE WHEN idle THEN ms ELSE 0 END) AS idle_ms FROM (
        SELECT machine, product_id, k0 AS k, idle, sum(ms) AS ms FROM (${held.sql}) GROUP BY machine, product_id, k0, idle
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

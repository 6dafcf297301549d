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
import type { SqlPart } from '../history/usage-source.ts'
import type { HolderUsage } from '../types/index.ts'
import { DAYS_TABLE } from './period-days.ts'

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

/**
 * The holdings clipped to the period, with their pool, keys (k0, k1, ...) and time held (ms) net of unknown
 * stretches; `cont`: the holding began before the period (so a period just before counted it too). With
 * `perDay`, clipped to each day of DAYS_TABLE inside the period instead, one row per holding and day (`day`).
 */
function clippedHoldings(
  db: DatabaseSync,
  query: HolderQuery,
  keys: readonly HolderKey[],
  withIdle = false,
  perDay = false,
): { sql: string; params: SQLInputValue[] } {
  const asOf = readMark(db, 'last_record_at') ?? query.to
  const start = 'min(coalesce(retained_at, start_at), start_at)'
  const pool = query.machine !== undefined && query.productId !== undefined ? [query.machine, query.productId] : []
  // Every pool at once: read the period from an index that holds what is needed (the planner, without
  // statistics, would rather walk holdings_pool whole for the GROUP BY order and visit every row).
  const index = pool.length > 0 ? '' : query.where === IDLE_FILTER ? 'INDEXED BY holdings_idle' : 'INDEXED BY holdings_period'
  const keyColumns = keys.map((key, i) => `${key.sql} AS k${String(i)},`).join(' ')
  const keyNames = keys.map((_, i) => `k${String(i)},`).join(' ')
  const lo = perDay ? 'd.start' : '?'
  const hi = perDay ? 'd.next' : '?'
  const sql = `
    SELECT machine, product_id, day, ${keyNames} ${withIdle ? 'idle,' : ''} cont, s, e, (e - s)
      - (SELECT coalesce(sum(max(0, min(g.to_at, e) - max(g.from_at, s))), 0) FROM holding_gaps g WHERE g.holding_id = c.id)
      - CASE WHEN end_at IS NULL AND unknown_since IS NOT NULL THEN max(0, e - max(unknown_since, s)) ELSE 0 END AS ms
    FROM (
      SELECT id, machine, product_id, end_at, unknown_since, ${keyColumns} ${withIdle ? `${IDLE_FILTER} AS idle,` : ''}
        ${perDay ? 'd.start' : '0'} AS day, ${start} < ${lo} AS cont, max(${start}, ${lo}) AS s, min(coalesce(end_at, ?), ${hi}) AS e
      FROM holdings ${index} ${perDay ? `CROSS JOIN ${DAYS_TABLE} d` : ''}
      WHERE ${pool.length > 0 ? 'machine = ? AND product_id = ? AND' : ''} ${start} < ? AND (end_at IS NULL OR end_at > ?) AND ${query.where ?? '1'}
        ${perDay ? 'AND d.start < ? AND d.next > ?' : ''}
    ) c WHERE e > s`
  const params: SQLInputValue[] = [...keys.flatMap((key) => key.params)]
  if (perDay) params.push(asOf)
  else params.push(query.from, query.from, asOf, query.to)
  params.push(...pool, query.to, query.from)
  if (perDay) params.push(query.to, query.from)
  return { sql, params }
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
  const usage = holderUsageSql(db, query, keys)
  const rows = db.prepare(usage.sql).all(...usage.params) as unknown as HolderUsageRow[]
  return holderUsageMaps(rows, keys.length)
}

/** One row of holderUsageSql: a holder (key `k` of key number `which`) of a pool, in one day or the whole period (day 0). */
export interface HolderUsageRow {
  which: number
  day: number
  machine: string
  product_id: number
  k: string
  ms: number
  first: number
  last: number
  n: number
  cont: number
  peak: number
}

/** holderUsageBy's rows -> one map per key, pools in row order. */
export function holderUsageMaps(rows: readonly HolderUsageRow[], keys: number): Map<string, HolderUsage[]>[] {
  const out = Array.from({ length: keys }, () => new Map<string, HolderUsage[]>())
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

/**
 * The statement of holderUsageBy, rows ordered by key number, pool and rank. `perDay`: per day of
 * DAYS_TABLE in the period instead (every holder of each day, ranked within it), with `cont`, the holdings
 * a day counts that began before it: what the capacity summaries keep.
 */
export function holderUsageSql(db: DatabaseSync, query: HolderQuery, keys: readonly HolderKey[], perDay = false): SqlPart {
  const held = clippedHoldings(db, query, keys, false, perDay)
  const limit = query.limit ?? -1
  const parts = keys.map((_, i) => {
    const k = `k${String(i)}`
    // Releases sort before retains at the same instant: a license handed over is not two at once.
    return `
    t${k} AS (SELECT day, machine, product_id, ${k} AS k, sum(ms) AS ms, min(s) AS first, max(e) AS last, count(*) AS n, sum(cont) AS cont
      FROM h GROUP BY day, machine, product_id, ${k}),
    r${k} AS (SELECT * FROM (
      SELECT *, row_number() OVER (PARTITION BY day, machine, product_id ORDER BY ms DESC, k) AS rank FROM t${k}) WHERE ${String(limit)} < 0 OR rank <= ${String(limit)}),
    l${k} AS (SELECT h.day, h.machine, h.product_id, h.${k} AS k, h.s, h.e FROM h
      JOIN r${k} ON r${k}.day = h.day AND r${k}.machine = h.machine AND r${k}.product_id = h.product_id AND r${k}.k = h.${k}),
    p${k} AS (SELECT day, machine, product_id, k, max(c) AS peak FROM (
      SELECT day, machine, product_id, k, sum(d) OVER (PARTITION BY day, machine, product_id, k ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c
      FROM (SELECT day, machine, product_id, k, s AS t, 1 AS d FROM l${k} UNION ALL SELECT day, machine, product_id, k, e AS t, -1 AS d FROM l${k})
    ) GROUP BY day, machine, product_id, k)`
  })
  const selects = keys.map(
    (_, i) =>
      `SELECT ${String(i)} AS which, r.day, r.machine, r.product_id, r.k, r.ms, r.first, r.last, r.n, r.cont, p.peak, r.rank
      FROM rk${String(i)} r JOIN pk${String(i)} p USING (day, machine, product_id, k)`,
  )
  const sql = `WITH h AS MATERIALIZED (${held.sql}), ${parts.join(',')}
    ${selects.join(' UNION ALL ')} ORDER BY which, day, machine, product_id, rank`
  return { sql, params: held.params }
}

/** Per pool and key (largest first): held ms, and the part of it held by idle sessions. One pass, no peaks. */
export function heldMsBy(db: DatabaseSync, query: HolderQuery, key: HolderKey): Map<string, { key: string; ms: number; idleMs: number }[]> {
  const held = heldMsSql(db, query, key)
  const rows = db.prepare(held.sql).all(...held.params) as { machine: string; product_id: number; k: string; ms: number; idle_ms: number }[]
  const out = new Map<string, { key: string; ms: number; idleMs: number }[]>()
  for (const row of rows) {
    const pool = poolKey(row.machine, row.product_id)
    const list = out.get(pool) ?? []
    list.push({ key: row.k, ms: row.ms, idleMs: row.idle_ms })
    out.set(pool, list)
  }
  return out
}

/** The statement of heldMsBy (rows: day, machine, product_id, k, ms, idle_ms); `perDay`: per day of DAYS_TABLE, as holderUsageSql. */
export function heldMsSql(db: DatabaseSync, query: HolderQuery, key: HolderKey, perDay = false): SqlPart {
  const held = clippedHoldings(db, query, [key], true, perDay)
  // Summed by idle state first, so each holding's time (and its gaps subquery) is computed once, not per use.
  const sql = `SELECT day, machine, product_id, k, sum(ms) AS ms, sum(CASE WHEN idle THEN ms ELSE 0 END) AS idle_ms FROM (
      SELECT day, machine, product_id, k0 AS k, idle, sum(ms) AS ms FROM (${held.sql}) GROUP BY day, machine, product_id, k0, idle
    ) GROUP BY day, machine, product_id, k ORDER BY day, machine, product_id, ms DESC, k`
  return { sql, params: held.params }
}

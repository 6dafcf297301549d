// The holder figures of a capacity period (session kinds with their idle
// part, the idle users and idle client machines with their peaks), read from
// the holdings, or stitched from the per-day summaries of the days that have
// one and the holdings for the rest. Stitched figures are the same numbers:
// held time adds up over days; first and last seen are a min and a max; a
// peak of concurrent holdings is the max of the days' peaks (an instant lies
// in one day); a holding counted in several pieces is counted once (each
// piece but the first takes away those it shares with the piece before, the
// holdings that began before it). Ranking and sums stay in SQL, so ties order
// as SQLite orders them.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { HolderUsage } from '../types/index.ts'
import { summaryZone, SUMMARY_USED, type PeriodPiece } from './day-summaries.ts'
import {
  BY_CLIENT_MACHINE,
  BY_SESSION_KIND,
  BY_USER,
  heldMsBy,
  heldMsSql,
  holderUsageBy,
  holderUsageMaps,
  holderUsageSql,
  IDLE_FILTER,
  poolKey,
  type HolderUsageRow,
} from './holders.ts'

export interface HolderPeriod {
  from: number
  to: number
  machine?: string
  productId?: number
  /** Idle holders listed per pool. */
  top: number
}

export interface PeriodHolders {
  kinds: Map<string, { key: string; ms: number; idleMs: number }[]>
  idleUsers: Map<string, HolderUsage[]>
  idleClients: Map<string, HolderUsage[]>
}

/** Session kinds, idle users and idle client machines per pool; `pieces` null: straight from the holdings. */
export function periodHolders(db: DatabaseSync, query: HolderPeriod, pieces: readonly PeriodPiece[] | null): PeriodHolders {
  const holders = { from: query.from, to: query.to, machine: query.machine, productId: query.productId }
  if (pieces === null) {
    const [idleUsers, idleClients] = holderUsageBy(db, { ...holders, where: IDLE_FILTER, limit: query.top }, [
      BY_USER,
      BY_CLIENT_MACHINE,
    ]) as [Map<string, HolderUsage[]>, Map<string, HolderUsage[]>]
    return { kinds: heldMsBy(db, holders, BY_SESSION_KIND), idleUsers, idleClients }
  }
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS capacity_piece_holders (grain TEXT NOT NULL, machine TEXT NOT NULL, product_id INTEGER NOT NULL,
    k TEXT NOT NULL, ms INTEGER NOT NULL, idle_ms INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, n INTEGER NOT NULL,
    cont INTEGER NOT NULL, peak INTEGER NOT NULL)`)
  db.exec('DELETE FROM temp.capacity_piece_holders')
  for (const piece of pieces) {
    if (piece.summarised) continue
    const range = { ...holders, from: piece.from, to: piece.to }
    // The first piece shares no holding with a piece before it.
    const first = piece.from === query.from ? 1 : 0
    const kinds = heldMsSql(db, range, BY_SESSION_KIND)
    db.prepare(
      `INSERT INTO temp.capacity_piece_holders SELECT 'kind', machine, product_id, k, ms, idle_ms, 0, 0, 0, 0, 0 FROM (${kinds.sql})`,
    ).run(...kinds.params)
    const idle = holderUsageSql(db, { ...range, where: IDLE_FILTER }, [BY_USER, BY_CLIENT_MACHINE])
    db.prepare(
      `INSERT INTO temp.capacity_piece_holders SELECT CASE which WHEN 0 THEN 'idle-user' ELSE 'idle-client' END, machine, product_id, k,
        ms, ms, first, last, n, CASE WHEN ? THEN 0 ELSE cont END, peak FROM (${idle.sql})`,
    ).run(first, ...idle.params)
  }
  const pool = query.machine !== undefined && query.productId !== undefined
  /** The pieces' rows and the summarised days' rows of some grains (a condition inside each side, so the summaries are read by key). */
  const all = (grains: string): { sql: string; params: SQLInputValue[] } => ({
    sql: `SELECT grain, machine, product_id, k, ms, idle_ms, first, last, n, cont, peak FROM temp.capacity_piece_holders WHERE grain IN (${grains})
      UNION ALL
      SELECT h.grain, h.machine, h.product_id, h.k, h.ms, h.idle_ms, h.first, h.last, h.n, CASE WHEN h.day = ? THEN 0 ELSE h.cont END, h.peak
      FROM ${SUMMARY_USED} u CROSS JOIN capacity_summary_holders h ON h.zone = ? AND h.day = u.day AND h.grain IN (${grains})
      ${pool ? 'WHERE h.machine = ? AND h.product_id = ?' : ''}`,
    params: [query.from, summaryZone(), ...(pool ? [query.machine ?? '', query.productId ?? 0] : [])],
  })
  const kindsOf = all(`'kind'`)
  const idleOf = all(`'idle-user', 'idle-client'`)
  const kindRows = db
    .prepare(
      `SELECT machine, product_id, k, sum(ms) AS ms, sum(idle_ms) AS idle_ms FROM (${kindsOf.sql})
      GROUP BY machine, product_id, k ORDER BY machine, product_id, ms DESC, k`,
    )
    .all(...kindsOf.params) as { machine: string; product_id: number; k: string; ms: number; idle_ms: number }[]
  const kinds = new Map<string, { key: string; ms: number; idleMs: number }[]>()
  for (const row of kindRows) {
    const key = poolKey(row.machine, row.product_id)
    const list = kinds.get(key) ?? []
    list.push({ key: row.k, ms: row.ms, idleMs: row.idle_ms })
    kinds.set(key, list)
  }
  const idleRows = db
    .prepare(
      `SELECT which, 0 AS day, machine, product_id, k, ms, first, last, n, 0 AS cont, peak FROM (
        SELECT *, row_number() OVER (PARTITION BY which, machine, product_id ORDER BY ms DESC, k) AS rank FROM (
          SELECT CASE grain WHEN 'idle-user' THEN 0 ELSE 1 END AS which, machine, product_id, k, sum(ms) AS ms, min(first) AS first,
            max(last) AS last, sum(n) - sum(cont) AS n, max(peak) AS peak
          FROM (${idleOf.sql}) GROUP BY grain, machine, product_id, k))
      WHERE ? < 0 OR rank <= ? ORDER BY which, machine, product_id, rank`,
    )
    .all(...idleOf.params, query.top, query.top) as unknown as HolderUsageRow[]
  const [idleUsers, idleClients] = holderUsageMaps(idleRows, 2) as [Map<string, HolderUsage[]>, Map<string, HolderUsage[]>]
  return { kinds, idleUsers, idleClients }
}

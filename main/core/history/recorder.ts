// Records snapshots into the history: one sample per machine and product
// (and per server when a machine has several), and license holdings derived
// from the token sets of successive snapshots. One transaction per call.
//
// Holdings: a retain (server, token, retain time, session; see
// holding-identity.ts) that appears opens a holding; one that disappears from
// an answering server closes it ('released'); a token that now names another
// retain or session closes it ('server-restarted' or 'replaced', at the last
// poll that saw it) and opens a new one. A server that is not up says nothing
// about its licenses, so its open holdings are marked unknown from that
// moment: if the same retain is back when the server answers again the
// holding goes on (the gap is kept), if it is gone it is closed as 'unknown'
// at the time the server stopped answering.
//
// Time the monitor was not recording (closed, asleep) is treated the same way:
// nothing is known about it, so when recording resumes every open holding is
// unknown from the last recorded poll on.
//
// The open holdings are read from the file once and then kept in memory, as
// this recorder writes them (reading 10,000 of them back on every record was
// most of a record's cost: bench:history). Another connection's commit (PRAGMA
// data_version moves) or a failed transaction makes the next record read them
// again.
import type { DatabaseSync } from 'node:sqlite'
import type { LicenseHeld, ProductUsage, Snapshot } from '../types/index.ts'
import { inTransaction } from './db.ts'
import { planServerHoldings, type OpenHoldingIdentity, type SeenRetain, type UnknownCause } from './holding-identity.ts'
import { readMark } from './marks.ts'

export interface RecordSummary {
  at: number
  samples: number
  opened: number
  closed: number
}

export interface Recorder {
  record(snapshot: Snapshot, at?: number): RecordSummary
}

export interface RecorderOptions {
  /**
   * A record more than this long after the last recorded poll resumes after
   * a pause (default: never; the running history passes 3 poll intervals).
   * The first record after opening always resumes: the app was not running.
   */
  resumeAfterMs?: number
}

interface OpenHoldingDb {
  id: number
  server: string
  token: number
  retained_at: number | null
  session_key: string | null
  unknown_since: number | null
  last_seen_at: number | null
  unknown_cause: UnknownCause | null
}

interface SeenLicense extends SeenRetain {
  machine: string
  product: ProductUsage
  license: LicenseHeld
}

export function createRecorder(db: DatabaseSync, now: () => number = Date.now, options: RecorderOptions = {}): Recorder {
  const statements = prepare(db)
  const seriesIds = new Map<string, { id: number; name: string }>()
  const resumeAfterMs = options.resumeAfterMs ?? Number.POSITIVE_INFINITY
  let firstRecord = true
  /** Open holdings by server as the file has them after this recorder's last commit; null: read them again. */
  let openKept: Map<string, OpenHoldingIdentity[]> | null = null
  let keptAtVersion: number | null = null

  function dataVersion(): number {
    return (statements.dataVersion.get() as { data_version: number }).data_version
  }

  /** The open holdings: kept in memory while no other connection has written the file since. */
  function openHoldings(): Map<string, OpenHoldingIdentity[]> {
    const version = dataVersion()
    if (openKept === null || version !== keptAtVersion) {
      openKept = openHoldingsByServer()
      keptAtVersion = version
    }
    return openKept
  }

  /** After a pause, open holdings become unknown from the last recorded poll, as if their server had stopped answering then. */
  function markPause(at: number, last: number | null): void {
    if (last === null || at <= last) return
    if (!firstRecord && at - last <= resumeAfterMs) return
    statements.markPaused.run(last, last)
    for (const holdings of openKept?.values() ?? []) {
      for (const holding of holdings) {
        if (holding.unknownSince !== null) continue
        holding.unknownSince = last
        holding.lastSeenAt = last
        holding.unknownCause = 'not-recording'
      }
    }
  }

  function seriesId(machine: string, server: string, productId: number, productName: string): number {
    const key = `${machine}\u0000${server}\u0000${productId}`
    const known = seriesIds.get(key)
    if (known && known.name === productName) return known.id
    const row = statements.upsertSeries.get(machine, server, productId, productName) as { id: number }
    seriesIds.set(key, { id: row.id, name: productName })
    return row.id
  }

  function recordSamples(snapshot: Snapshot, at: number): number {
    let count = 0
    for (const machine of snapshot.machines) {
      for (const product of machine.products) {
        const stale = product.stale ? 1 : 0
        const { productId, productName, limit, remaining, status } = product
        statements.insertSample.run(
          at,
          seriesId(machine.machine, '', productId, productName),
          product.used,
          limit,
          remaining,
          status,
          stale,
          productName,
        )
        count++
        // A single server's share is the machine total: storing it twice would only double the file.
        if (machine.servers.length < 2) continue
        for (const share of product.shares) {
          statements.insertSample.run(
            at,
            seriesId(machine.machine, share.server, productId, productName),
            share.used,
            limit,
            remaining,
            status,
            stale,
            productName,
          )
          count++
        }
      }
    }
    return count
  }

  function recordHoldings(snapshot: Snapshot, at: number, previousAt: number | null): { opened: number; closed: number } {
    const up = new Set(snapshot.servers.filter((server) => server.status === 'up').map((server) => server.name))
    const seen = currentLicenses(snapshot, up)
    const open = openHoldings()
    let opened = 0
    let closed = 0
    for (const [server, holdings] of open) {
      if (up.has(server)) continue
      // The last poll that saw them was the previous one: they were not unknown then.
      for (const holding of holdings) {
        if (holding.unknownSince !== null) continue
        statements.markUnknown.run(at, previousAt ?? at, holding.id)
        holding.unknownSince = at
        holding.lastSeenAt = previousAt ?? at
        holding.unknownCause = 'server-down'
      }
    }
    for (const server of up) {
      const holdings = open.get(server) ?? []
      const licenses = seen.get(server) ?? []
      if (holdings.length === 0 && licenses.length === 0) continue
      const marked = statements.maxToken.get(server) as { max_token: number } | undefined
      const plan = planServerHoldings({ open: holdings, seen: licenses, maxToken: marked?.max_token ?? null, at, previousAt })
      // Ends before opens: the token of an ended holding may be the new one's (one open holding per server and token).
      for (const end of plan.ended) statements.close.run(end.at, end.reason, end.holding.id)
      for (const { holding, license } of plan.continued) continueHolding(holding, license, at)
      // Every open holding either goes on or ends: what stays open is the continued ones (in id order) and the new ones.
      const stillOpen = plan.continued.map(({ holding }) => holding)
      for (const license of plan.opened) stillOpen.push(openHolding(license, at))
      if (stillOpen.length === 0) open.delete(server)
      else open.set(server, stillOpen)
      if (plan.maxToken !== null && plan.maxToken !== marked?.max_token) statements.setMaxToken.run(server, plan.maxToken)
      opened += plan.opened.length
      closed += plan.ended.length
    }
    return { opened, closed }
  }

  function openHoldingsByServer(): Map<string, OpenHoldingIdentity[]> {
    const byServer = new Map<string, OpenHoldingIdentity[]>()
    for (const row of statements.openHoldings.all() as unknown as OpenHoldingDb[]) {
      const list = byServer.get(row.server) ?? []
      list.push({
        id: row.id,
        token: row.token,
        retainedAt: row.retained_at,
        sessionKey: row.session_key,
        unknownSince: row.unknown_since,
        lastSeenAt: row.last_seen_at,
        unknownCause: row.unknown_cause,
      })
      byServer.set(row.server, list)
    }
    return byServer
  }

  function continueHolding(holding: OpenHoldingIdentity, seen: SeenLicense, at: number): void {
    if (holding.unknownSince !== null) {
      statements.insertGap.run(holding.id, holding.unknownSince, at)
      statements.clearUnknown.run(holding.id)
      holding.unknownSince = null
      holding.lastSeenAt = null
      holding.unknownCause = null
    }
    // A row without a session key or retain time (older history) takes them from the answer, so a later change shows.
    if ((holding.sessionKey === null && seen.sessionKey !== null) || (holding.retainedAt === null && seen.retainedAt !== null)) {
      statements.completeIdentity.run(seen.retainedAt, seen.sessionKey, holding.id)
      holding.retainedAt ??= seen.retainedAt
      holding.sessionKey ??= seen.sessionKey
    }
  }

  function openHolding({ machine, product, license, retainedAt, sessionKey }: SeenLicense, at: number): OpenHoldingIdentity {
    const { lastInsertRowid } = statements.openHolding.run(
      license.server,
      machine,
      license.token,
      product.productId,
      product.productName,
      license.userName,
      license.sessionType,
      license.clientMachine,
      license.ipAddress,
      license.hostType,
      license.state,
      license.reason,
      retainedAt,
      sessionKey,
      at,
    )
    const id = Number(lastInsertRowid)
    return { id, token: license.token, retainedAt, sessionKey, unknownSince: null, lastSeenAt: null, unknownCause: null }
  }

  return {
    record(snapshot, at = now()) {
      try {
        const summary = inTransaction(db, () => {
          const previousAt = readMark(db, 'last_record_at')
          markPause(at, previousAt)
          const samples = recordSamples(snapshot, at)
          statements.markRecorded.run(at)
          return { at, samples, ...recordHoldings(snapshot, at, previousAt) }
        })
        firstRecord = false
        return summary
      } catch (error) {
        // Series created in the rolled-back transaction are gone: their cached ids would now point nowhere.
        seriesIds.clear()
        // The holdings kept in memory took this record's changes, which the file did not keep.
        openKept = null
        throw error
      }
    },
  }
}

/** Licenses of answering servers only, per server and token: a down server's last payload is old news. */
function currentLicenses(snapshot: Snapshot, up: Set<string>): Map<string, SeenLicense[]> {
  const seen = new Map<string, Map<number, SeenLicense>>()
  for (const machine of snapshot.machines) {
    for (const product of machine.products) {
      for (const license of product.licenses) {
        if (!up.has(license.server)) continue
        let tokens = seen.get(license.server)
        if (tokens === undefined) seen.set(license.server, (tokens = new Map<number, SeenLicense>()))
        const retainedAt = license.since === null ? null : Date.parse(license.since)
        tokens.set(license.token, {
          machine: machine.machine,
          product,
          license,
          token: license.token,
          retainedAt: Number.isFinite(retainedAt) ? retainedAt : null,
          sessionKey: license.sessionKey ?? null,
        })
      }
    }
  }
  return new Map([...seen].map(([server, tokens]) => [server, [...tokens.values()]]))
}

function prepare(db: DatabaseSync) {
  return {
    upsertSeries: db.prepare(
      `INSERT INTO series (machine, server, product_id, product_name) VALUES (?, ?, ?, ?)
       ON CONFLICT (machine, server, product_id) DO UPDATE SET product_name = excluded.product_name RETURNING id`,
    ),
    // REPLACE: recording the same snapshot time twice keeps one sample.
    insertSample: db.prepare(
      'INSERT OR REPLACE INTO samples (at, series_id, used, lim, remaining, status, stale, product_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    markRecorded: db.prepare(
      `INSERT INTO meta (key, value) VALUES ('last_record_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
    dataVersion: db.prepare('PRAGMA data_version'),
    openHoldings: db.prepare(
      'SELECT id, server, token, retained_at, session_key, unknown_since, last_seen_at, unknown_cause FROM holdings WHERE end_at IS NULL ORDER BY id',
    ),
    markUnknown: db.prepare(`UPDATE holdings SET unknown_since = ?, last_seen_at = ?, unknown_cause = 'server-down' WHERE id = ?`),
    // Holdings already unknown keep their earlier time and cause: the server stopped answering before the pause.
    markPaused: db.prepare(
      `UPDATE holdings SET unknown_since = ?, last_seen_at = ?, unknown_cause = 'not-recording' WHERE end_at IS NULL AND unknown_since IS NULL`,
    ),
    clearUnknown: db.prepare('UPDATE holdings SET unknown_since = NULL, last_seen_at = NULL, unknown_cause = NULL WHERE id = ?'),
    completeIdentity: db.prepare(
      'UPDATE holdings SET retained_at = coalesce(retained_at, ?), session_key = coalesce(session_key, ?) WHERE id = ?',
    ),
    maxToken: db.prepare('SELECT max_token FROM server_tokens WHERE server = ?'),
    setMaxToken: db.prepare(
      'INSERT INTO server_tokens (server, max_token) VALUES (?, ?) ON CONFLICT (server) DO UPDATE SET max_token = excluded.max_token',
    ),
    insertGap: db.prepare('INSERT OR REPLACE INTO holding_gaps (holding_id, from_at, to_at) VALUES (?, ?, ?)'),
    close: db.prepare('UPDATE holdings SET end_at = ?, end_reason = ?, unknown_since = NULL, unknown_cause = NULL WHERE id = ?'),
    openHolding: db.prepare(
      `INSERT INTO holdings (server, machine, token, product_id, product_name, user_name, session_type, client_machine,
         ip_address, host_type, state, reason, retained_at, session_key, start_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  }
}

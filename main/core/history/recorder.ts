// Records snapshots into the history: one sample per machine and product
// (and per server when a machine has several), and license holdings derived
// from the token sets of successive snapshots. One transaction per call.
//
// Holdings: a (server, token) that appears opens a holding; one that
// disappears from an answering server closes it ('released'). A server that
// is not up says nothing about its licenses, so its open holdings are marked
// unknown from that moment: if the token is back when the server answers
// again the holding goes on (the gap is kept), if it is gone it is closed as
// 'unknown' at the time the server stopped answering.
//
// Time the monitor was not recording (closed, asleep) is treated the same way:
// nothing is known about it, so when recording resumes every open holding is
// unknown from the last recorded poll on.
import type { DatabaseSync } from 'node:sqlite'
import type { LicenseHeld, ProductUsage, Snapshot } from '../types/index.ts'
import { inTransaction } from './db.ts'
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

interface OpenHolding {
  id: number
  server: string
  token: number
  unknown_since: number | null
}

interface SeenLicense {
  machine: string
  product: ProductUsage
  license: LicenseHeld
}

export function createRecorder(db: DatabaseSync, now: () => number = Date.now, options: RecorderOptions = {}): Recorder {
  const statements = prepare(db)
  const seriesIds = new Map<string, { id: number; name: string }>()
  const resumeAfterMs = options.resumeAfterMs ?? Number.POSITIVE_INFINITY
  let firstRecord = true

  /** After a pause, open holdings become unknown from the last recorded poll, as if their server had stopped answering then. */
  function markPause(at: number): void {
    const last = readMark(db, 'last_record_at')
    if (last === null || at <= last) return
    if (firstRecord || at - last > resumeAfterMs) statements.markPaused.run(last)
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
        statements.insertSample.run(at, seriesId(machine.machine, '', productId, productName), product.used, limit, remaining, status, stale)
        count++
        // A single server's share is the machine total: storing it twice would only double the file.
        if (machine.servers.length < 2) continue
        for (const share of product.shares) {
          statements.insertSample.run(at, seriesId(machine.machine, share.server, productId, productName), share.used, limit, remaining, status, stale)
          count++
        }
      }
    }
    return count
  }

  function recordHoldings(snapshot: Snapshot, at: number): { opened: number; closed: number } {
    const up = new Set(snapshot.servers.filter((server) => server.status === 'up').map((server) => server.name))
    const seen = currentLicenses(snapshot, up)
    let closed = 0
    for (const holding of statements.openHoldings.all() as unknown as OpenHolding[]) {
      const key = holdingKey(holding.server, holding.token)
      if (!up.has(holding.server)) {
        if (holding.unknown_since === null) statements.markUnknown.run(at, holding.id)
        continue
      }
      const stillHeld = seen.delete(key)
      if (stillHeld) {
        if (holding.unknown_since !== null) {
          statements.insertGap.run(holding.id, holding.unknown_since, at)
          statements.clearUnknown.run(holding.id)
        }
      } else if (holding.unknown_since !== null) {
        statements.close.run(holding.unknown_since, 'unknown', holding.id)
        closed++
      } else {
        statements.close.run(at, 'released', holding.id)
        closed++
      }
    }
    for (const { machine, product, license } of seen.values()) {
      const retainedAt = license.since === null ? null : Date.parse(license.since)
      statements.openHolding.run(
        license.server, machine, license.token, product.productId, product.productName,
        license.userName, license.sessionType, license.clientMachine, license.ipAddress, license.hostType,
        license.state, license.reason, Number.isFinite(retainedAt) ? retainedAt : null, at,
      )
    }
    return { opened: seen.size, closed }
  }

  return {
    record(snapshot, at = now()) {
      try {
        const summary = inTransaction(db, () => {
          markPause(at)
          const samples = recordSamples(snapshot, at)
          statements.markRecorded.run(at)
          return { at, samples, ...recordHoldings(snapshot, at) }
        })
        firstRecord = false
        return summary
      } catch (error) {
        // Series created in the rolled-back transaction are gone: their cached ids would now point nowhere.
        seriesIds.clear()
        throw error
      }
    },
  }
}

/** Licenses of answering servers only: a down server's last payload is old news. */
function currentLicenses(snapshot: Snapshot, up: Set<string>): Map<string, SeenLicense> {
  const seen = new Map<string, SeenLicense>()
  for (const machine of snapshot.machines) {
    for (const product of machine.products) {
      for (const license of product.licenses) {
        if (up.has(license.server)) seen.set(holdingKey(license.server, license.token), { machine: machine.machine, product, license })
      }
    }
  }
  return seen
}

function holdingKey(server: string, token: number): string {
  return `${server}\u0000${token}`
}

function prepare(db: DatabaseSync) {
  return {
    upsertSeries: db.prepare(
      `INSERT INTO series (machine, server, product_id, product_name) VALUES (?, ?, ?, ?)
       ON CONFLICT (machine, server, product_id) DO UPDATE SET product_name = excluded.product_name RETURNING id`,
    ),
    // REPLACE: recording the same snapshot time twice keeps one sample.
    insertSample: db.prepare('INSERT OR REPLACE INTO samples (at, series_id, used, lim, remaining, status, stale) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    markRecorded: db.prepare(`INSERT INTO meta (key, value) VALUES ('last_record_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    openHoldings: db.prepare('SELECT id, server, token, unknown_since FROM holdings WHERE end_at IS NULL'),
    markUnknown: db.prepare('UPDATE holdings SET unknown_since = ? WHERE id = ?'),
    // Holdings already unknown keep their earlier time: the server stopped answering before the pause.
    markPaused: db.prepare('UPDATE holdings SET unknown_since = ? WHERE end_at IS NULL AND unknown_since IS NULL'),
    clearUnknown: db.prepare('UPDATE holdings SET unknown_since = NULL WHERE id = ?'),
    insertGap: db.prepare('INSERT OR REPLACE INTO holding_gaps (holding_id, from_at, to_at) VALUES (?, ?, ?)'),
    close: db.prepare('UPDATE holdings SET end_at = ?, end_reason = ?, unknown_since = NULL WHERE id = ?'),
    openHolding: db.prepare(
      `INSERT INTO holdings (server, machine, token, product_id, product_name, user_name, session_type, client_machine,
         ip_address, host_type, state, reason, retained_at, start_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  }
}

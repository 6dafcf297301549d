// Recording snapshots: samples per machine, product and server, and license
// holdings across releases and server outages, on a real file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { holdingsInRange } from '../../../main/core/history/queries.ts'
import { createRecorder, type Recorder } from '../../../main/core/history/recorder.ts'
import { openHistoryStore } from '../../../main/core/history/store.ts'
import { holdingRows } from '../../../main/core/export/export-rows.ts'
import { snapshot, type LicenseSpec, type ServerSpec } from './snapshots.ts'

let dir: string
let history: HistoryDb
let recorder: Recorder

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-rec-'))
  history = openHistory(dir)
  recorder = createRecorder(history.db)
})
afterEach(() => {
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

const up = (status: ServerSpec['status'] = 'up'): ServerSpec[] => [
  { name: 'Accounting', machine: 'srv-01', status },
  { name: 'Sales', machine: 'srv-02' },
]

function holdings(): Record<string, unknown>[] {
  return history.db.prepare('SELECT server, token, start_at, end_at, end_reason, unknown_since FROM holdings ORDER BY id').all() as Record<
    string,
    unknown
  >[]
}
function gaps(): unknown[] {
  return history.db.prepare('SELECT holding_id, from_at, to_at FROM holding_gaps ORDER BY holding_id, from_at').all()
}

describe('samples', () => {
  it('stores used, limit, remaining, status per machine and product, plus each server share on a machine with several servers', () => {
    const servers: ServerSpec[] = [
      { name: 'A1', machine: 'srv-01' },
      { name: 'A2', machine: 'srv-01' },
      { name: 'B', machine: 'srv-02' },
    ]
    const licenses: LicenseSpec[] = [
      { server: 'A1', token: 1 },
      { server: 'A2', token: 2 },
      { server: 'A2', token: 3 },
      { server: 'B', token: 4 },
      { server: 'B', token: 5, productId: 2 },
    ]
    const summary = recorder.record(snapshot(servers, licenses, 3), 10_000)
    const rows = history.db
      .prepare(
        `
      SELECT se.machine, se.server, se.product_id, s.used, s.lim, s.remaining, s.status, s.stale
      FROM samples s JOIN series se ON se.id = s.series_id WHERE s.at = 10000 ORDER BY se.machine, se.product_id, se.server`,
      )
      .all()
    expect(rows).toEqual([
      { machine: 'srv-01', server: '', product_id: 1, used: 3, lim: 3, remaining: 0, status: 'exhausted', stale: 0 },
      { machine: 'srv-01', server: 'A1', product_id: 1, used: 1, lim: 3, remaining: 0, status: 'exhausted', stale: 0 },
      { machine: 'srv-01', server: 'A2', product_id: 1, used: 2, lim: 3, remaining: 0, status: 'exhausted', stale: 0 },
      { machine: 'srv-02', server: '', product_id: 1, used: 1, lim: 3, remaining: 2, status: 'ok', stale: 0 },
      { machine: 'srv-02', server: '', product_id: 2, used: 1, lim: 3, remaining: 2, status: 'ok', stale: 0 },
    ])
    expect(summary).toEqual({ at: 10_000, samples: 5, opened: 5, closed: 0 })
  })

  it('recording the same time twice keeps one sample per series', () => {
    const snap = snapshot(up(), [{ server: 'Accounting', token: 1 }])
    recorder.record(snap, 5000)
    recorder.record(snap, 5000)
    expect(history.db.prepare('SELECT count(*) AS n FROM samples').get()).toEqual({ n: 2 })
    expect(history.db.prepare('SELECT count(*) AS n FROM holdings').get()).toEqual({ n: 1 })
  })

  it('a failing record call leaves nothing behind (one transaction)', () => {
    const snap = snapshot(up(), [{ server: 'Accounting', token: 1 }])
    // A product name that is not text breaks the series insert after the first sample was written.
    const broken = structuredClone(snap)
    broken.machines[1]!.products[0]!.productName = null as unknown as string
    expect(() => recorder.record(broken, 5000)).toThrow()
    expect(history.db.prepare('SELECT count(*) AS n FROM samples').get()).toEqual({ n: 0 })
    expect(history.db.prepare('SELECT count(*) AS n FROM holdings').get()).toEqual({ n: 0 })
    expect(history.db.isTransaction).toBe(false)
    recorder.record(snap, 10_000)
    expect(history.db.prepare('SELECT count(*) AS n FROM samples').get()).toEqual({ n: 2 })
  })
})

describe('holdings', () => {
  it('opens when a token appears and closes as released at the first poll without it', () => {
    recorder.record(snapshot(up(), [{ server: 'Accounting', token: 1 }]), 1000)
    recorder.record(
      snapshot(up(), [
        { server: 'Accounting', token: 1 },
        { server: 'Sales', token: 1 },
      ]),
      2000,
    )
    recorder.record(snapshot(up(), [{ server: 'Sales', token: 1 }]), 3000)
    expect(holdings()).toEqual([
      { server: 'Accounting', token: 1, start_at: 1000, end_at: 3000, end_reason: 'released', unknown_since: null },
      { server: 'Sales', token: 1, start_at: 2000, end_at: null, end_reason: null, unknown_since: null },
    ])
  })

  it('keeps who held it: user, session type, client machine, IP, product, server, retain time', () => {
    recorder.record(snapshot(up(), [{ server: 'Sales', token: 42, productId: 2, user: 'maria', since: '2026-11-28T09:14:40.002Z' }]), 1000)
    expect(history.db.prepare('SELECT * FROM holdings').get()).toMatchObject({
      server: 'Sales',
      machine: 'srv-02',
      token: 42,
      product_id: 2,
      product_name: '4D SQL Server',
      user_name: 'maria',
      session_type: 'remote',
      client_machine: 'PC-42',
      ip_address: '10.0.0.42',
      host_type: 'windows',
      state: 'active',
      retained_at: Date.parse('2026-11-28T09:14:40.002Z'),
      start_at: 1000,
    })
  })

  it('a server that goes down marks its holdings unknown; the token back afterwards continues the holding, with the gap kept', () => {
    const held = [
      { server: 'Accounting', token: 1 },
      { server: 'Sales', token: 9 },
    ]
    recorder.record(snapshot(up(), held), 1000)
    // Down: its stale payload still lists token 1, and even an empty list must not count as released.
    recorder.record(snapshot(up('down'), held), 2000)
    recorder.record(snapshot(up('down'), [{ server: 'Sales', token: 9 }]), 3000)
    expect(holdings()[0]).toEqual({ server: 'Accounting', token: 1, start_at: 1000, end_at: null, end_reason: null, unknown_since: 2000 })
    recorder.record(snapshot(up(), held), 4000)
    expect(holdings()).toEqual([
      { server: 'Accounting', token: 1, start_at: 1000, end_at: null, end_reason: null, unknown_since: null },
      { server: 'Sales', token: 9, start_at: 1000, end_at: null, end_reason: null, unknown_since: null },
    ])
    expect(gaps()).toEqual([{ holding_id: 1, from_at: 2000, to_at: 4000 }])
    const [row] = [...holdingsInRange(history.db, 0, 10_000)]
    expect(row).toMatchObject({ token: 1, durationMs: 3000, unknownMs: 2000, endReason: null })
  })

  it('a token gone when its server is back is closed as unknown at the time the server went down', () => {
    recorder.record(
      snapshot(up(), [
        { server: 'Accounting', token: 1 },
        { server: 'Accounting', token: 2 },
      ]),
      1000,
    )
    recorder.record(
      snapshot(up('stale'), [
        { server: 'Accounting', token: 1 },
        { server: 'Accounting', token: 2 },
      ]),
      2000,
    )
    recorder.record(snapshot(up('down'), []), 3000)
    recorder.record(snapshot(up(), [{ server: 'Accounting', token: 2 }]), 4000)
    expect(holdings()).toEqual([
      { server: 'Accounting', token: 1, start_at: 1000, end_at: 2000, end_reason: 'unknown', unknown_since: null },
      { server: 'Accounting', token: 2, start_at: 1000, end_at: null, end_reason: null, unknown_since: null },
    ])
    expect(gaps()).toEqual([{ holding_id: 2, from_at: 2000, to_at: 4000 }])
  })

  it('a token that appears on a server only while it was down is opened when the server answers', () => {
    recorder.record(snapshot(up('down'), [{ server: 'Accounting', token: 5 }]), 1000)
    expect(holdings()).toEqual([])
    recorder.record(snapshot(up(), [{ server: 'Accounting', token: 5 }]), 2000)
    expect(holdings()).toEqual([{ server: 'Accounting', token: 5, start_at: 2000, end_at: null, end_reason: null, unknown_since: null }])
  })

  it('holdings survive reopening the file: a restart does not re-open or lose them', () => {
    recorder.record(snapshot(up(), [{ server: 'Accounting', token: 1 }]), 1000)
    history.close()
    history = openHistory(dir)
    recorder = createRecorder(history.db)
    recorder.record(snapshot(up(), [{ server: 'Accounting', token: 1 }]), 2000)
    recorder.record(snapshot(up(), []), 3000)
    expect(holdings()).toEqual([
      { server: 'Accounting', token: 1, start_at: 1000, end_at: 3000, end_reason: 'released', unknown_since: null },
    ])
  })
})

describe('holdings across time the monitor was not recording', () => {
  const held = [
    { server: 'Accounting', token: 1 },
    { server: 'Sales', token: 9 },
  ]

  /** Closes the file and opens it again as a restarted app would, its clock at `restartAt`. */
  function restart(restartAt: number) {
    history.close()
    const store = openHistoryStore(dir, { now: () => restartAt })
    history = { db: store.db, file: store.file, notice: store.notice, backup: store.backup, close: store.close }
    return store
  }

  it('a token still held after a restart continues, with the closed time kept as unknown', () => {
    recorder.record(snapshot(up(), held), 1000)
    recorder.record(snapshot(up(), held), 2000)
    const store = restart(3_602_000)
    store.record(
      snapshot(up(), [
        { server: 'Accounting', token: 1 },
        { server: 'Sales', token: 9 },
      ]),
    )
    expect(holdings()).toEqual([
      { server: 'Accounting', token: 1, start_at: 1000, end_at: null, end_reason: null, unknown_since: null },
      { server: 'Sales', token: 9, start_at: 1000, end_at: null, end_reason: null, unknown_since: null },
    ])
    expect(gaps()).toEqual([
      { holding_id: 1, from_at: 2000, to_at: 3_602_000 },
      { holding_id: 2, from_at: 2000, to_at: 3_602_000 },
    ])
    const [row] = [...holdingsInRange(history.db, 0, 4_000_000)]
    expect(row).toMatchObject({ token: 1, endReason: null, durationMs: 3_601_000, unknownMs: 3_600_000 })
  })

  it('a token gone after a restart is closed as unknown at the last poll before it, not released at the restart', () => {
    recorder.record(snapshot(up(), held), 1000)
    recorder.record(snapshot(up(), held), 2000)
    const store = restart(3_602_000)
    store.record(snapshot(up(), [{ server: 'Sales', token: 9 }]))
    expect(holdings()).toEqual([
      { server: 'Accounting', token: 1, start_at: 1000, end_at: 2000, end_reason: 'unknown', unknown_since: null },
      { server: 'Sales', token: 9, start_at: 1000, end_at: null, end_reason: null, unknown_since: null },
    ])
    const exported = [...holdingRows(history.db, { from: 0, to: 4_000_000, granularity: 'raw' })]
    expect(exported.map((row) => [row.server, row.to, row.endReason])).toEqual([
      ['Accounting', 2000, 'unknown'],
      ['Sales', null, 'still-held'],
    ])
  })

  it('a holding whose server was already down before the restart stays unknown from the earlier time', () => {
    recorder.record(snapshot(up(), held), 1000)
    recorder.record(snapshot(up('down'), held), 2000)
    const store = restart(60_000)
    store.record(snapshot(up('down'), held))
    expect(holdings()[0]).toMatchObject({ token: 1, end_at: null, unknown_since: 2000 })
    expect(holdings()[1]).toMatchObject({ token: 9, end_at: null, unknown_since: null })
    expect(gaps()).toEqual([{ holding_id: 2, from_at: 2000, to_at: 60_000 }])
    store.record(snapshot(up(), []), 65_000)
    expect(holdings()[0]).toMatchObject({ token: 1, end_at: 2000, end_reason: 'unknown' })
    expect(holdings()[1]).toMatchObject({ token: 9, end_at: 65_000, end_reason: 'released' })
  })

  it('a pause longer than resumeAfterMs while open is a gap; polls closer together are not', () => {
    recorder = createRecorder(history.db, Date.now, { resumeAfterMs: 3000 })
    recorder.record(snapshot(up(), held), 1000)
    recorder.record(snapshot(up(), held), 2000)
    recorder.record(snapshot(up(), held), 5000)
    expect(gaps()).toEqual([])
    recorder.record(snapshot(up(), [{ server: 'Sales', token: 9 }]), 5000 + 3001)
    expect(holdings()[0]).toMatchObject({ token: 1, end_at: 5000, end_reason: 'unknown' })
    expect(gaps()).toEqual([{ holding_id: 2, from_at: 5000, to_at: 8001 }])
    recorder.record(snapshot(up(), []), 9000)
    expect(holdings()[1]).toMatchObject({ token: 9, end_at: 9000, end_reason: 'released' })
    expect(gaps()).toHaveLength(1)
  })

  it('the first record of a new history has nothing to resume', () => {
    const store = restart(5000)
    store.record(snapshot(up(), held))
    expect(holdings()).toHaveLength(2)
    expect(gaps()).toEqual([])
  })
})

describe('holding identity (hand-built answers)', () => {
  const accounting: ServerSpec[] = [{ name: 'Accounting', machine: 'srv-01' }]
  const at = (minute: number): number => Date.parse('2026-11-28T09:00:00Z') + minute * 60_000
  const iso = (minute: number): string => new Date(at(minute)).toISOString()

  function rows(): Record<string, unknown>[] {
    return history.db
      .prepare('SELECT token, user_name, session_key, start_at, end_at, end_reason FROM holdings ORDER BY id')
      .all() as Record<string, unknown>[]
  }

  it('keeps the session key; the same retain naming another session ends as replaced at the last poll that saw it', () => {
    recorder.record(snapshot(accounting, [{ server: 'Accounting', token: 4, user: 'ana', since: iso(0), sessionKey: 'k1' }]), at(1))
    recorder.record(snapshot(accounting, [{ server: 'Accounting', token: 4, user: 'ana', since: iso(0), sessionKey: 'k1' }]), at(2))
    recorder.record(snapshot(accounting, [{ server: 'Accounting', token: 4, user: 'rui', since: iso(0), sessionKey: 'k2' }]), at(3))
    expect(rows()).toEqual([
      { token: 4, user_name: 'ana', session_key: 'k1', start_at: at(1), end_at: at(2), end_reason: 'replaced' },
      { token: 4, user_name: 'rui', session_key: 'k2', start_at: at(3), end_at: null, end_reason: null },
    ])
  })

  it('every holding replaced at once after a down period is a restart, even with higher new tokens', () => {
    recorder.record(
      snapshot(accounting, [
        { server: 'Accounting', token: 1, since: iso(0) },
        { server: 'Accounting', token: 2, since: iso(0) },
      ]),
      at(1),
    )
    recorder.record(snapshot([{ ...accounting[0]!, status: 'down' }], []), at(2))
    recorder.record(snapshot(accounting, [{ server: 'Accounting', token: 40, since: iso(3) }]), at(4))
    expect(rows().map((row) => [row.token, row.end_at, row.end_reason])).toEqual([
      [1, at(1), 'server-restarted'],
      [2, at(1), 'server-restarted'],
      [40, null, null],
    ])
  })

  it('everyone replaced by higher tokens while the monitor was closed is no restart: the old holdings end as unknown', () => {
    recorder.record(
      snapshot(accounting, [
        { server: 'Accounting', token: 1, since: iso(0) },
        { server: 'Accounting', token: 2, since: iso(0) },
      ]),
      at(1),
    )
    history.close()
    history = openHistory(dir)
    recorder = createRecorder(history.db)
    recorder.record(snapshot(accounting, [{ server: 'Accounting', token: 3, since: iso(600) }]), at(720))
    expect(rows().map((row) => [row.token, row.end_at, row.end_reason])).toEqual([
      [1, at(1), 'unknown'],
      [2, at(1), 'unknown'],
      [3, null, null],
    ])
  })

  it('starts at the retain time when it parses and is not after the first poll; otherwise at the first poll, and says which', () => {
    recorder.record(
      snapshot(accounting, [
        { server: 'Accounting', token: 1, since: iso(-60) },
        { server: 'Accounting', token: 2, since: null },
        { server: 'Accounting', token: 3, since: 'not a time' },
        // Later than the monitor's first sight of it: the server's clock is ahead, so the first poll is the better start.
        { server: 'Accounting', token: 4, since: iso(5) },
      ]),
      at(0),
    )
    const read = [...holdingsInRange(history.db, at(-120), at(10))].map((row) => [row.token, row.start, row.startSource])
    expect(read).toEqual([
      [1, at(-60), 'retain-time'],
      [2, at(0), 'first-poll'],
      [3, at(0), 'first-poll'],
      [4, at(0), 'first-poll'],
    ])
  })
})

// A 4D Server restart seen by the history, end to end: the real monitor polls
// the simulator over real sockets, the recorder writes a real SQLite file, and
// the simulator restarts a server with its token counter reset, so token 1
// comes back held by someone else. The old holding must end, the new one must
// start, and the export must show both.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { holdingsInRange, type HoldingRow } from '../../../main/core/history/queries.ts'
import { createRecorder, type Recorder } from '../../../main/core/history/recorder.ts'
import { exportPlan } from '../../../main/core/export/export-rows.ts'
import { writeCsvFile } from '../../../main/core/export/writer.ts'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import type { LicenseRecord } from '../../../main/core/types/index.ts'
import { CLIENT_PRODUCT_ID } from '../../../main/simulator/catalog.ts'
import { serverConfigsFor } from '../../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import { readCsv } from '../export/read-csv.ts'

const T0 = Date.parse('2026-11-28T09:00:00Z')
const MINUTE = 60_000

let dir: string
let history: HistoryDb
let recorder: Recorder
let sim: LocalSimulator
let monitor: Monitor
/** The simulated servers' clock: retain times come from it, and each record is taken at it. */
let clock = T0

beforeEach(async () => {
  clock = T0
  dir = mkdtempSync(join(tmpdir(), 'lm-history-restart-'))
  history = openHistory(dir)
  recorder = createRecorder(history.db)
  sim = await startSimulator({ servers: 2, machines: 1, initialClients: 0, seed: 11, now: () => clock })
  // Both through the JSON endpoint: a REST poll in 4D's default login mode holds a license of its own
  // (shown as held by the monitor), which is not what these tests are about.
  const json = new Map(sim.servers().map((info) => [info.id, info.jsonUrl]))
  monitor = createMonitor({
    servers: serverConfigsFor(sim.servers()).map((config) => ({
      ...config,
      kind: 'http-json' as const,
      url: json.get(config.id) ?? config.url,
    })),
    demo: false,
  })
})
afterEach(async () => {
  await monitor.stop()
  await sim.stop()
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

const serverName = (id: string): string => sim.servers().find((s) => s.id === id)!.name

function retain(serverId: string): LicenseRecord {
  const record = sim.retain(serverId, CLIENT_PRODUCT_ID, 'remote')
  if (record === null) throw new Error('the simulated pool is full')
  return record
}

/** Polls every server over the wire, then records the snapshot at the simulator's clock. */
async function pollAndRecord(at: number): Promise<void> {
  clock = at
  await monitor.pollNow()
  recorder.record(monitor.getSnapshot(), at)
}

async function setDown(serverId: string, down: boolean): Promise<void> {
  sim.setFault(serverId, down ? 'down' : 'none')
  await sim.settled()
}

function holdingsOf(serverId: string): HoldingRow[] {
  return [...holdingsInRange(history.db, 0, T0 + 24 * 60 * MINUTE)].filter((row) => row.server === serverName(serverId))
}

const summary = (row: HoldingRow) => ({ token: row.token, user: row.userName, start: row.start, end: row.end, endReason: row.endReason })

describe('a 4D Server restart with token reuse', () => {
  it('while the monitor runs: the old holding ends at the last poll that saw it, the new one starts at its retain time', async () => {
    const alice = retain('s1')
    const other = retain('s2')
    await pollAndRecord(T0 + MINUTE)
    await pollAndRecord(T0 + 2 * MINUTE)
    clock = T0 + 2 * MINUTE + 30_000
    sim.restart('s1')
    const bruno = retain('s1')
    expect(bruno.token).toBe(alice.token)
    await pollAndRecord(T0 + 3 * MINUTE)

    expect(holdingsOf('s1').map(summary)).toEqual([
      { token: 1, user: alice.session!.userName, start: T0, end: T0 + 2 * MINUTE, endReason: 'server-restarted' },
      { token: 1, user: bruno.session!.userName, start: Date.parse(bruno.time!), end: null, endReason: null },
    ])
    // The other server of the machine was not restarted: its holding goes on.
    expect(holdingsOf('s2').map(summary)).toEqual([
      { token: other.token, user: other.session!.userName, start: T0, end: null, endReason: null },
    ])
  })

  it('across a down period: holdings of the old run end when last seen, with no unknown gap carried into the new run', async () => {
    const first = [retain('s1'), retain('s1')]
    await pollAndRecord(T0 + MINUTE)
    await setDown('s1', true)
    await pollAndRecord(T0 + 2 * MINUTE)
    expect(holdingsOf('s1').map((row) => row.unknownSince)).toEqual([T0 + 2 * MINUTE, T0 + 2 * MINUTE])
    clock = T0 + 3 * MINUTE
    sim.restart('s1')
    const next = retain('s1')
    await setDown('s1', false)
    await pollAndRecord(T0 + 4 * MINUTE)

    const rows = holdingsOf('s1')
    expect(rows.map(summary)).toEqual([
      { token: 1, user: first[0]!.session!.userName, start: T0, end: T0 + MINUTE, endReason: 'server-restarted' },
      { token: 2, user: first[1]!.session!.userName, start: T0, end: T0 + MINUTE, endReason: 'server-restarted' },
      { token: 1, user: next.session!.userName, start: T0 + 3 * MINUTE, end: null, endReason: null },
    ])
    expect(rows.map((row) => row.unknownMs)).toEqual([0, 0, 0])
  })

  it('across a monitor restart (history closed and reopened): the server restarted meanwhile, so nothing carries over', async () => {
    const before = retain('s1')
    retain('s1')
    await pollAndRecord(T0 + MINUTE)
    history.close()

    clock = T0 + 30 * MINUTE
    sim.restart('s1')
    const after = retain('s1')
    history = openHistory(dir)
    recorder = createRecorder(history.db)
    await pollAndRecord(T0 + 31 * MINUTE)

    expect(holdingsOf('s1').map(summary)).toEqual([
      { token: 1, user: before.session!.userName, start: T0, end: T0 + MINUTE, endReason: 'server-restarted' },
      { token: 2, user: expect.any(String), start: T0, end: T0 + MINUTE, endReason: 'server-restarted' },
      { token: 1, user: after.session!.userName, start: T0 + 30 * MINUTE, end: null, endReason: null },
    ])
  })

  it('the holdings export shows both people, each with their own times and why the first one ended', async () => {
    const alice = retain('s1')
    await pollAndRecord(T0 + MINUTE)
    clock = T0 + 90_000
    sim.restart('s1')
    const bruno = retain('s1')
    await pollAndRecord(T0 + 2 * MINUTE)

    const out = join(dir, 'holdings.csv')
    const { columns, rows } = exportPlan(history.db, 'holdings', { from: T0 - MINUTE, to: T0 + 10 * MINUTE, granularity: 'raw' })
    await writeCsvFile(out, columns, rows, { delimiter: ',', timeZone: 'UTC' })
    const back = await readCsv(out, ',')
    const cell = (row: string[], header: string): string | undefined => row[back.header.indexOf(header)]
    const s1 = back.rows.filter((row) => cell(row, 'Server') === serverName('s1'))
    expect(
      s1.map((row) => [
        cell(row, 'Retain id'),
        cell(row, 'User'),
        cell(row, 'From (UTC)'),
        cell(row, 'From given by'),
        cell(row, 'To (UTC)'),
        cell(row, 'End reason'),
      ]),
    ).toEqual([
      ['1', alice.session!.userName, '2026-11-28T09:00:00Z', 'retain time', '2026-11-28T09:01:00Z', 'server restarted'],
      ['1', bruno.session!.userName, '2026-11-28T09:01:30Z', 'retain time', '', 'still held'],
    ])
  })
})

describe('a token that keeps its retain time', () => {
  it('is one holding across polls, and across a monitor restart when the server did not restart', async () => {
    const held = retain('s1')
    for (let minute = 1; minute <= 3; minute++) await pollAndRecord(T0 + minute * MINUTE)
    history.close()
    history = openHistory(dir)
    recorder = createRecorder(history.db)
    await pollAndRecord(T0 + 10 * MINUTE)

    const rows = holdingsOf('s1')
    expect(rows.map(summary)).toEqual([{ token: held.token, user: held.session!.userName, start: T0, end: null, endReason: null }])
    // The time the monitor was closed is kept as unknown, not as a new holding.
    expect(rows[0]!.unknownMs).toBe(7 * MINUTE)
  })

  it('starts when 4D retained it, an hour before the monitor first saw it', async () => {
    clock = T0 - 60 * MINUTE
    retain('s1')
    await pollAndRecord(T0)
    const [row] = holdingsOf('s1')
    expect(row).toMatchObject({ start: T0 - 60 * MINUTE, startSource: 'retain-time', firstSeenAt: T0, durationMs: 60 * MINUTE })
  })
})

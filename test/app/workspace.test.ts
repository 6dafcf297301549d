// Switching between the demo and real servers while the app runs: one call
// moves the servers, the alert state and the history between <data>/demo and
// <data>, and starts or stops the demo simulator. The real monitor and history
// service, simulators over real sockets, SQLite files in a temp folder.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { workspaceDir } from '../../main/app/data-dir.ts'
import { ALERT_STATE_FILE, createWorkspaces, type DemoServers, type Workspaces } from '../../main/app/workspace.ts'
import { createHistoryService, type HistoryService } from '../../main/core/history/history-service.ts'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import type { ServerConfig } from '../../main/core/types/index.ts'
import { serverConfigsFor } from '../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'

const FAST = { intervalMs: 300, timeoutMs: 250 }
let base: string
let real: LocalSimulator
let realServers: ServerConfig[]
const demos: LocalSimulator[] = []
let demoStops = 0
let parts: { monitor: Monitor; history: HistoryService; workspaces: Workspaces } | null = null

async function startFastDemo(): Promise<DemoServers> {
  const simulator = await startSimulator({ servers: 2, machines: 1, seed: 3 })
  demos.push(simulator)
  const counted = {
    async stop() {
      demoStops++
      await simulator.stop()
    },
  }
  return { simulator: counted, servers: serverConfigsFor(simulator.servers()).map((config) => ({ ...config, ...FAST })) }
}

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), 'lm-workspace-'))
  real = await startSimulator({ servers: 1, machines: 1, seed: 9 })
  realServers = serverConfigsFor(real.servers()).map((config) => ({
    ...config,
    id: 'real-1',
    name: 'Real one',
    machine: 'real-machine',
    ...FAST,
  }))
  demoStops = 0
})

afterEach(async () => {
  if (parts) {
    await Promise.allSettled([parts.monitor.stop(), parts.workspaces.close()])
    parts = null
  }
  await Promise.allSettled([real.stop(), ...demos.splice(0).map((demo) => demo.stop())])
  rmSync(base, { recursive: true, force: true })
})

/** Monitor, history service and workspaces as the composition root wires them, with fast polls; opened on the demo. */
async function compose(startDemo: () => Promise<DemoServers> = startFastDemo) {
  const monitor = createMonitor({ servers: [] })
  const history = createHistoryService(monitor)
  const problems: string[] = []
  const workspaces = createWorkspaces({ dataDir: base, monitor, history, startDemo, onProblem: (sentence) => problems.push(sentence) })
  parts = { monitor, history, workspaces }
  await workspaces.apply([], 0)
  monitor.start()
  return { ...parts, problems }
}

/** Samples in a history file, read by a separate connection (as another process would). */
function samplesIn(folder: string): { count: number; servers: string[] } {
  const file = join(folder, 'history.sqlite')
  if (!existsSync(file)) return { count: 0, servers: [] }
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    const count = (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n
    const servers = (
      db
        .prepare(
          "SELECT DISTINCT server FROM series JOIN samples ON samples.series_id = series.id WHERE server <> '' UNION SELECT DISTINCT server FROM holdings ORDER BY server",
        )
        .all() as { server: string }[]
    ).map((row) => row.server)
    return { count, servers }
  } finally {
    db.close()
  }
}

describe('the workspace', () => {
  it('records into <data>/demo, then into <data> once a real server is saved, and back when the last one is removed', async () => {
    const { workspaces, history, problems } = await compose()
    const demoDir = workspaceDir(base, 'demo')
    expect(workspaces.current()).toMatchObject({ kind: 'demo', dataDir: demoDir })
    expect(history.folder()).toBe(demoDir)
    await expect.poll(() => samplesIn(demoDir).count, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0)

    await workspaces.apply(realServers, 1)
    expect(history.folder(), 'the history moved by the time apply resolved').toBe(base)
    const demoAfterSwitch = samplesIn(demoDir).count
    await expect.poll(() => samplesIn(base).count, { timeout: 15_000, interval: 100 }).toBeGreaterThan(2)
    expect(samplesIn(base).servers, 'only the real server is in the real history').toEqual(['Real one'])
    expect(samplesIn(demoDir).count, 'nothing more lands in the demo folder').toBe(demoAfterSwitch)
    // Handlers read the service: the open store is the real one.
    expect((history.store.db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n).toBeGreaterThan(0)

    await workspaces.apply([], 0)
    expect(history.folder()).toBe(demoDir)
    const realAfterReturn = samplesIn(base).count
    await expect.poll(() => samplesIn(demoDir).count, { timeout: 15_000, interval: 100 }).toBeGreaterThan(demoAfterSwitch)
    expect(samplesIn(base).count, 'the real history is left as it was').toBe(realAfterReturn)
    expect(problems).toEqual([])
  })

  it('swaps the alert state with the folder: a snooze of the demo stays with the demo', async () => {
    const { monitor, workspaces } = await compose()
    const until = Date.now() + 3_600_000
    monitor.snooze({ kind: 'all' }, until)
    expect(monitor.getSnapshot().alerts?.snoozedUntil).toBe(new Date(until).toISOString())
    expect(existsSync(join(workspaceDir(base, 'demo'), ALERT_STATE_FILE))).toBe(true)

    await workspaces.apply(realServers, 1)
    expect(monitor.getSnapshot().alerts?.snoozedUntil, 'the real servers start with their own state').toBeNull()

    await workspaces.apply([], 0)
    expect(monitor.getSnapshot().alerts?.snoozedUntil, 'the demo state is read back from <data>/demo').toBe(new Date(until).toISOString())
  })

  it('switches the snapshot and the simulator: demo, real, listed but all disabled, demo again', async () => {
    const { monitor, workspaces } = await compose()
    expect(monitor.getSnapshot().demo).toBe(true)
    expect(monitor.getSnapshot().servers.map((server) => server.id)).toEqual(['s1', 's2'])

    await workspaces.apply(realServers, 1)
    expect(monitor.getSnapshot().demo).toBe(false)
    expect(monitor.getSnapshot().servers.map((server) => server.id)).toEqual(['real-1'])
    expect(demoStops).toBe(1)

    // Listed but all disabled: the admin paused them; no demo, nothing polled.
    await workspaces.apply([], 1)
    expect(workspaces.current()?.kind).toBe('real')
    expect(monitor.getSnapshot().demo).toBe(false)
    expect(monitor.getSnapshot().servers).toEqual([])

    await workspaces.apply([], 0)
    expect(monitor.getSnapshot().demo).toBe(true)
    expect(demos).toHaveLength(2)
    await workspaces.close()
    expect(demoStops).toBe(2)
    expect(workspaces.current()).toBeNull()
    expect(() => parts!.history.store.db).toThrow(/not open/)
  })

  it('a demo that cannot start leaves the real workspace as it was, and the next change still applies', async () => {
    let failNext = false
    const { monitor, workspaces, history } = await compose(async () => {
      if (failNext) throw new Error('no free port')
      return startFastDemo()
    })
    await workspaces.apply(realServers, 1)
    failNext = true
    await expect(workspaces.apply([], 0)).rejects.toThrow('no free port')
    expect(workspaces.current()?.kind).toBe('real')
    expect(history.folder()).toBe(base)
    expect(monitor.getSnapshot().servers.map((server) => server.id)).toEqual(['real-1'])
    failNext = false
    await workspaces.apply([], 0)
    expect(workspaces.current()?.kind).toBe('demo')
  })
})

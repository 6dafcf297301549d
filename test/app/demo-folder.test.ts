// Switching between the demo and real servers while the app runs: the history
// and the alert state move between <data>/demo and <data> with the demo flag,
// composed as the served mode and Electron compose them (monitor, server
// applier, history holder, folder follower), over real sockets and files.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ALERT_STATE_FILE } from '../../main/app/alert-setup.ts'
import { monitorDataDir } from '../../main/app/data-dir.ts'
import { createHistoryHolder, type HistoryHolder } from '../../main/core/history/history-holder.ts'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import { createServerApplier, type DemoServers, type ServerApplier } from '../../main/app/apply-servers.ts'
import { followDemoFolder, type DemoFolderFollower } from '../../main/app/demo-folder.ts'
import type { ServerConfig } from '../../main/core/types/index.ts'
import { serverConfigsFor } from '../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'

const FAST = { intervalMs: 300, timeoutMs: 250 }
let base: string
let real: LocalSimulator
let realServers: ServerConfig[]
const demos: LocalSimulator[] = []
let parts: { monitor: Monitor; applier: ServerApplier; history: HistoryHolder; follower: DemoFolderFollower } | null = null

async function startFastDemo(): Promise<DemoServers> {
  const simulator = await startSimulator({ servers: 2, machines: 1, seed: 3 })
  demos.push(simulator)
  return { simulator, servers: serverConfigsFor(simulator.servers()).map((config) => ({ ...config, ...FAST })) }
}

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), 'lm-demo-folder-'))
  real = await startSimulator({ servers: 1, machines: 1, seed: 9 })
  realServers = serverConfigsFor(real.servers()).map((config) => ({ ...config, id: 'real-1', name: 'Real one', machine: 'real-machine', ...FAST }))
})

afterEach(async () => {
  if (parts) {
    await Promise.allSettled([parts.monitor.stop(), parts.applier.stop(), parts.follower.stop()])
    await parts.history.close()
    parts = null
  }
  await Promise.allSettled([real.stop(), ...demos.splice(0).map((demo) => demo.stop())])
  rmSync(base, { recursive: true, force: true })
})

/** The composition of main/serve/cli.ts and main/electron/index.ts, with fast polls. */
async function compose() {
  const demo = await startFastDemo()
  const statePathFor = (isDemo: boolean) => join(monitorDataDir(base, isDemo), ALERT_STATE_FILE)
  const monitor = createMonitor({ servers: demo.servers, demo: true, alerts: { statePath: statePathFor(true), statePathFor } })
  monitor.start()
  const history = createHistoryHolder(monitor, { intervalMs: 200 })
  expect((await history.open(monitorDataDir(base, true), true)).ok).toBe(true)
  const follower = followDemoFolder({ monitor, history, dataDir: base, demo: true })
  const applier = createServerApplier(monitor, startFastDemo, demo)
  parts = { monitor, applier, history, follower }
  return parts
}

/** Samples in a history file, read by a separate connection (as another process would). */
function samplesIn(folder: string): { count: number; servers: string[] } {
  const file = join(folder, 'history.sqlite')
  if (!existsSync(file)) return { count: 0, servers: [] }
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    const count = (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n
    const servers = (db.prepare("SELECT DISTINCT server FROM series JOIN samples ON samples.series_id = series.id WHERE server <> '' UNION SELECT DISTINCT server FROM holdings ORDER BY server").all() as { server: string }[]).map((row) => row.server)
    return { count, servers }
  } finally {
    db.close()
  }
}

describe('the data folder follows the demo flag', () => {
  it('records into <data> once a real server is added and back into <data>/demo when the last one is removed', async () => {
    const { applier, history, follower } = await compose()
    const demoDir = monitorDataDir(base, true)
    await expect.poll(() => samplesIn(demoDir).count, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0)

    await applier.apply(realServers, 1)
    await follower.settled()
    expect(history.folder()).toBe(base)
    const demoAfterSwitch = samplesIn(demoDir).count
    await expect.poll(() => samplesIn(base).count, { timeout: 15_000, interval: 100 }).toBeGreaterThan(2)
    expect(samplesIn(base).servers, 'only the real server is in the real history').toEqual(['Real one'])
    expect(samplesIn(demoDir).count, 'nothing more lands in the demo folder').toBe(demoAfterSwitch)
    // The handlers read the holder: the open store is the real one.
    expect((history.store.db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n).toBeGreaterThan(0)

    await applier.apply([], 0)
    await follower.settled()
    expect(history.folder()).toBe(demoDir)
    const realAfterReturn = samplesIn(base).count
    await expect.poll(() => samplesIn(demoDir).count, { timeout: 15_000, interval: 100 }).toBeGreaterThan(demoAfterSwitch)
    expect(samplesIn(base).count, 'the real history is left as it was').toBe(realAfterReturn)
  })

  it('swaps the alert state with the folder: a snooze of the demo stays with the demo', async () => {
    const { monitor, applier, follower } = await compose()
    const until = Date.now() + 3_600_000
    monitor.snooze({ kind: 'all' }, until)
    expect(monitor.getSnapshot().alerts?.snoozedUntil).toBe(new Date(until).toISOString())
    expect(existsSync(join(monitorDataDir(base, true), ALERT_STATE_FILE))).toBe(true)

    await applier.apply(realServers, 1)
    await follower.settled()
    expect(monitor.getSnapshot().alerts?.snoozedUntil, 'the real servers start with their own state').toBeNull()

    await applier.apply([], 0)
    await follower.settled()
    expect(monitor.getSnapshot().alerts?.snoozedUntil, 'the demo state is read back from <data>/demo').toBe(new Date(until).toISOString())
  })
})

// A 4D REST login session holds a 4D Client license: the monitor ends it when
// the server is removed or its credentials change, and when it stops, never
// waiting on a hung server for more than about 2 s. Against the simulator's
// REST login over real sockets.
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import { LOGOUT_BUDGET_MS } from '../../../main/core/poll/poller.ts'
import type { ServerConfig } from '../../../main/core/types/index.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import { FakeClock } from '../fake-clock.ts'

const USER = { username: 'monitor', password: 'pa55-word' }
let simulator: LocalSimulator | null = null
let monitor: Monitor | null = null

afterEach(async () => {
  await monitor?.stop()
  monitor = null
  await simulator?.stop()
  simulator = null
})

/** One simulated server behind a REST login, polled only when the test says so (the fake clock never fires). */
async function setUp(serverCount = 1): Promise<{ sim: LocalSimulator; configs: ServerConfig[]; monitor: Monitor }> {
  const sim = await startSimulator({ servers: serverCount, machines: 1, restLogin: USER, slowMs: 20_000 })
  simulator = sim
  const configs: ServerConfig[] = sim.servers().map((info) => ({
    id: info.id,
    name: info.name,
    url: info.restUrl,
    kind: 'rest-function',
    auth: { type: 'rest-login', ...USER },
    intervalMs: 5000,
    timeoutMs: 4000,
  }))
  monitor = createMonitor({ servers: configs, demo: false, clock: new FakeClock(Date.now()) })
  monitor.start()
  await monitor.pollNow()
  expect(sim.restSessions('s1')).toEqual({ opened: 1, active: 1 })
  return { sim, configs, monitor }
}

describe('REST login sessions end with the server', () => {
  it('monitor.stop() logs out: the simulator no longer knows the session', async () => {
    const { sim, monitor: running } = await setUp()
    await running.stop()
    monitor = null
    expect(sim.restSessions('s1')).toEqual({ opened: 1, active: 0 })
  })

  it('removing the server logs out of its session; the servers kept keep theirs', async () => {
    const { sim, configs, monitor: running } = await setUp(2)
    expect(sim.restSessions('s2')).toEqual({ opened: 1, active: 1 })
    running.setServers(configs.slice(1))
    await expect.poll(() => sim.restSessions('s1').active, { timeout: 10_000 }).toBe(0)
    await running.pollNow()
    expect(sim.restSessions('s2')).toEqual({ opened: 1, active: 1 })
  })

  it('a change that keeps the credentials keeps the session; new credentials end the old one', async () => {
    const { sim, configs, monitor: running } = await setUp()
    const [server] = configs as [ServerConfig]
    running.setServers([{ ...server, intervalMs: 6000 }])
    await running.pollNow()
    expect(sim.restSessions('s1')).toEqual({ opened: 1, active: 1 })

    // Another user name (the simulator refuses it, which is beside the point): the old session must not linger.
    running.setServers([{ ...server, auth: { type: 'rest-login', username: 'someone-else', password: 'x' } }])
    await expect.poll(() => sim.restSessions('s1').active, { timeout: 10_000 }).toBe(0)
  })

  it('a server that does not answer the logout holds up stop() for at most about 2 s', async () => {
    const { sim, monitor: running } = await setUp()
    sim.setFault('s1', 'slow')
    const started = performance.now()
    await running.stop()
    monitor = null
    const took = performance.now() - started
    expect(took).toBeLessThan(LOGOUT_BUDGET_MS + 1000)
    expect(sim.restSessions('s1').active, 'the logout never reached the server').toBe(1)
  })
})

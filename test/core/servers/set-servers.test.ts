// setServers on the poller, against the simulator over real sockets:
// unchanged servers keep their state and get no extra request, removed ones
// are no longer polled, new ones start. (Switching between the demo and real
// servers is the workspace's: test/app/workspace.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPoller, type Poller } from '../../../main/core/poll/poller.ts'
import type { ServerConfig } from '../../../main/core/types/index.ts'
import { serverConfigsFor } from '../../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import { FakeClock } from '../fake-clock.ts'

const TIMING = { intervalMs: 1000, timeoutMs: 800 }

let simulator: LocalSimulator
let configs: ServerConfig[]
let poller: Poller | null = null

beforeEach(async () => {
  simulator = await startSimulator({ servers: 3, machines: 2, seed: 5 })
  configs = serverConfigsFor(simulator.servers()).map((config) => ({ ...config, ...TIMING }))
})

afterEach(async () => {
  await poller?.stop()
  poller = null
  await simulator.stop()
})

const requests = (id: string): number => simulator.requestStats(id).requests
const [A, B, C] = ['s1', 's2', 's3'] as const

describe('poller.setServers', () => {
  it('keeps unchanged servers (state, no extra request), stops removed ones and starts new ones', async () => {
    const clock = new FakeClock(Date.now())
    poller = createPoller({ servers: configs.slice(0, 2), clock, onChange: () => undefined })
    poller.start()
    await poller.pollNow()
    const before = poller.states()
    expect(requests(A)).toBe(1)
    expect(requests(B)).toBe(1)

    // B removed, C added, A unchanged (a fresh but equal object: compared by content).
    poller.setServers([{ ...configs[0]! }, configs[2]!])
    expect(poller.states().map((state) => state.id)).toEqual([A, C])
    expect(poller.states()[0]!.lastSuccessAt).toBe(before[0]!.lastSuccessAt)
    expect(poller.states()[0]!.status).toBe('up')
    expect(requests(A)).toBe(1)

    await poller.pollNow(C)
    expect(requests(C)).toBe(1)
    expect(poller.states()[1]!.status).toBe('up')
    // Many intervals pass: A and C go on, B is never asked again.
    for (let i = 0; i < 4; i++) {
      await clock.advance(TIMING.intervalMs)
      await poller.pollNow()
    }
    // One poll, then (a rest-function server) the logout that ends its web session and frees its license.
    expect(requests(B)).toBe(configs[1]!.kind === 'rest-function' ? 2 : 1)
    expect(simulator.truth().servers.find((server) => server.id === B)?.webSessions ?? []).toEqual([])
    expect(requests(A)).toBeGreaterThan(1)
    await expect(poller.pollNow(B)).rejects.toThrow(/no server has the id/)
  })

  it('restarts a server whose config changed, with a fresh state', async () => {
    poller = createPoller({ servers: [configs[0]!], clock: new FakeClock(Date.now()), onChange: () => undefined })
    await poller.pollNow()
    poller.setServers([{ ...configs[0]!, name: 'Renamed' }])
    const state = poller.states()[0]!
    expect(state.name).toBe('Renamed')
    expect(state.lastSuccessAt).toBeNull()
  })
})

// The poller and the monitor against the simulator: real sockets on
// 127.0.0.1, real time, short intervals, every fault mode on every endpoint shape.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { createPoller, type Poller } from '../../../main/core/poll/poller.ts'
import { holdsLicenseWarning } from '../../../main/core/ingest/fetch-server.ts'
import type { LicenseRecord, ServerConfig, ServerState } from '../../../main/core/types/index.ts'
import type { FaultMode } from '../../../main/simulator/api.ts'
import { serverConfigsFor } from '../../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'

const TOKEN = 'simulator-bearer-token'
// Generous for a loaded machine, yet well under the simulator's slow answers (1.5 s).
const TIMING = { intervalMs: 1000, timeoutMs: 800 }

let simulator: LocalSimulator
let configs: ServerConfig[]
const pollers: Poller[] = []

beforeEach(async () => {
  simulator = await startSimulator({ servers: 3, machines: 2, seed: 7, token: TOKEN, slowMs: 1500 })
  // Server 1 reads the contract object, server 2 calls the REST function, server 3 the bare array.
  configs = serverConfigsFor(simulator.servers(), TOKEN).map((config) => ({ ...config, ...TIMING }))
})

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()))
  await simulator.stop()
})

function pollerFor(servers: ServerConfig[], onChange: (states: ServerState[]) => void = () => undefined): Poller {
  const poller = createPoller({ servers, onChange })
  pollers.push(poller)
  return poller
}

function stateOf(poller: Poller, id: string): ServerState {
  const state = poller.states().find((s) => s.id === id)
  if (!state) throw new Error(`no state for ${id}`)
  return state
}

const byToken = (a: LicenseRecord, b: LicenseRecord) => a.token - b.token

const failures: [FaultMode, RegExp][] = [
  ['down', /^connection refused$/],
  ['slow', /^timed out after 800 ms$/],
  ['http500', /^HTTP 500 Internal Server Error(: Simulated internal server error\.)?$/],
  [
    'http401',
    /^HTTP 401 Unauthorized: authentication failed for \w+: (check the token|the server asks for credentials and none are configured)$/,
  ],
  ['invalidJson', /^invalid JSON: /],
  ['oversized', /^response larger than 5 MiB$/],
]

describe('poller against the simulator', () => {
  it('reads every endpoint shape and normalises the records as the simulator holds them', async () => {
    const poller = pollerFor(configs)
    await poller.pollNow()
    const truth = simulator.truth()
    for (const config of configs) {
      const state = stateOf(poller, config.id)
      const expected = truth.servers.find((s) => s.id === config.id)
      // Over REST (default login mode) the monitor's own session holds a license, and says so.
      const warnings = config.kind === 'rest-function' ? [holdsLicenseWarning(config.name)] : []
      expect(state, config.kind).toMatchObject({ status: 'up', lastError: null, consecutiveFailures: 0, warnings })
      expect(state.machine).toBe(expected?.machine)
      expect([...(state.payload?.records ?? [])].sort(byToken)).toEqual([...(expected?.records ?? [])].sort(byToken))
    }
  })

  describe.each([0, 1, 2])('server %i (each endpoint shape)', (index) => {
    it.each(failures)('fault %s: down with a sentence naming the cause, data kept, then recovers', async (fault, sentence) => {
      const config = configs[index] as ServerConfig
      const poller = pollerFor([config])
      await poller.pollNow()
      const before = stateOf(poller, config.id)
      expect(before.status).toBe('up')

      simulator.setFault(config.id, fault)
      await simulator.settled()
      await poller.pollNow()
      const down = stateOf(poller, config.id)
      expect(down.status).toBe('down')
      expect(down.lastError).toMatch(sentence)
      expect(down.lastError).not.toContain(TOKEN)
      expect(down.consecutiveFailures).toBe(1)
      expect(down.payload).toEqual(before.payload)
      expect(down.latencyMs).toBeLessThan(fault === 'slow' ? 1500 : 5000)

      simulator.setFault(config.id, 'none')
      await simulator.settled()
      await poller.pollNow()
      expect(stateOf(poller, config.id)).toMatchObject({ status: 'up', lastError: null, consecutiveFailures: 0 })
    })

    it('fault badRecords: up, keeps the valid records and warns about the others', async () => {
      const config = configs[index] as ServerConfig
      simulator.setFault(config.id, 'badRecords')
      const poller = pollerFor([config])
      await poller.pollNow()
      const state = stateOf(poller, config.id)
      const expected = simulator.truth().servers.find((s) => s.id === config.id)?.records ?? []
      expect(state.lastError).toBeNull()
      expect(state.status).toBe('up')
      expect(state.payload?.invalidCount).toBe(3)
      const own = config.kind === 'rest-function' ? [holdsLicenseWarning(config.name)] : []
      expect(state.warnings).toEqual([`3 of ${expected.length + 3} records invalid: productId missing (and 2 other problems)`, ...own])
      expect([...(state.payload?.records ?? [])].sort(byToken)).toEqual([...expected].sort(byToken))
    })
  })

  it('a wrong token is reported as an authentication failure', async () => {
    const config = { ...(configs[0] as ServerConfig), token: 'wrong' }
    const poller = pollerFor([config])
    await poller.pollNow()
    expect(stateOf(poller, config.id).lastError).toBe(`HTTP 401 Unauthorized: authentication failed for ${config.name}: check the token`)
  })

  it("keeps a healthy server on cadence while another hangs, and never overlaps a server's polls", async () => {
    // The hung server's polls last 900 ms each; the healthy one polls every 400 ms, starting 200 ms in.
    const slow = { ...(configs[0] as ServerConfig), intervalMs: 1000, timeoutMs: 900 }
    const healthy = { ...(configs[1] as ServerConfig), intervalMs: 400 }
    simulator.setFault(slow.id, 'slow')
    const successes: { at: number; slowInFlight: number }[] = []
    let sixSuccesses!: () => void
    const enough = new Promise<void>((resolve) => (sixSuccesses = resolve))
    const poller = pollerFor([slow, healthy], (states) => {
      const at = Date.parse(states.find((s) => s.id === healthy.id)?.lastSuccessAt ?? '')
      if (Number.isNaN(at) || successes.at(-1)?.at === at) return
      successes.push({ at, slowInFlight: simulator.requestStats(slow.id).inFlight ?? 0 })
      if (successes.length === 6) sixSuccesses()
    })
    poller.start()
    await enough
    await poller.stop()

    // Answers came while the other server's request was still hanging: its loop did not wait for it.
    expect(successes.filter((s) => s.slowInFlight > 0).length).toBeGreaterThan(0)
    const gaps = successes
      .slice(1)
      .map((s, i) => s.at - (successes[i]?.at ?? 0))
      .sort((a, b) => a - b)
    const median = gaps[Math.floor(gaps.length / 2)] ?? Infinity
    expect(median).toBeGreaterThanOrEqual(350)
    expect(median).toBeLessThan(800)
    expect(stateOf(poller, slow.id)).toMatchObject({ status: 'down', lastError: 'timed out after 900 ms' })
    expect(simulator.requestStats(slow.id).maxInFlight).toBe(1)
    expect(simulator.requestStats(healthy.id).maxInFlight).toBe(1)
  })
})

describe('monitor against the simulator', () => {
  it('shows per machine and product what the simulator holds', async () => {
    const monitor = createMonitor({ servers: configs, demo: true })
    await monitor.pollNow()
    const snapshot = monitor.getSnapshot()
    // The truth of the moment of the snapshot: stopping ends the monitor's own REST session and its license.
    const truth = simulator.truth()
    await monitor.stop()
    expect(snapshot.demo).toBe(true)
    expect(snapshot.servers.map((s) => s.status)).toEqual(['up', 'up', 'up'])
    for (const machine of truth.machines) {
      const shown = snapshot.machines.find((m) => m.machine === machine.machine)
      expect(shown, machine.machine).toBeDefined()
      for (const product of machine.products) {
        const row = shown?.products.find((p) => p.productId === product.productId)
        if (product.used === 0 && !row) continue
        // Licenses retained in the same whole second as the machine's first reading wait for the next round (counted as uncounted).
        expect(row, product.productName).toMatchObject({ limit: product.allowed })
        expect((row?.used ?? 0) + (row?.uncounted ?? 0), product.productName).toBe(product.used)
      }
    }
  })
})

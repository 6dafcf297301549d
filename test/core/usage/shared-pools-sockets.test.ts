// Shared pools end to end over real sockets (issue 18): simulated 4D Servers
// answer as real ones do (bare `License usage` arrays, or the contract object
// without a `server` block), the real monitor polls them, and the rows and
// alerts must follow the pool the answers prove.

import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { CLIENT_PRODUCT_ID } from '../../../main/simulator/catalog.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import type { SimulatorOptions } from '../../../main/simulator/api.ts'
import type { ProductUsage, ServerConfig, Snapshot } from '../../../main/core/types/index.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function simulator(options: SimulatorOptions): Promise<LocalSimulator> {
  const sim = await startSimulator({
    initialClients: 0,
    products: [{ productId: CLIENT_PRODUCT_ID, productName: '4D Client', allowed: 10 }],
    ...options,
  })
  cleanups.push(() => sim.stop())
  return sim
}

/** Retains round-robin over the servers until each holds its count (interleaved, as clients arrive). */
function retain(sim: LocalSimulator, counts: Record<string, number>): void {
  const left = { ...counts }
  while (Object.values(left).some((n) => n > 0)) {
    for (const [server, n] of Object.entries(left)) {
      if (n <= 0) continue
      expect(sim.retain(server, CLIENT_PRODUCT_ID, 'remote')).not.toBeNull()
      left[server] = n - 1
    }
  }
}

/** One entry per listed server: its simulator id, the host to write in its URL, and an optional machine label. */
type Listing = { id: string; host: string; machine?: string; endpoint?: 'array' | 'json' }

async function snapshotOf(sim: LocalSimulator, listings: Listing[]): Promise<Snapshot> {
  const infos = sim.servers()
  const servers: ServerConfig[] = listings.map(({ id, host, machine, endpoint }) => {
    const info = infos.find((candidate) => candidate.id === id)!
    const url = new URL(endpoint === 'json' ? info.jsonUrl : info.arrayUrl)
    url.hostname = host
    return { id, name: info.name, url: url.href, kind: 'http-json', ...(machine ? { machine } : {}) }
  })
  const monitor = createMonitor({ servers, demo: false })
  cleanups.push(() => monitor.stop())
  await monitor.pollNow()
  // Servers of one machine must be read as one round before critical may fire (consistency.ts); a loaded
  // test machine can stretch a round past its bound, so a few more rounds are allowed.
  for (let round = 0; round < 10 && clientRows(monitor.getSnapshot()).some((row) => row.consistent === false); round++)
    await monitor.pollNow()
  const snapshot = monitor.getSnapshot()
  expect(snapshot.servers.map((server) => server.lastError)).toEqual(listings.map(() => null))
  return snapshot
}

function clientRows(snapshot: Snapshot): (ProductUsage & { machine: string })[] {
  return snapshot.machines.flatMap((machine) =>
    machine.products.filter((row) => row.productId === CLIENT_PRODUCT_ID).map((row) => ({ ...row, machine: machine.machine })),
  )
}

describe('shared pools over real sockets', () => {
  it('the split case: 4 + 5 of 10 listed as 127.0.0.1 and localhost, no label, reads 9 of 10 and fires critical', async () => {
    const sim = await simulator({ servers: 2, machines: 1 })
    retain(sim, { s1: 4, s2: 5 })
    const snapshot = await snapshotOf(sim, [
      { id: 's1', host: '127.0.0.1' },
      { id: 's2', host: 'localhost' },
    ])
    const rows = clientRows(snapshot)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row).toMatchObject({ used: 9, limit: 10, remaining: 1, status: 'critical' })
    expect(snapshot.alerts?.active.filter((alert) => alert.level === 'critical').length).toBeGreaterThan(0)
  }, 20_000)

  it('three servers of one machine labelled three ways are rated as their one pool, each row naming the others', async () => {
    const sim = await simulator({ servers: 3, machines: 1 })
    retain(sim, { s1: 2, s2: 3, s3: 3 })
    const snapshot = await snapshotOf(sim, [
      { id: 's1', host: '127.0.0.1', machine: '10.0.0.5' },
      { id: 's2', host: 'localhost', machine: 'srv-app-01' },
      { id: 's3', host: 'localhost', machine: 'srv-app-01.example.com' },
    ])
    const rows = clientRows(snapshot)
    expect(rows.map((row) => row.machine)).toEqual(['10.0.0.5', 'srv-app-01', 'srv-app-01.example.com'])
    for (const row of rows) {
      expect(row).toMatchObject({ used: 8, limit: 10, remaining: 2 })
      expect(row.pool?.elsewhere).toHaveLength(2)
      expect(row.pool?.unlisted).toBe(0)
    }
    const names = sim.servers().map((info) => info.name)
    expect(rows[0]?.pool?.sentence).toContain(`${names[1]!} (on srv-app-01, 3 held)`)
  }, 20_000)

  it('a pool shared with a server that is not listed says how many licenses it holds', async () => {
    const sim = await simulator({ servers: 3, machines: 1 })
    retain(sim, { s3: 5 })
    retain(sim, { s1: 4 })
    const snapshot = await snapshotOf(sim, [{ id: 's1', host: '127.0.0.1' }])
    const [row] = clientRows(snapshot)
    expect(row).toMatchObject({ used: 9, remaining: 1, status: 'critical' })
    expect(row?.pool?.sentence).toMatch(/^This pool has 5 licenses held on servers not listed here/)
  }, 20_000)

  it('two genuinely separate machines (global count = own count) stay separate', async () => {
    const sim = await simulator({ servers: 2, machines: 2, answers: { globalCounts: 'always' } })
    retain(sim, { s1: 4, s2: 5 })
    const snapshot = await snapshotOf(sim, [
      { id: 's1', host: '127.0.0.1', machine: 'srv-a' },
      { id: 's2', host: 'localhost', machine: 'srv-b' },
    ])
    const rows = clientRows(snapshot)
    expect(rows.map(({ machine, used, remaining, status }) => ({ machine, used, remaining, status }))).toEqual([
      { machine: 'srv-a', used: 4, remaining: 6, status: 'ok' },
      { machine: 'srv-b', used: 5, remaining: 5, status: 'ok' },
    ])
    expect(rows.some((row) => row.pool !== undefined)).toBe(false)
  }, 20_000)

  it('License info with a license number, no server block: one license is one pool; two numbers are two', async () => {
    const shared = await simulator({ servers: 2, machines: 1, answers: { serverBlock: false, licenseNumbers: true } })
    retain(shared, { s1: 4, s2: 5 })
    const one = clientRows(
      await snapshotOf(shared, [
        { id: 's1', host: '127.0.0.1', machine: 'host-a', endpoint: 'json' },
        { id: 's2', host: '127.0.0.1', machine: 'host-b', endpoint: 'json' },
      ]),
    )
    for (const row of one) {
      expect(row).toMatchObject({ used: 9, remaining: 1, limitSource: 'licenseInfo' })
      expect(row.pool?.evidence).toEqual(['globalCount', 'licenseNumber'])
    }

    const apart = await simulator({
      servers: 2,
      machines: 2,
      answers: { serverBlock: false, licenseNumbers: true, globalCounts: 'always' },
    })
    retain(apart, { s1: 4, s2: 5 })
    const two = clientRows(
      await snapshotOf(apart, [
        { id: 's1', host: '127.0.0.1', endpoint: 'json' },
        { id: 's2', host: '127.0.0.1', machine: 'other', endpoint: 'json' },
      ]),
    )
    expect(two.map((row) => row.used)).toEqual([4, 5])
    expect(two.some((row) => row.pool !== undefined)).toBe(false)
  }, 20_000)
})

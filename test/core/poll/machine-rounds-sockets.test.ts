// End to end over real sockets (issue 16): two simulated 4D Servers on one
// machine share a pool of 10 with 9 held at every instant while clients move
// between them; the real monitor polls them on the real clock.

import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import { CLIENT_PRODUCT_ID } from '../../../main/simulator/catalog.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import type { ServerConfig, Snapshot } from '../../../main/core/types/index.ts'

const INTERVAL_MS = 500
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function twoServersOneMachine(): Promise<{ sim: LocalSimulator; machine: string }> {
  const sim = await startSimulator({
    servers: 2,
    machines: 1,
    initialClients: 0,
    products: [{ productId: CLIENT_PRODUCT_ID, productName: '4D Client', allowed: 10 }],
  })
  cleanups.push(() => sim.stop())
  for (let i = 0; i < 9; i++) sim.retain(i % 2 ? 's2' : 's1', CLIENT_PRODUCT_ID, 'remote')
  return { sim, machine: sim.servers()[0]!.machine }
}

function watch(sim: LocalSimulator): { monitor: Monitor; snapshots: { at: number; snapshot: Snapshot }[] } {
  const servers: ServerConfig[] = sim
    .servers()
    .map((info) => ({ id: info.id, name: info.name, url: info.jsonUrl, kind: 'http-json', intervalMs: INTERVAL_MS, timeoutMs: 400 }))
  const monitor = createMonitor({ servers, demo: false })
  cleanups.push(() => monitor.stop())
  const snapshots: { at: number; snapshot: Snapshot }[] = []
  monitor.onSnapshot((snapshot) => snapshots.push({ at: Date.now(), snapshot }))
  return { monitor, snapshots }
}

/** The pool's row reads as one reading of both servers: what an alert needs before it may fire (issue 16). */
function oneReading(snapshot: Snapshot): boolean {
  const rows = snapshot.machines.flatMap((m) => m.products.filter((p) => p.productId === CLIENT_PRODUCT_ID))
  return rows.length > 0 && rows.every((row) => row.consistent !== false && row.skew !== true)
}

function clientUsed(snapshot: Snapshot): number[] {
  return snapshot.machines.flatMap((m) => m.products.filter((p) => p.productId === CLIENT_PRODUCT_ID).map((p) => p.used))
}

describe('two simulated servers exchanging licenses, over real sockets', () => {
  it('never shows more than the true maximum, fires no false alert, and still fires a real exhaustion within one interval', async () => {
    const { sim, machine } = await twoServersOneMachine()
    const { monitor, snapshots } = watch(sim)
    let direction = 0
    const mover = setInterval(() => sim.move(direction++ % 2 ? 's2' : 's1', direction % 2 ? 's2' : 's1'), 20)
    cleanups.push(() => clearInterval(mover))
    const from = Date.now()
    monitor.start()
    await new Promise((resolve) => setTimeout(resolve, 6_000))
    // A round the monitor can trust shows 9; on a loaded machine the two answers of a round may arrive too far
    // apart to be one reading for a while (shown as a lower bound, never above 9): wait for a trustworthy one.
    await expect
      .poll(() => snapshots.some(({ snapshot }) => clientUsed(snapshot).includes(9)), { timeout: 15_000, interval: 100 })
      .toBe(true)
    clearInterval(mover)

    expect(sim.usedRange(machine, CLIENT_PRODUCT_ID, from, Date.now())).toEqual({ min: 8, max: 9 }) // 8 only between a leave and a join
    const shown = snapshots.flatMap(({ snapshot }) => clientUsed(snapshot))
    expect(shown.length).toBeGreaterThan(5)
    expect(Math.max(...shown)).toBeLessThanOrEqual(9)
    expect(shown).toContain(9)
    const last = snapshots.at(-1)!.snapshot
    expect((last.alerts?.transitions ?? []).filter((t) => t.to.level === 'exhausted')).toEqual([])

    const exhaustedAt = Date.now()
    expect(sim.retain('s1', CLIENT_PRODUCT_ID, 'remote')).not.toBeNull()
    await expect
      .poll(() => snapshots.find(({ at, snapshot }) => at >= exhaustedAt && snapshot.alerts?.active.some((a) => a.level === 'exhausted')), {
        timeout: 20_000,
        interval: 20,
      })
      .toBeDefined()
    const firedIndex = snapshots.findIndex(
      ({ at, snapshot }) => at >= exhaustedAt && snapshot.alerts?.active.some((a) => a.level === 'exhausted'),
    )
    // Within one round: an answer that arrives after the retain may have been computed before it
    // (in flight), so the round that must see it is the one whose answers are each server's second
    // after the retain, and that reads as one reading (on a loaded machine two answers can arrive too far
    // apart to be one: the alert then rightly waits). Counted in answers, not in wall-clock time.
    const answersSince = new Map<string, Set<string>>()
    const sureIndex = snapshots.findIndex(({ at, snapshot }) => {
      if (at < exhaustedAt) return false
      for (const server of snapshot.servers) {
        if (server.lastSuccessAt !== null && Date.parse(server.lastSuccessAt) >= exhaustedAt) {
          const seen = answersSince.get(server.id) ?? new Set<string>()
          answersSince.set(server.id, seen.add(server.lastSuccessAt))
        }
      }
      return snapshot.servers.every((server) => (answersSince.get(server.id)?.size ?? 0) >= 2) && oneReading(snapshot)
    })
    expect(firedIndex).toBeGreaterThanOrEqual(0)
    if (sureIndex >= 0) expect(firedIndex).toBeLessThanOrEqual(sureIndex)
    // The interval itself is checked on a fake clock in machine-rounds.test.ts; here the poll above bounds it at 20 s.
  }, 50_000)
})

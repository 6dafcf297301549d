// Issue 11: one snapshot per change, linear work. The monitor polls real
// sockets on a fake clock; its onRebuild hook says how many rebuilds a cycle
// took and how many machines each one recomputed.
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, DEFAULT_COALESCE_MS, type Monitor, type RebuildWork } from '../../../main/core/poll/monitor.ts'
import type { ServerConfig, Snapshot } from '../../../main/core/types/index.ts'
import { FakeClock } from '../fake-clock.ts'
import { sendJson, startLocalServer, type LocalServer } from '../local-server.ts'

const INTERVAL_MS = 300
const MACHINES = 12

function records(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    productId: 1,
    productName: '4D Client',
    token: i + 1,
    productBalance: 50 - count,
    globalProductUsedCount: count,
    session: { userName: `user${i + 1}` },
  }))
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
})

/** One endpoint, polled as MACHINES servers, each alone on its machine; the body the test sets is what they all answer. */
async function fleet(clock: FakeClock, intervalMs = INTERVAL_MS) {
  const answer = { body: records(3) as unknown }
  const server: LocalServer = await startLocalServer((_req, res) => sendJson(res, 200, answer.body))
  cleanups.push(() => server.close())
  const servers: ServerConfig[] = Array.from({ length: MACHINES }, (_, i) => ({
    id: `s${i}`,
    name: `Server ${i}`,
    url: server.url(),
    kind: 'http-json',
    machine: `machine-${String(i).padStart(2, '0')}`,
    intervalMs,
    // Timeouts run on the real clock: a loaded machine may take longer than the fake interval to answer.
    timeoutMs: intervalMs,
  }))
  const work: RebuildWork[] = []
  const monitor: Monitor = createMonitor({ servers, clock, onRebuild: (w) => work.push(w) })
  cleanups.push(() => monitor.stop())
  return { monitor, work, answer }
}

/** Advances in small steps, so the real sockets answer close to the fake time of their tick. */
async function run(clock: FakeClock, ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 5) await clock.advance(5)
}

describe('monitor rebuilds (issue 11)', () => {
  it('coalesces the machines answering within one window into one rebuild, and recomputes each machine once per cycle', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    const { monitor, work } = await fleet(clock)
    const seen: Snapshot[] = []
    monitor.onSnapshot((s) => seen.push(s))
    monitor.start()
    await run(clock, INTERVAL_MS) // the first cycle: every machine seen once
    expect(monitor.getSnapshot().servers.every((s) => s.status === 'up')).toBe(true)

    work.length = 0
    seen.length = 0
    await run(clock, INTERVAL_MS) // one steady cycle
    // Ticks are spread 25 ms apart: 12 machine rounds in a 300 ms cycle, at most one rebuild per 50 ms window.
    expect(work.length).toBeGreaterThan(0)
    expect(work.length).toBeLessThanOrEqual(INTERVAL_MS / DEFAULT_COALESCE_MS + 1)
    expect(work.length).toBeLessThan(MACHINES)
    // Each machine's servers changed once (a new reading), so each machine is recomputed exactly once:
    // linear in machines, where rebuilding everything per round took 12 x 12.
    expect(work.reduce((sum, w) => sum + w.aggregated, 0)).toBe(MACHINES)
    expect(work.every((w) => w.machines === MACHINES)).toBe(true)
    expect(seen.length).toBe(work.length)
  })

  it('a pollNow of every machine is at most two rebuilds (the first answer at once, the rest together), each machine recomputed once', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    const { monitor, work, answer } = await fleet(clock)
    await monitor.pollNow()
    work.length = 0
    clock.time += 100 // within the staleness window: only the answers change
    answer.body = records(5)
    const seen: Snapshot[] = []
    monitor.onSnapshot((s) => seen.push(s))

    await monitor.pollNow()
    expect(work.length).toBeGreaterThanOrEqual(1)
    expect(work.length).toBeLessThanOrEqual(2)
    expect(work.reduce((sum, w) => sum + w.aggregated, 0)).toBe(MACHINES)
    // pollNow resolves with its results published: the last snapshot shows every machine's new count.
    expect(seen.at(-1)?.machines.map((m) => m.products[0]?.used)).toEqual(Array.from({ length: MACHINES }, () => 5))
    expect(clock.pending()).toEqual([])
  })

  it('a rebuild that outlasts the window does not let every round answered meanwhile rebuild at once', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    const { monitor, work, answer } = await fleet(clock, 5000)
    await monitor.pollNow()
    // From here on each rebuild "takes" 4 windows (a large fleet on a loaded machine): the clock moves during it.
    let slow = true
    monitor.onSnapshot(() => {
      if (slow) clock.time += 4 * DEFAULT_COALESCE_MS
    })
    work.length = 0
    answer.body = records(7)
    clock.time += 1000 // a quiet spell: the first round to answer rebuilds at once
    await monitor.pollNow()
    slow = false
    // The first round rebuilds at once; the rounds that answer during it wait one window after its end, together.
    expect(work.length).toBeLessThanOrEqual(2)
    expect(work.reduce((sum, w) => sum + w.aggregated, 0)).toBe(MACHINES)
    expect(monitor.getSnapshot().machines.map((m) => m.products[0]?.used)).toEqual(Array.from({ length: MACHINES }, () => 7))
  })

  it('recomputes nothing when no server changed, and publishes nothing new', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    const { monitor, work } = await fleet(clock)
    await monitor.pollNow()
    const seen: Snapshot[] = []
    monitor.onSnapshot((s) => seen.push(s))
    work.length = 0
    // The same answers at the same moment: new payload objects, the same content.
    await monitor.pollNow()
    expect(work.reduce((sum, w) => sum + w.aggregated, 0)).toBe(0)
    expect(seen).toHaveLength(0)
  })
})

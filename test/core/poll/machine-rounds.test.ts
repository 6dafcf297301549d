// Two servers of one machine share a pool of 10 with 9 licenses held at every
// instant, while clients move between them (issue 16). The real monitor
// (poller scheduling, aggregation, alert engine) polls the simulator's license
// model through a network scripted on a fake clock, so each server's reading
// happens at a known instant and answers take known times.

import { describe, expect, it } from 'vitest'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { CLIENT_PRODUCT_ID } from '../../../main/simulator/catalog.ts'
import { LicenseModel } from '../../../main/simulator/license-model.ts'
import { contractObject, DEFAULT_UTC_OFFSET_MINUTES as SERVER_OFFSET_MINUTES, usageArray } from '../../../main/simulator/payloads.ts'
import { createRandom } from '../../../main/simulator/prng.ts'
import type { ServerConfig, Snapshot } from '../../../main/core/types/index.ts'
import { FakeClock } from '../fake-clock.ts'

const T0 = Date.parse('2026-11-28T09:00:00Z')
const INTERVAL_MS = 1_000

interface Case {
  name: string
  /** A client moves from one server to the other this often. */
  moveMs: number
  /** How long each server takes to answer; it reads its licenses half way. */
  latencyMs: [number, number]
  /** Most snapshots show the true 9: false when moves are frequent against the distance between the readings (then the count as of the earlier reading is lower, never higher). */
  mostlyNine: boolean
}

function sleep(clock: FakeClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms))
}

function world(spec: Case, seed: number) {
  const clock = new FakeClock(T0)
  const model = new LicenseModel({
    servers: 2,
    machines: 1,
    products: [{ productId: CLIENT_PRODUCT_ID, productName: '4D Client', allowed: 10 }],
    random: createRandom(seed),
    now: () => clock.now(),
  })
  for (let i = 0; i < 9; i++) model.retain(i % 2 ? 's2' : 's1', CLIENT_PRODUCT_ID, 'remote')
  let moving = true
  const move = () => {
    if (!moving) return
    model.moveWithinMachines()
    clock.setTimeout(move, spec.moveMs)
  }
  clock.setTimeout(move, spec.moveMs)
  const fetchImpl = (async (input: string | URL | Request) => {
    const index = (input instanceof Request ? input.url : String(input)).endsWith('/s1') ? 0 : 1
    const server = model.servers[index]!
    const latency = spec.latencyMs[index]!
    await sleep(clock, latency / 2)
    const body = JSON.stringify(contractObject(model, server, clock.now(), usageArray(model, server, SERVER_OFFSET_MINUTES)))
    await sleep(clock, latency / 2)
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
  const servers: ServerConfig[] = ['s1', 's2'].map((id) => ({
    id,
    name: id === 's1' ? 'Accounting' : 'Sales',
    url: `http://127.0.0.1:9/${id}`,
    kind: 'http-json',
    intervalMs: INTERVAL_MS,
  }))
  const monitor = createMonitor({ servers, demo: false, fetch: fetchImpl, clock, random: () => 0.5 })
  const snapshots: Snapshot[] = []
  monitor.onSnapshot((snapshot) => snapshots.push(snapshot))
  return { clock, model, monitor, snapshots, stopMoving: () => (moving = false) }
}

function clientRows(snapshots: Snapshot[]) {
  return snapshots.flatMap((s) =>
    s.machines.flatMap((m) => m.products.filter((p) => p.productId === CLIENT_PRODUCT_ID).map((row) => ({ at: s.generatedAt, row }))),
  )
}

const cases: Case[] = [
  { name: 'a move every 300 ms, answers in 4 and 12 ms', moveMs: 300, latencyMs: [4, 12], mostlyNine: true },
  { name: 'a move every 70 ms, answers in 2 and 180 ms', moveMs: 70, latencyMs: [2, 180], mostlyNine: true },
  { name: 'a move every second, answers in 30 ms each', moveMs: 1_000, latencyMs: [30, 30], mostlyNine: true },
  { name: 'a move every 50 ms, one server answering after the round bound (700 ms)', moveMs: 50, latencyMs: [2, 700], mostlyNine: false },
]

describe('machine rounds against a fake clock (issue 16)', () => {
  it.each(cases)('$name: no snapshot shows more than 9, no false exhaustion; a real one fires within one interval', async (spec) => {
    const { clock, model, monitor, snapshots, stopMoving } = world(spec, 16)
    monitor.start()
    await clock.advance(60_000)
    const rows = clientRows(snapshots)
    expect(rows.length).toBeGreaterThan(30)
    // The truth never went above 9 (1..9 while filling, then 9 at every instant).
    expect(model.usedRange('srv-app-01', CLIENT_PRODUCT_ID, T0, clock.now())?.max).toBe(9)
    const shown = rows.map(({ row }) => row.used)
    expect(Math.max(...shown)).toBeLessThanOrEqual(9)
    expect(rows.filter(({ row }) => row.status === 'exhausted' || (row.remaining ?? 0) < 0)).toEqual([])
    // Not vacuous: the true 9 is shown, most of the time where the readings are close against the moves.
    const nines = shown.filter((used) => used === 9).length
    expect(nines).toBeGreaterThan(spec.mostlyNine ? shown.length / 2 : 0)
    const transitions = snapshots.at(-1)?.alerts?.transitions ?? []
    expect(transitions.filter((t) => t.to.level === 'exhausted')).toEqual([])

    // A real exhaustion: the tenth license is taken.
    const exhaustedAt = clock.now()
    expect(model.retain('s1', CLIENT_PRODUCT_ID, 'remote')).not.toBeNull()
    await clock.advance(INTERVAL_MS + 100)
    const fired = (snapshots.at(-1)?.alerts?.transitions ?? []).find((t) => t.to.level === 'exhausted')
    expect(fired, 'exhausted fired').toBeDefined()
    // Within one poll interval (plus the time the round took to answer).
    expect(Date.parse(fired!.at) - exhaustedAt).toBeLessThanOrEqual(INTERVAL_MS + Math.max(...spec.latencyMs))
    stopMoving()
    const stopping = monitor.stop() // waits for the polls in flight, which answer on the fake clock
    await clock.advance(INTERVAL_MS)
    await stopping
  })
})

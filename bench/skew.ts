// npm run bench:skew [-- --seconds 60] — issue 16's measurement. Two simulated
// 4D Servers on one machine share a pool of 10 with 9 licenses held at every
// instant; every 0.3 s a client leaves one server and another joins the other
// in the same tick. The real monitor (the one both hosts build) polls them
// every second. Prints the distribution of the machine's "used" as the table
// shows it (sampled every 100 ms, and per published snapshot), how many
// showed 10 or more, and whether an "exhausted" alert fired. Not a test.
//
// Uses only retain/release of the simulator, so the same script runs against
// an older checkout of main/ for a before/after comparison.

import { createMonitor } from '../main/core/poll/monitor.ts'
import { startSimulator } from '../main/simulator/simulator.ts'
import type { ServerConfig, Snapshot } from '../main/core/types/index.ts'

const CLIENT = 808464441
const POOL = 10
const HELD = 9
const MOVE_MS = 300
const INTERVAL_MS = 1_000
const SAMPLE_MS = 100

function secondsArg(): number {
  const index = process.argv.indexOf('--seconds')
  const value = index >= 0 ? Number(process.argv[index + 1]) : 60
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--seconds must be a positive number, not "${process.argv[index + 1]}"`)
  return value
}

function clientUsed(snapshot: Snapshot): number | null {
  return snapshot.machines.flatMap((m) => m.products).find((p) => p.productId === CLIENT)?.used ?? null
}

function distribution(values: number[]): string {
  const counts = new Map<number, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([value, n]) => `${value}: ${n}`)
    .join(', ')
}

function share(part: number, whole: number): string {
  return whole === 0 ? '0' : `${part} of ${whole} (${((100 * part) / whole).toFixed(1)} %)`
}

async function main(): Promise<void> {
  const seconds = secondsArg()
  const sim = await startSimulator({
    servers: 2,
    machines: 1,
    initialClients: 0,
    seed: 16,
    products: [{ productId: CLIENT, productName: '4D Client', allowed: POOL }],
  })
  for (let i = 0; i < HELD; i++) sim.retain(i % 2 ? 's2' : 's1', CLIENT, 'remote')
  // A client leaves one server and another joins the other in the same tick: the machine always holds 9.
  let moves = 0
  const mover = setInterval(() => {
    const [from, to] = Math.random() < 0.5 ? ['s1', 's2'] : ['s2', 's1']
    const records = sim.truth().servers.find((s) => s.id === from)?.records ?? []
    const leaving = records[Math.floor(Math.random() * records.length)]
    if (!leaving) return
    sim.release(from, leaving.token)
    sim.retain(to, CLIENT, 'remote')
    moves++
  }, MOVE_MS)

  const servers: ServerConfig[] = sim
    .servers()
    .map((info) => ({ id: info.id, name: info.name, url: info.jsonUrl, kind: 'http-json', intervalMs: INTERVAL_MS }))
  const monitor = createMonitor({ servers, demo: false })
  const published: number[] = []
  monitor.onSnapshot((snapshot) => {
    const used = clientUsed(snapshot)
    if (used !== null) published.push(used)
  })
  const sampled: number[] = []
  const sampler = setInterval(() => {
    const used = clientUsed(monitor.getSnapshot())
    if (used !== null) sampled.push(used)
  }, SAMPLE_MS)

  monitor.start()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  clearInterval(sampler)
  clearInterval(mover)
  const last = monitor.getSnapshot()
  await monitor.stop()
  await sim.stop()

  const exhausted = (last.alerts?.transitions ?? []).filter((t) => t.to.level === 'exhausted')
  const flagged = last.machines.flatMap((m) => m.products).flatMap((p) => p.flags)
  console.log(
    `bench:skew: ${seconds} s, pool ${POOL}, ${HELD} held at every instant, ${moves} moves (every ${MOVE_MS} ms), polled every ${INTERVAL_MS} ms`,
  )
  console.log(`  shown (sampled every ${SAMPLE_MS} ms): ${distribution(sampled)}`)
  console.log(
    `  shown 10 or more: ${share(sampled.filter((v) => v >= 10).length, sampled.length)}; above the true 9: ${share(sampled.filter((v) => v > HELD).length, sampled.length)}`,
  )
  console.log(
    `  published snapshots: ${distribution(published)}; 10 or more: ${share(published.filter((v) => v >= 10).length, published.length)}`,
  )
  console.log(
    `  exhausted alert fired: ${exhausted.length > 0 ? `yes (${exhausted.length} time${exhausted.length === 1 ? '' : 's'})` : 'no'}`,
  )
  if (flagged.length > 0) console.log(`  last row's notes: ${flagged.join(' | ')}`)
}

await main()

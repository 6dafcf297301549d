// npm run bench:monitor — one poll cycle of the monitor as the app builds it
// (createMonitor: poller, aggregation, alert evaluation, change detection,
// publishing to a listener) against the raw cost of the same cycle: fetch +
// JSON.parse of the same bodies, all servers at once. The simulator runs in
// its own process (bench/sim-process.ts), so serving the bodies does not share
// the CPU being measured; ratios are of this process's CPU, in one run, at
// several fleet sizes so growth shows. Not a test.
//
//   BENCH_ROUNDS=5 (cycles measured per size, median)   BENCH_SIZES=10x200,50x200 (a subset)
//   BENCH_TICK_MS=500 (the simulator churns: arrivals, departures and state changes every 500 ms; default 0, none)
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { createMonitor } from '../main/core/poll/monitor.ts'
import type { ServerConfig, Snapshot } from '../main/core/types/index.ts'
import type { SimServerInfo } from '../main/simulator/api.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const TICK_MS = Number(process.env.BENCH_TICK_MS ?? 0)
const SIZES: [servers: number, licenses: number][] = (process.env.BENCH_SIZES ?? '10x200,50x200,200x200,10x10000')
  .split(',')
  .map((size) => size.split('x').map(Number) as [number, number])

async function startSim(servers: number, licenses: number): Promise<{ child: ChildProcess; servers: SimServerInfo[] }> {
  const child = spawn(process.execPath, ['bench/sim-process.ts', String(servers), String(licenses), '0', String(TICK_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  for await (const line of createInterface({ input: child.stdout! })) return { child, servers: JSON.parse(line) as SimServerInfo[] }
  throw new Error('the simulator process printed nothing')
}

async function stopSim(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

function configs(servers: SimServerInfo[]): ServerConfig[] {
  // A long interval: the cycles below are driven by pollNow, not by the timers.
  return servers.map((s) => ({
    id: s.id,
    name: s.name,
    url: s.jsonUrl,
    kind: 'http-json',
    machine: s.machine,
    intervalMs: 600_000,
    timeoutMs: 60_000,
  }))
}

/** The baseline: every body fetched concurrently and parsed, nothing else. */
async function rawCycle(list: ServerConfig[]): Promise<number> {
  const counts = await Promise.all(
    list.map(async (config) => {
      const res = await fetch(config.url, { headers: { accept: 'application/json' } })
      const body = JSON.parse(await res.text()) as { usage: unknown[] }
      return body.usage.length
    }),
  )
  return counts.reduce((sum, n) => sum + n, 0)
}

/** CPU milliseconds of this process (user + system) and wall milliseconds of one run. */
async function measure(run: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const cpuStart = process.cpuUsage()
  const started = performance.now()
  await run()
  const wall = performance.now() - started
  const used = process.cpuUsage(cpuStart)
  return { cpu: (used.user + used.system) / 1000, wall }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10)

async function benchSize(servers: number, licenses: number): Promise<string> {
  const sim = await startSim(servers, licenses)
  // The simulator stamps its initial licenses with the second it started in (4D writes no milliseconds); a
  // reading within that second leaves them for the next round (consistency.ts), so the count check below waits.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const list = configs(sim.servers)
  const monitor = createMonitor({ servers: list, demo: false })
  let published = 0
  let last: Snapshot | null = null
  monitor.onSnapshot((snapshot) => {
    published += 1
    last = snapshot
  })
  try {
    // Warm up: connections, JIT, and the monitor's first snapshot.
    for (let i = 0; i < 2; i++) {
      await rawCycle(list)
      await monitor.pollNow()
    }
    // Licenses listed, not `used`: machines of one shared pool (issue 18) each show the whole pool's used.
    const held = (last as Snapshot | null)?.machines.reduce((n, m) => n + m.products.reduce((k, p) => k + p.licenses.length, 0), 0) ?? 0
    // A churning simulator moves away from its initial count between polls: within a tenth of it is a sound reading.
    const expected = servers * licenses
    if (TICK_MS === 0 ? held !== expected : Math.abs(held - expected) > expected / 10)
      throw new Error(`the monitor counted ${held} licenses, the simulator ${TICK_MS === 0 ? 'holds' : 'started with'} ${expected}`)
    const raw: { cpu: number; wall: number }[] = []
    const mon: { cpu: number; wall: number }[] = []
    const before = published
    for (let i = 0; i < ROUNDS; i++) {
      raw.push(await measure(() => rawCycle(list)))
      mon.push(await measure(() => monitor.pollNow()))
    }
    const rawCpu = median(raw.map((r) => r.cpu))
    const monCpu = median(mon.map((r) => r.cpu))
    const rawWall = median(raw.map((r) => r.wall))
    const monWall = median(mon.map((r) => r.wall))
    const perCycle = (published - before) / ROUNDS
    return `| ${servers} x ${licenses} | ${ms(rawCpu)} | ${ms(monCpu)} | ${(monCpu / rawCpu).toFixed(2)}x | ${ms(rawWall)} | ${ms(monWall)} | ${perCycle.toFixed(1)} |`
  } finally {
    await monitor.stop()
    await stopSim(sim.child)
  }
}

console.log(
  `One poll cycle, monitor (createMonitor + pollNow) against raw fetch + JSON.parse, median of ${ROUNDS} (CPU of this process)${TICK_MS > 0 ? `, the simulator churning every ${String(TICK_MS)} ms` : ''}`,
)
console.log(
  '| servers x licenses | raw CPU | monitor CPU | monitor / raw (target <= 1.3) | raw wall | monitor wall | snapshots published per cycle |',
)
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const [servers, licenses] of SIZES) console.log(await benchSize(servers, licenses))

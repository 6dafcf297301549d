// npm run bench:metrics — a /metrics scrape of a collector holding 200 servers
// x 5 products against serialising the same snapshot with JSON.stringify (what
// /api/snapshot sends), as a ratio in one run, with both sizes; then one poll
// cycle of the real monitor at several fleet sizes, to say how many servers
// one collector handles at a 5 s interval. The simulator runs in its own
// process (this file, started with "sim"), so serving the bodies does not
// share the CPU being measured. Not a test.

import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { createMonitor } from '../main/core/poll/monitor.ts'
import { createMetricsCollector } from '../main/metrics/collector.ts'
import { serverConfigsFor } from '../main/simulator/server-configs.ts'
import { startSimulator } from '../main/simulator/simulator.ts'
import type { SimServerInfo } from '../main/simulator/api.ts'

const SERVERS = 200
const SIZES = [50, 100, 200, 400]
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30)
const INTERVAL_MS = 5000
const PRODUCTS = [
  { productId: 808464441, productName: '4D Client', allowed: 40 },
  { productId: 810766668, productName: '4D SQL Server', allowed: 20 },
  { productId: 808464945, productName: '4D Web Server', allowed: 20 },
  { productId: 808465719, productName: '4D REST Test', allowed: 10 },
  { productId: 808465207, productName: '4D View', allowed: 10 },
]

async function startSim(servers: number): Promise<{ child: ChildProcess; infos: SimServerInfo[] }> {
  const child = spawn(process.execPath, [import.meta.filename, 'sim', String(servers)], { stdio: ['ignore', 'pipe', 'inherit'] })
  for await (const line of createInterface({ input: child.stdout! })) return { child, infos: JSON.parse(line) as SimServerInfo[] }
  throw new Error('the simulator process printed nothing')
}

async function stopSim(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

function monitorFor(infos: SimServerInfo[]) {
  const servers = serverConfigsFor(infos).map((config) => ({ ...config, intervalMs: 60_000, timeoutMs: 30_000 }))
  return createMonitor({ servers, demo: false })
}

async function meanMs(run: () => unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await run()
  const started = performance.now()
  for (let i = 0; i < ROUNDS; i++) await run()
  return (performance.now() - started) / ROUNDS
}

const ms = (value: number) => `${value.toFixed(2)} ms`
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

async function scrapeAgainstJson(): Promise<void> {
  const { child, infos } = await startSim(SERVERS)
  const monitor = monitorFor(infos)
  try {
    await monitor.pollNow()
    const collector = createMetricsCollector({ monitor })
    const snapshot = monitor.getSnapshot()
    const up = snapshot.servers.filter((server) => server.status === 'up').length
    const rows = snapshot.machines.reduce((sum, machine) => sum + machine.products.length, 0)
    const licenses = snapshot.machines.reduce((sum, machine) => sum + machine.products.reduce((n, p) => n + p.licenses.length, 0), 0)
    const json = JSON.stringify(snapshot)
    const { body } = await collector.scrape()
    const series = body.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length

    const snapshotMs = await meanMs(() => monitor.getSnapshot())
    const jsonMs = await meanMs(() => JSON.stringify(monitor.getSnapshot()))
    const scrapeMs = await meanMs(() => collector.scrape())
    collector.close()

    console.log(
      `collector: ${up}/${SERVERS} servers up, ${snapshot.machines.length} machines, ${rows} machine x product rows, ${licenses} licenses held`,
    )
    console.log(`getSnapshot alone                     ${ms(snapshotMs)}`)
    console.log(`/api/snapshot: JSON.stringify(getSnapshot)  ${ms(jsonMs)}  ${kib(Buffer.byteLength(json))}`)
    console.log(`/metrics: scrape (getSnapshot + prom-client) ${ms(scrapeMs)}  ${kib(Buffer.byteLength(body))}, ${series} samples`)
    console.log(
      `scrape / JSON: ${(scrapeMs / jsonMs).toFixed(2)}x time, ${(Buffer.byteLength(body) / Buffer.byteLength(json)).toFixed(2)}x size`,
    )
  } finally {
    await monitor.stop()
    await stopSim(child)
  }
}

/** One poll of every server through the real monitor (fetch, parse, aggregate, alert evaluation after each poll). */
async function pollCycles(): Promise<void> {
  console.log(`\npoll cycle of the real monitor, 5 products per server (CPU of this process; the simulator runs apart)`)
  console.log('servers | wall | CPU | CPU share of one core at a 5 s interval')
  for (const size of SIZES) {
    const { child, infos } = await startSim(size)
    const monitor = monitorFor(infos)
    try {
      await monitor.pollNow()
      let wall = Infinity
      let cpu = Infinity
      for (let i = 0; i < 3; i++) {
        const cpuStart = process.cpuUsage()
        const started = performance.now()
        await monitor.pollNow()
        wall = Math.min(wall, performance.now() - started)
        const used = process.cpuUsage(cpuStart)
        cpu = Math.min(cpu, (used.user + used.system) / 1000)
      }
      console.log(`${String(size).padStart(7)} | ${ms(wall)} | ${ms(cpu)} | ${((cpu / INTERVAL_MS) * 100).toFixed(1)} %`)
    } finally {
      await monitor.stop()
      await stopSim(child)
    }
  }
}

async function main(): Promise<void> {
  await scrapeAgainstJson()
  await pollCycles()
}

// Last, so every const above is initialised before the top-level await runs.
if (process.argv[2] === 'sim') {
  // Four servers per machine: pools are shared, as on real multi-server machines.
  const count = Number(process.argv[3])
  const sim = await startSimulator({ servers: count, machines: Math.max(1, Math.ceil(count / 4)), seed: 1, products: PRODUCTS })
  console.log(JSON.stringify(sim.servers()))
  process.on('SIGTERM', () => void sim.stop().then(() => process.exit(0)))
} else {
  await main()
}

// npm run bench:poll — the per-poll pipeline (fetch, size-limited read, parse,
// validate, aggregate) against the raw cost of fetching the same bodies with
// fetch + JSON.parse, and one concurrent cycle over 50 servers against the
// median single server (the slowest is printed too: one unlucky poll under
// load is not the typical cost). Ratios, measured in the same run; not a test.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { aggregate } from '../main/core/usage/aggregate.ts'
import { fetchServer } from '../main/core/ingest/fetch-server.ts'
import { resolveMachine } from '../main/core/usage/machine.ts'
import type { ServerConfig, ServerState } from '../main/core/types/index.ts'
import type { SimServerInfo } from '../main/simulator/api.ts'

const SERVERS = 50
const LICENSES = 200
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const LATENCY_MS = 80

async function startSim(latencyMs: number): Promise<{ child: ChildProcess; servers: SimServerInfo[] }> {
  const child = spawn(process.execPath, ['bench/sim-process.ts', String(SERVERS), String(LICENSES), String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })
  for await (const l of lines) return { child, servers: JSON.parse(l) as SimServerInfo[] }
  throw new Error('the simulator process printed nothing')
}

function configs(servers: SimServerInfo[]): ServerConfig[] {
  return servers.map((s) => ({ id: s.id, name: s.name, url: s.jsonUrl, kind: 'http-json', timeoutMs: 4000, intervalMs: 5000 }))
}

function stateOf(config: ServerConfig, payload: ServerState['payload']): ServerState {
  return {
    id: config.id,
    name: config.name,
    url: config.url,
    machine: resolveMachine(config, payload),
    status: 'up',
    latencyMs: 0,
    lastSuccessAt: null,
    lastAttemptAt: null,
    lastError: null,
    warnings: [],
    consecutiveFailures: 0,
    version: payload?.server.version ?? null,
    payload,
  }
}

const deps = { fetch, now: () => performance.now() }

/** One full pipeline poll of one server; returns its state. */
async function pipelineOne(config: ServerConfig): Promise<ServerState> {
  const outcome = await fetchServer(config, deps)
  if (!outcome.ok) throw new Error(`${config.name}: ${outcome.error}`)
  return stateOf(config, outcome.payload)
}

async function rawOne(config: ServerConfig): Promise<number> {
  const res = await fetch(config.url, { headers: { accept: 'application/json' } })
  const body = JSON.parse(await res.text()) as { usage: unknown[] }
  return body.usage.length
}

/** Sequential pass over every server: CPU cost per poll, no overlap. */
async function sequential(list: ServerConfig[], kind: 'pipeline' | 'raw'): Promise<number> {
  const start = performance.now()
  if (kind === 'raw') {
    for (const c of list) await rawOne(c)
  } else {
    const states: ServerState[] = []
    for (const c of list) states.push(await pipelineOne(c))
    const machines = aggregate(states)
    if (machines.reduce((n, m) => n + m.products[0]!.used, 0) !== SERVERS * LICENSES) throw new Error('aggregation lost records')
  }
  return performance.now() - start
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (ms: number) => `${ms.toFixed(1)} ms`

async function main(): Promise<void> {
  const fast = await startSim(0)
  try {
    const list = configs(fast.servers)
    for (let i = 0; i < 3; i++) {
      await sequential(list, 'raw')
      await sequential(list, 'pipeline')
    } // warm up
    const raw: number[] = []
    const pipe: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      raw.push(await sequential(list, 'raw'))
      pipe.push(await sequential(list, 'pipeline'))
    }
    const r = median(raw),
      p = median(pipe)
    console.log(`Per-poll pipeline, ${SERVERS} servers x ${LICENSES} licenses, ${ROUNDS} rounds (median of sequential passes):`)
    console.log(`  raw fetch + JSON.parse          ${fmt(r)} per pass (${fmt(r / SERVERS)} per server)`)
    console.log(`  pipeline (fetch..aggregate)     ${fmt(p)} per pass (${fmt(p / SERVERS)} per server)`)
    console.log(`  ratio pipeline / raw            ${(p / r).toFixed(2)}x   (target <= 1.5x)`)
  } finally {
    fast.child.kill('SIGTERM')
  }

  const slow = await startSim(LATENCY_MS)
  try {
    const list = configs(slow.servers)
    await Promise.all(list.map(pipelineOne)) // warm up connections
    const singles: number[] = []
    for (const c of list) {
      const t = performance.now()
      await pipelineOne(c)
      singles.push(performance.now() - t)
    }
    const cycles: number[] = []
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      aggregate(await Promise.all(list.map(pipelineOne)))
      cycles.push(performance.now() - t)
    }
    const single = median(singles),
      slowest = Math.max(...singles),
      cycle = median(cycles)
    console.log(`One cycle, ${SERVERS} servers polled concurrently, ${LATENCY_MS} ms simulated network latency each:`)
    console.log(`  median single server            ${fmt(single)}   (slowest ${fmt(slowest)})`)
    console.log(`  concurrent cycle (median of 5)  ${fmt(cycle)}`)
    console.log(
      `  ratio cycle / median single     ${(cycle / single).toFixed(2)}x   (target <= 2x; against the slowest ${(cycle / slowest).toFixed(2)}x)`,
    )
  } finally {
    slow.child.kill('SIGTERM')
  }
}

await main()

// A real Prometheus scraping the served mode: `npm run serve` as a child
// process polls the simulator and publishes /metrics on its own listener;
// Debian's prometheus binary (a child process, not a service) scrapes it every
// second with the Bearer token; its query API must show the numbers of
// /api/snapshot. Loopback only, every wait bounded.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Snapshot } from '../../main/core/types/index.ts'
import { serversJsonFor } from '../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const SIM_TOKEN = 'simulator-bearer-token'
const PAGE_TOKEN = 'page-token-of-the-served-mode-0123456789'
const METRICS_TOKEN = 'metrics-token-for-prometheus-0123456789'

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0
}

const missing = ['prometheus', 'promtool'].filter((name) => !hasCommand(name))
if (missing.length > 0)
  console.log(`test/deploy/prometheus-e2e: skipped, ${missing.join(' and ')} not found (Debian package "prometheus"; .ci/run installs it)`)

let dir: string
/** Unset when prometheus or promtool is missing: beforeAll returns before starting it. */
let simulator: LocalSimulator | undefined
const children: ChildProcess[] = []
let serveUrl = ''
let metricsUrl = ''
let prometheusUrl = ''

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolvePort(port))
    })
  })
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let text = ''
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { child, output: () => text }
}

async function waitFor<T>(what: string, probe: () => Promise<T | null> | T | null, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => null)
    if (value !== null) return value
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

interface VectorSample {
  metric: Record<string, string>
  value: [number, string]
}

async function query(promql: string): Promise<VectorSample[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(5000) })
  const body = (await response.json()) as { status: string; data: { resultType: string; result: VectorSample[] } }
  if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`)
  return body.data.result
}

beforeAll(async () => {
  if (missing.length > 0) return
  dir = mkdtempSync(join(tmpdir(), 'prometheus-e2e-'))
  simulator = await startSimulator({ servers: 3, machines: 2, seed: 21, token: SIM_TOKEN })
  const list = serversJsonFor(simulator.servers(), SIM_TOKEN)
  writeFileSync(
    join(dir, 'servers.json'),
    JSON.stringify({ servers: list.servers.map((server) => ({ ...server, intervalMs: 1000, timeoutMs: 800 })) }),
  )
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>served</title>')

  const serve = start(
    process.execPath,
    [
      'main/serve/cli.ts',
      '--config',
      join(dir, 'servers.json'),
      '--port',
      '0',
      '--static',
      dir,
      '--data',
      join(dir, 'data'),
      '--token',
      PAGE_TOKEN,
      '--metrics-listen',
      '127.0.0.1:0',
      '--metrics-token-env',
      'E2E_METRICS_TOKEN',
    ],
    { ...process.env, E2E_METRICS_TOKEN: METRICS_TOKEN },
  )
  const printed = await waitFor(
    'the served mode to print its URLs',
    () => {
      const text = serve.output()
      const page = /^Listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(text)?.[1]
      const metrics = /^Metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics /m.exec(text)?.[1]
      return page && metrics ? { page, metrics } : null
    },
    30_000,
  )
  serveUrl = printed.page
  metricsUrl = printed.metrics

  const port = await freePort()
  prometheusUrl = `http://127.0.0.1:${port}`
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: fourd-license-monitor',
      '    authorization:',
      '      type: Bearer',
      `      credentials: ${METRICS_TOKEN}`,
      '    static_configs:',
      `      - targets: ['${new URL(metricsUrl).host}']`,
      '',
    ].join('\n'),
  )
  start('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=error',
    '--storage.tsdb.retention.time=1h',
  ])
  await waitFor('Prometheus to be ready', async () => ((await fetch(`${prometheusUrl}/-/ready`)).ok ? true : null), 30_000)
}, 90_000)

afterAll(async () => {
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }),
  )
  await simulator?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
}, 30_000)

describe.skipIf(missing.length > 0)('a real Prometheus scraping the served mode', () => {
  it('stores used, limit, remaining and server up exactly as /api/snapshot has them', async () => {
    // Every server up in Prometheus means at least one scrape after every first poll.
    await waitFor('3 servers up in Prometheus', async () => ((await query('fourd_server_up == 1')).length === 3 ? true : null), 30_000)
    // A second scrape after that, so the stored samples are the settled ones (the simulator does not tick).
    await new Promise((r) => setTimeout(r, 2500))
    const response = await fetch(`${serveUrl}/api/snapshot`, { headers: { authorization: `Bearer ${PAGE_TOKEN}` } })
    const snapshot = (await response.json()) as Snapshot
    const [used, limit, remaining, up] = await Promise.all(
      ['fourd_license_used', 'fourd_license_limit', 'fourd_license_remaining', 'fourd_server_up'].map(query),
    )
    const valueOf = (samples: VectorSample[], labels: Record<string, string>): number | null => {
      const found = samples.filter((s) => Object.entries(labels).every(([key, value]) => s.metric[key] === value))
      return found.length === 1 ? Number(found[0]!.value[1]) : null
    }
    const rows = snapshot.machines.flatMap((machine) => machine.products.map((product) => ({ machine: machine.machine, product })))
    expect(rows.length).toBeGreaterThanOrEqual(4)
    expect(used).toHaveLength(rows.length)
    for (const { machine, product } of rows) {
      const labels = { machine, product_id: String(product.productId), product: product.productName, job: 'fourd-license-monitor' }
      expect(valueOf(used!, labels), `${machine} ${product.productName} used`).toBe(product.used)
      expect(valueOf(limit!, labels), `${machine} ${product.productName} limit`).toBe(product.limit)
      expect(valueOf(remaining!, labels), `${machine} ${product.productName} remaining`).toBe(product.remaining)
    }
    for (const server of snapshot.servers) {
      expect(server.status).toBe('up')
      expect(valueOf(up!, { server: server.name, machine: server.machine })).toBe(1)
    }
  }, 60_000)

  it('a scrape passes promtool check metrics with no problem reported', async () => {
    const response = await fetch(`${metricsUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    const body = await response.text()
    expect(body).toContain('fourd_license_used{')
    const check = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 30_000 })
    expect(`${check.stdout}${check.stderr}`).toBe('')
    expect(check.status).toBe(0)
  })

  it('Prometheus sees the listener refuse a scrape without the token', async () => {
    const response = await fetch(`${metricsUrl}/metrics`)
    expect(response.status).toBe(401)
    const targets = (await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as {
      data: { activeTargets: { health: string; scrapeUrl: string }[] }
    }
    expect(targets.data.activeTargets.map((target) => [target.health, target.scrapeUrl])).toEqual([['up', `${metricsUrl}/metrics`]])
  })
})

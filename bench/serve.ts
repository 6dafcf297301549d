// npm run bench:serve — the served mode as `npm run serve` runs it (main/serve/cli.ts:
// poller, aggregation, alerts, history, the HTTP server) at BENCH_SERVE_SIZE
// (default 200x200: servers x licenses) and the default 5 s interval, the
// simulator in a third process. Over BENCH_SECONDS (default 60) after a 20 s
// warm-up: the served process's CPU as a share of one core, against a raw
// poller's (fetch + JSON.parse of the same bodies every 5 s, its own process)
// in the same run; servers up; GET /api/snapshot latency (median and worst of
// 10); bytes the event stream sends per minute to one open page.
// Targets (issue 11): every server up, under a fifth of a core.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Snapshot } from '../main/core/types/index.ts'
import type { SimServerInfo } from '../main/simulator/api.ts'

const [SERVERS, LICENSES] = (process.env.BENCH_SERVE_SIZE ?? '200x200').split('x').map(Number) as [number, number]
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60)
const WARMUP_MS = 20_000
const TOKEN = 'bench-serve'
const CLOCK_TICKS = 100

/** A child's first stdout line that matches, and the child. */
async function startChild(args: string[], match: RegExp): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  for await (const line of createInterface({ input: child.stdout! })) if (match.test(line)) return { child, line }
  throw new Error(`${args[0]} stopped before printing what was expected`)
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

function getJson(url: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    request(url, { headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ ms: performance.now() - started, body: JSON.parse(text) }))
      res.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

/** Counts the bytes an open event stream receives. */
function countStream(url: string): { bytes: () => number; close: () => void } {
  let bytes = 0
  const req = request(`${url}/api/events`, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' } }, (res) => {
    res.on('data', (chunk: Buffer) => (bytes += chunk.length))
  })
  req.on('error', () => undefined)
  req.end()
  return { bytes: () => bytes, close: () => req.destroy() }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const dir = await mkdtemp(join(tmpdir(), 'bench-serve-'))
const sim = await startChild(['bench/sim-process.ts', String(SERVERS), String(LICENSES), '0'], /^\[/)
const children: ChildProcess[] = [sim.child]
try {
  const servers = JSON.parse(sim.line) as SimServerInfo[]
  const config = { servers: servers.map((s) => ({ name: s.name, url: s.jsonUrl, kind: 'http-json', machine: s.machine })) }
  await writeFile(join(dir, 'servers.json'), JSON.stringify(config))
  const serve = await startChild(
    [
      'main/serve/cli.ts',
      '--config',
      join(dir, 'servers.json'),
      '--port',
      '0',
      '--token',
      TOKEN,
      '--static',
      dir,
      '--data',
      join(dir, 'data'),
    ],
    /^Listening on /,
  )
  children.push(serve.child)
  const url = serve.line.replace('Listening on ', '')
  const raw = await startChild(['bench/raw-poller.ts', '5000', ...servers.map((s) => s.jsonUrl)], /^polling/)
  children.push(raw.child)

  await sleep(WARMUP_MS)
  const stream = countStream(url)
  await sleep(1000)
  const [serveStart, rawStart, bytesStart, t0] = [
    cpuSeconds(serve.child.pid!),
    cpuSeconds(raw.child.pid!),
    stream.bytes(),
    performance.now(),
  ]
  // Snapshot requests spread over the window, not awaited one after the other: a slow answer must not stretch it.
  const requests: Promise<{ ms: number }>[] = []
  for (let i = 0; i < 10; i++) {
    await sleep((SECONDS * 1000) / 10)
    requests.push(getJson(`${url}/api/snapshot`))
  }
  const elapsed = (performance.now() - t0) / 1000
  const serveCpu = (cpuSeconds(serve.child.pid!) - serveStart) / elapsed
  const rawCpu = (cpuSeconds(raw.child.pid!) - rawStart) / elapsed
  const streamBytesPerMinute = ((stream.bytes() - bytesStart) / elapsed) * 60
  stream.close()
  const latencies = (await Promise.all(requests)).map((answer) => answer.ms)
  const snapshot = (await getJson(`${url}/api/snapshot`)).body as Snapshot
  const up = snapshot.servers.filter((s) => s.status === 'up').length
  const held = snapshot.machines.reduce((n, m) => n + m.products.reduce((k, p) => k + p.used, 0), 0)

  console.log(`Served mode (main/serve/cli.ts), ${SERVERS} servers x ${LICENSES} licenses, 5 s interval, ${elapsed.toFixed(0)} s measured`)
  console.log('| figure | served mode | raw poller (baseline) | ratio |')
  console.log('| --- | ---: | ---: | ---: |')
  console.log(
    `| CPU, share of one core (target < 0.20) | ${serveCpu.toFixed(3)} | ${rawCpu.toFixed(3)} | ${(serveCpu / rawCpu).toFixed(2)}x |`,
  )
  console.log(`| servers up (target: all) | ${up} of ${SERVERS} | | |`)
  console.log(`| licenses counted | ${held} of ${SERVERS * LICENSES} | | |`)
  console.log(
    `| GET /api/snapshot, median (worst) of 10 | ${median(latencies).toFixed(0)} ms (${Math.max(...latencies).toFixed(0)} ms) | | |`,
  )
  console.log(`| event stream to one page, per minute | ${(streamBytesPerMinute / 1024 / 1024).toFixed(1)} MB | | |`)
} finally {
  for (const child of children.reverse()) await stop(child)
  await rm(dir, { recursive: true, force: true })
}

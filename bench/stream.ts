// npm run bench:stream — bytes the served mode sends to one page per minute,
// before and after small pushes (issue 11 item 2, issue 12 item 5), in one run.
// A simulator in its own process holds BENCH_STREAM_SIZE (default 50x1000:
// servers x licenses, one server per machine, so a row holds 1,000 licenses)
// and churns every 5 s (arrivals, departures, session states). Two served
// processes, one after the other, poll it at the default 5 s interval: this tree ("after") and the
// code of commit 91b80e8 ("before", whole snapshots on every change; taken
// with `git archive`, or from BENCH_BEFORE_DIR). Over BENCH_SECONDS (default
// 60) after a 30 s warm-up it counts:
// - before: the event stream of one page (the same whatever the page shows);
// - after, rows collapsed: the event stream of one page;
// - after, one 1,000-license row expanded: that page's stream plus the
//   getLicenseList answers it asks for, each time the row's list version moves
//   (with the version it holds, so the changes since it, as the renderer asks).
// Then the cost of serialising one push (median of 20 JSON.stringify calls):
// the events stream does it once per push whatever the number of pages.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, symlinkSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { LicenseListAnswer, LiveSnapshot, Snapshot, SnapshotPatch } from '../main/core/types/index.ts'
import type { SimServerInfo } from '../main/simulator/api.ts'

const [SERVERS, LICENSES] = (process.env.BENCH_STREAM_SIZE ?? '50x1000').split('x').map(Number) as [number, number]
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60)
const WARMUP_MS = 30_000
const TOKEN = 'bench-stream'
const BEFORE_COMMIT = '91b80e8'
const CLIENT_PRODUCT = 808464441

async function startChild(args: string[], match: RegExp, cwd = process.cwd()): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] })
  for await (const line of createInterface({ input: child.stdout! })) if (match.test(line)) return { child, line }
  throw new Error(`${args[0]} stopped before printing what was expected`)
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  await exited
}

function call(url: string, method: 'GET' | 'POST', body?: unknown): Promise<{ bytes: number; value: unknown }> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const req = request(url, { method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => done({ bytes: Buffer.byteLength(text), value: JSON.parse(text) }))
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

interface Page {
  bytes(): number
  events(): number
  lastPatch(): SnapshotPatch | null
  close(): void
}

/** An open event stream; `onEvent` sees each event's name and parsed data. */
function openPage(url: string, onEvent: (name: string, data: unknown) => void = () => undefined, parseSnapshots = false): Page {
  let bytes = 0
  let events = 0
  let pending = ''
  let last: SnapshotPatch | null = null
  const req = request(`${url}/api/events`, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      bytes += Buffer.byteLength(chunk)
      // Searched from where the last search stopped: a 12 MB frame arrives in hundreds of chunks, and a
      // page that reads slowly is dropped by the server (8 MiB buffered), which would spoil the count.
      const from = Math.max(0, pending.length - 1)
      pending += chunk
      let end = pending.indexOf('\n\n', from)
      for (; end >= 0; end = pending.indexOf('\n\n')) {
        const block = pending.slice(0, end)
        pending = pending.slice(end + 2)
        const name = /^event: (.*)$/m.exec(block)?.[1]
        if (name === undefined) continue
        events += 1
        // Whole snapshots (every push before) are counted, not parsed: parsing 12 MB per push would slow the reader.
        if (name === 'snapshot' && !parseSnapshots) continue
        const data = block.slice(block.indexOf('data: ') + 'data: '.length)
        const value: unknown = JSON.parse(data)
        if (name === 'snapshotPatch') last = value as SnapshotPatch
        onEvent(name, value)
      }
    })
  })
  req.on('error', () => undefined)
  req.end()
  return { bytes: () => bytes, events: () => events, lastPatch: () => last, close: () => req.destroy() }
}

/** A page with one row expanded: asks for its list at once and whenever a push says the list moved on. */
function openExpandedPage(url: string, machine: string): Page & { listBytes(): number; fetches(): number } {
  let held = -1
  let listBytes = 0
  let fetches = 0
  let inFlight = false
  const fetchList = (version: number): void => {
    if (version <= held || inFlight) return
    inFlight = true
    fetches += 1
    // With the version held, as the renderer asks since issue 11 item 3: the changes come back, not the list.
    const args = held < 0 ? [machine, CLIENT_PRODUCT] : [machine, CLIENT_PRODUCT, held]
    void call(`${url}/api/call/getLicenseList`, 'POST', args).then(({ bytes, value }) => {
      listBytes += bytes
      inFlight = false
      const answer = value as { ok: boolean; data?: LicenseListAnswer }
      if (answer.ok && answer.data) held = answer.data.listVersion
    })
  }
  const page = openPage(
    url,
    (name, data) => {
      const rows =
        name === 'snapshot'
          ? (data as LiveSnapshot).machines.filter((m) => m.machine === machine).flatMap((m) => m.products.map((row) => ({ machine, row })))
          : ((data as SnapshotPatch).rows ?? []).filter((entry) => entry.machine === machine)
      for (const { row } of rows) if (row.productId === CLIENT_PRODUCT && row.listVersion !== undefined) fetchList(row.listVersion)
    },
    true,
  )
  return { ...page, listBytes: () => listBytes, fetches: () => fetches }
}

function medianMs(run: () => void): number {
  const times: number[] = []
  for (let i = 0; i < 20; i++) {
    const started = performance.now()
    run()
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)[10]!
}

/** The served mode of commit 91b80e8, with this tree's node_modules. */
function beforeTree(scratch: string): string {
  const given = process.env.BENCH_BEFORE_DIR
  if (given) return resolve(given)
  const dir = join(scratch, 'before')
  mkdirSync(dir)
  const archive = execFileSync('git', ['archive', '--format=tar', BEFORE_COMMIT, 'main', 'package.json'], { maxBuffer: 256 * 1024 * 1024 })
  execFileSync('tar', ['-x', '-C', dir], { input: archive })
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(resolve('node_modules'), join(dir, 'node_modules'))
  return dir
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))
const perMinute = (bytes: number, seconds: number) => (bytes / seconds) * 60
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`

const scratch = await mkdtemp(join(tmpdir(), 'bench-stream-'))
const children: ChildProcess[] = []
try {
  const sim = await startChild(['bench/sim-process.ts', String(SERVERS), String(LICENSES), '0', '5000', String(SERVERS)], /^\[/)
  children.push(sim.child)
  const servers = JSON.parse(sim.line) as SimServerInfo[]
  const config = { servers: servers.map((s) => ({ name: s.name, url: s.jsonUrl, kind: 'http-json', machine: s.machine })) }
  await writeFile(join(scratch, 'servers.json'), JSON.stringify(config))
  const serveArgs = (data: string) => [
    'main/serve/cli.ts',
    '--config',
    join(scratch, 'servers.json'),
    '--port',
    '0',
    '--token',
    TOKEN,
    '--static',
    scratch,
    '--data',
    join(scratch, data),
  ]
  const machine = servers[0]!.machine

  /** One served process at a time: two at 50 x 1,000 on a small machine would slow each other's polls. */
  async function measure(tree: string, data: string, expand: boolean) {
    const served = await startChild(serveArgs(data), /^Listening on /, tree)
    try {
      const url = served.line.replace('Listening on ', '')
      await sleep(WARMUP_MS)
      const collapsed = openPage(url)
      const expanded = expand ? openExpandedPage(url, machine) : null
      // The first seconds hold each page's snapshot at connect: counted apart.
      await sleep(2000)
      const start = {
        collapsed: collapsed.bytes(),
        events: collapsed.events(),
        expanded: expanded?.bytes() ?? 0,
        list: expanded?.listBytes() ?? 0,
      }
      const fetchesAtStart = expanded?.fetches() ?? 0
      const t0 = performance.now()
      await sleep(SECONDS * 1000)
      const seconds = (performance.now() - t0) / 1000
      const result = {
        seconds,
        collapsed: perMinute(collapsed.bytes() - start.collapsed, seconds),
        pushes: ((collapsed.events() - start.events) / seconds) * 60,
        expanded: expanded === null ? 0 : perMinute(expanded.bytes() - start.expanded + expanded.listBytes() - start.list, seconds),
        fetches: (expanded?.fetches() ?? 0) - fetchesAtStart,
        patch: collapsed.lastPatch(),
        whole: (await call(`${url}/api/snapshot`, 'GET')).value as Snapshot,
        live: expand ? ((await call(`${url}/api/call/getLiveSnapshot`, 'POST', [])).value as { data: LiveSnapshot }).data : null,
      }
      collapsed.close()
      expanded?.close()
      return result
    } finally {
      await stop(served.child)
    }
  }

  const after = await measure(process.cwd(), 'after', true)
  const before = await measure(beforeTree(scratch), 'before', false)
  const { whole, live, patch } = after
  const wholeMs = medianMs(() => JSON.stringify(whole))
  const patchMs = patch === null ? NaN : medianMs(() => JSON.stringify(patch))
  const status = (snapshot: Snapshot): string => {
    const up = snapshot.servers.filter((s) => s.status === 'up').length
    const reason = snapshot.servers.find((s) => s.status !== 'up')?.lastError
    return `${up} of ${SERVERS} up${reason ? ` (one other: ${reason})` : ''}`
  }

  console.log(
    `Event stream to one page, ${SERVERS} servers x ${LICENSES} licenses (one server per machine), churn and polls every 5 s, ${after.seconds.toFixed(0)} s measured per phase`,
  )
  console.log(`Servers at the end: before ${status(before.whole)}; after ${status(whole)}`)
  console.log('| page | bytes per minute | pushes per minute | vs before |')
  console.log('| --- | ---: | ---: | ---: |')
  console.log(`| before (${BEFORE_COMMIT}: whole snapshot per change) | ${mb(before.collapsed)} | ${before.pushes.toFixed(0)} | 1 |`)
  console.log(
    `| after, rows collapsed | ${mb(after.collapsed)} | ${after.pushes.toFixed(0)} | ${(before.collapsed / after.collapsed).toFixed(0)}x less |`,
  )
  console.log(
    `| after, one ${LICENSES.toLocaleString('en-US')}-license row expanded (stream + ${after.fetches} list fetches) | ${mb(after.expanded)} | | ${(before.collapsed / after.expanded).toFixed(0)}x less |`,
  )
  console.log(`Serialising one push (median of 20; once per push for any number of pages):`)
  console.log(`| payload | size | JSON.stringify |`)
  console.log(`| --- | ---: | ---: |`)
  console.log(`| whole snapshot (/api/snapshot; every push before) | ${mb(JSON.stringify(whole).length)} | ${wholeMs.toFixed(2)} ms |`)
  console.log(`| live snapshot (at connect) | ${mb(JSON.stringify(live).length)} | |`)
  console.log(`| last patch | ${(JSON.stringify(patch).length / 1024).toFixed(1)} KB | ${patchMs.toFixed(2)} ms |`)
} finally {
  for (const child of children.reverse()) await stop(child)
  await rm(scratch, { recursive: true, force: true })
}

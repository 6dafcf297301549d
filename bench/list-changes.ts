// npm run bench:list-changes — bytes one change of an expanded row costs a
// page (issue 11 item 3). A simulator (real sockets) holds one machine whose
// 4D Client row has 1,000 licenses (one server) or 10,000 (ten servers of
// 1,000); the served mode (startServeServer, as `npm run serve` builds it)
// polls it through the real monitor; a page holds the event stream open and
// the row's list. Then one client arrives at a time (BENCH_ARRIVALS, default
// 10): after the patch that moves the row's listVersion, the page asks
// getLicenseList over HTTP twice: whole (what the page did before: every
// change refetched the list) and with `since` (the changes). Per change:
// the bytes of each answer and of the patch push, and, in Node, the time a
// page spends to take each in (JSON.parse; plus applying the changes to its
// copy with the renderer's own code). Sizes: BENCH_LIST_SIZES (default
// 1000,10000).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMonitor } from '../main/core/poll/monitor.ts'
import type { LicenseListChanges, LicenseListView, LiveSnapshot, SnapshotPatch } from '../main/core/types/index.ts'
import { startServeServer } from '../main/serve/server.ts'
import { serverConfigsFor } from '../main/simulator/server-configs.ts'
import { startSimulator } from '../main/simulator/simulator.ts'
import { applyListChanges } from '../renderer/src/model/license-list-changes.ts'

const SIZES = (process.env.BENCH_LIST_SIZES ?? '1000,10000').split(',').map(Number)
const ARRIVALS = Number(process.env.BENCH_ARRIVALS ?? 10)
const PER_SERVER = 1000
const CLIENT = 808464441
const TOKEN = 'bench-list-changes'

/** A call of the contract over HTTP, as the served page makes it: the answer's bytes and its text. */
function call(url: string, args: unknown[]): Promise<string> {
  return new Promise((done, fail) => {
    const req = request(
      `${url}/api/call/getLicenseList`,
      { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => done(text))
        res.on('error', fail)
      },
    )
    req.on('error', fail)
    req.end(JSON.stringify(args))
  })
}

/** The page's event stream: each event's name, its data's bytes and its parsed data, handed to whoever waits. */
function openStream(url: string) {
  const waiting: ((name: string, bytes: number, data: unknown) => boolean)[] = []
  let pending = ''
  const req = request(`${url}/api/events`, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      pending += chunk
      for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
        const block = pending.slice(0, end + 2)
        pending = pending.slice(end + 2)
        const name = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (name === undefined || data === undefined) continue
        const value: unknown = JSON.parse(data)
        for (const [i, wait] of waiting.entries()) {
          if (wait(name, Buffer.byteLength(block), value)) waiting.splice(i, 1)
        }
      }
    })
  })
  req.end()
  return {
    /** The next event for which `match` says yes. */
    until<T>(match: (name: string, bytes: number, data: unknown) => T | null): Promise<T> {
      return new Promise((done) =>
        waiting.push((name, bytes, data) => {
          const found = match(name, bytes, data)
          if (found === null) return false
          done(found)
          return true
        }),
      )
    },
    close: () => req.destroy(),
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

const scratch = await mkdtemp(join(tmpdir(), 'bench-list-changes-'))
await writeFile(join(scratch, 'index.html'), '<!doctype html><title>bench</title>')
const rows: string[] = []
try {
  for (const size of SIZES) {
    const servers = Math.max(1, Math.round(size / PER_SERVER))
    const sim = await startSimulator({
      servers,
      machines: 1,
      seed: 3,
      products: [{ productId: CLIENT, productName: '4D Client', allowed: size + 1000 }],
      initialClients: Math.round(size / servers),
    })
    const monitor = createMonitor({ servers: serverConfigsFor(sim.servers()), demo: false })
    await monitor.pollNow()
    const served = await startServeServer({ monitor, port: 0, token: TOKEN, staticDir: scratch })
    const stream = openStream(served.url)
    try {
      const live = await stream.until((name, _bytes, data) => (name === 'snapshot' ? (data as LiveSnapshot) : null))
      const machine = live.machines[0]?.machine ?? ''
      const first = JSON.parse(await call(served.url, [machine, CLIENT])) as { data: LicenseListView }
      let held = { listVersion: first.data.listVersion, licenses: first.data.licenses }
      const figures = {
        whole: [] as number[],
        changes: [] as number[],
        patch: [] as number[],
        parseWhole: [] as number[],
        takeChanges: [] as number[],
      }
      for (let arrival = 0; arrival < ARRIVALS; arrival++) {
        const moved = stream.until((name, bytes, data) => {
          if (name !== 'snapshotPatch') return null
          const row = (data as SnapshotPatch).rows?.find((entry) => entry.machine === machine && entry.row.productId === CLIENT)
          return row?.row.listVersion !== undefined && row.row.listVersion > held.listVersion ? bytes : null
        })
        if (sim.retain(sim.servers()[0]?.id ?? 's1', CLIENT) === null) throw new Error('the pool is full')
        await monitor.pollNow()
        figures.patch.push(await moved)
        const changesText = await call(served.url, [machine, CLIENT, held.listVersion])
        const wholeText = await call(served.url, [machine, CLIENT])
        figures.changes.push(Buffer.byteLength(changesText))
        figures.whole.push(Buffer.byteLength(wholeText))
        let started = performance.now()
        const whole = (JSON.parse(wholeText) as { data: LicenseListView }).data
        figures.parseWhole.push(performance.now() - started)
        started = performance.now()
        const answer = (JSON.parse(changesText) as { data: LicenseListChanges | LicenseListView }).data
        if (!('removed' in answer)) throw new Error('the changes were answered whole')
        const outcome = applyListChanges(held, answer)
        figures.takeChanges.push(performance.now() - started)
        if (!outcome.ok) throw new Error(`the changes did not apply: ${outcome.cause}`)
        const patched = outcome.licenses
        if (JSON.stringify(patched) !== JSON.stringify(whole.licenses)) throw new Error('the patched copy differs from the whole list')
        held = { listVersion: answer.listVersion, licenses: patched }
      }
      rows.push(
        `| ${held.licenses.length.toLocaleString('en-US')} (${String(servers)} server${servers > 1 ? 's' : ''}) | ${kb(median(figures.whole))} | ${kb(median(figures.changes))} | ` +
          `${(median(figures.whole) / median(figures.changes)).toFixed(0)}x | ${kb(median(figures.patch))} | ` +
          `${median(figures.parseWhole).toFixed(2)} ms | ${median(figures.takeChanges).toFixed(2)} ms |`,
      )
    } finally {
      stream.close()
      await served.close()
      await monitor.stop()
      await sim.stop()
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true })
}

console.log(`One client arriving at a time (${String(ARRIVALS)} per size, medians), over the served mode's HTTP calls and event stream:`)
console.log(
  '| licenses in the expanded row | before: whole list per change | after: the changes | less | the patch push (both) | page, JSON.parse of the whole list | page, parse + apply the changes |',
)
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const row of rows) console.log(row)

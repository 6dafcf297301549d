// npm run bench:history — the history store's write path and size on disk.
// 1. Sample inserts per second through the real recorder (one transaction per
//    poll of 20 servers x 5 products = 100 samples), against bare INSERTs of
//    the same rows into a plain table with the same pragmas and batch size.
// 2. Size on disk of 30 days of history for 20 servers x 5 products at a 5 s
//    interval after rollups: the last 48 h recorded raw through the recorder,
//    older days as the per-minute rows retention would have left, then
//    retention run for real (hour rollups, deletions) and the file measured.
// 3. Snapshots with license lists, as the monitor makes them (10 servers x
//    1,000 licenses, 10 clients replaced per server between polls): one record
//    with its holdings against the same snapshot recorded without its license
//    lists, each into a fresh history (bench/fleet-snapshots.ts).
// Not a test: figures and ratios measured in the same run.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { inTransaction, openHistory } from '../main/core/history/db.ts'
import { writeMark } from '../main/core/history/marks.ts'
import { HOUR_MS, MINUTE_MS } from '../main/core/history/periods.ts'
import { createRecorder } from '../main/core/history/recorder.ts'
import { runRetention } from '../main/core/history/retention.ts'
import type { MachineUsage, Snapshot } from '../main/core/types/index.ts'
import { fleetSnapshots } from './fleet-snapshots.ts'

const SERVERS = 20
const PRODUCTS = 5
const INTERVAL_MS = 5000
const DAYS = Number(process.env.BENCH_DAYS ?? 30)
const RATE_POLLS = Number(process.env.BENCH_POLLS ?? 10000)
const DAY_MS = 24 * HOUR_MS

/** One poll: every server alone on its machine, 5 products each, used drifting with t. */
function pollSnapshot(t: number): Snapshot {
  const machines: MachineUsage[] = Array.from({ length: SERVERS }, (_, s) => ({
    machine: `srv-${String(s).padStart(2, '0')}`,
    servers: [`Server ${s}`],
    products: Array.from({ length: PRODUCTS }, (_, p) => {
      const used = (Math.floor(t / 60_000) * (s + 1) + p * 7 + (Math.floor(t / INTERVAL_MS) % 3)) % 50
      return {
        productId: p + 1,
        productName: `Product ${p + 1}`,
        used,
        limit: 50,
        remaining: 50 - used,
        utilization: used / 50,
        unlimited: false,
        limitSource: 'licenseInfo' as const,
        status: 'ok' as const,
        shares: [{ server: `Server ${s}`, used }],
        flags: [],
        stale: false,
        licenses: [],
      }
    }),
  }))
  return { generatedAt: new Date(t).toISOString(), demo: false, machines, servers: [] }
}

function fileBytes(file: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0)
}

function benchInsertRate(dir: string): void {
  const snapshots = Array.from({ length: 200 }, (_, i) => pollSnapshot(i * INTERVAL_MS))
  const history = openHistory(join(dir, 'rate'))
  const recorder = createRecorder(history.db)
  // Warm-up (series rows created, code optimised) before timing, for both sides alike.
  for (let i = 0; i < 200; i++) recorder.record(snapshots[i]!, -1 - i)
  const t0 = performance.now()
  for (let i = 0; i < RATE_POLLS; i++) recorder.record(snapshots[i % snapshots.length]!, i * INTERVAL_MS)
  const recorderMs = performance.now() - t0
  history.close()

  const bare = new DatabaseSync(join(dir, 'bare.sqlite'))
  bare.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000')
  bare.exec(
    'CREATE TABLE samples (at INTEGER, series_id INTEGER, used INTEGER, lim INTEGER, remaining INTEGER, status TEXT, stale INTEGER)',
  )
  const insert = bare.prepare('INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?)')
  for (let i = 0; i < 200 * SERVERS * PRODUCTS; i++) insert.run(-1, i, 0, 0, 0, 'ok', 0)
  const t1 = performance.now()
  for (let i = 0; i < RATE_POLLS; i++) {
    const snapshot = snapshots[i % snapshots.length]!
    inTransaction(bare, () => {
      let series = 0
      for (const machine of snapshot.machines)
        for (const p of machine.products) insert.run(i * INTERVAL_MS, series++, p.used, p.limit, p.remaining, p.status, 0)
    })
  }
  const bareMs = performance.now() - t1
  bare.close()

  const rows = RATE_POLLS * SERVERS * PRODUCTS
  const rate = (ms: number): number => Math.round(rows / (ms / 1000))
  console.log(`inserts: ${rows} samples in ${RATE_POLLS} transactions of ${SERVERS * PRODUCTS}`)
  console.log(
    `  recorder (samples + series + holdings + mark): ${rate(recorderMs).toLocaleString('en-US')} samples/s (${recorderMs.toFixed(0)} ms)`,
  )
  console.log(`  bare INSERT baseline, same pragmas:           ${rate(bareMs).toLocaleString('en-US')} samples/s (${bareMs.toFixed(0)} ms)`)
  console.log(
    `  ratio recorder/baseline: ${(rate(recorderMs) / rate(bareMs)).toFixed(2)}  (target >= 200,000 samples/s: ${rate(recorderMs) >= 200_000 ? 'met' : 'NOT met'})`,
  )
}

/** Minute rows as retention leaves them for one day of polls, written in hour-sized transactions. */
function synthesizeMinutes(db: DatabaseSync, seriesIds: number[], dayStart: number): void {
  const insert = db.prepare(
    'INSERT INTO rollup_minute (at, series_id, n, sum_used, min_used, max_used, max_at, lim) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const perMinute = MINUTE_MS / INTERVAL_MS
  for (let hour = 0; hour < 24; hour++) {
    inTransaction(db, () => {
      for (let m = 0; m < 60; m++) {
        const at = dayStart + hour * HOUR_MS + m * MINUTE_MS
        const snapshot = pollSnapshot(at)
        let i = 0
        for (const machine of snapshot.machines) {
          for (const p of machine.products)
            insert.run(at, seriesIds[i++]!, perMinute, p.used * perMinute, Math.max(0, p.used - 2), p.used, at + INTERVAL_MS, p.limit)
        }
      }
    })
  }
}

function benchSize(dir: string): void {
  const end = Math.floor(Date.UTC(2026, 10, 28) / HOUR_MS) * HOUR_MS
  const start = end - DAYS * DAY_MS
  const rawFrom = end - 2 * DAY_MS
  const history = openHistory(join(dir, 'size'))
  const recorder = createRecorder(history.db)
  const t0 = performance.now()
  recorder.record(pollSnapshot(rawFrom), rawFrom)
  const seriesIds = (
    history.db.prepare(`SELECT id FROM series WHERE server = '' ORDER BY machine, product_id`).all() as { id: number }[]
  ).map((r) => r.id)
  for (let day = start; day < rawFrom; day += DAY_MS) synthesizeMinutes(history.db, seriesIds, day)
  writeMark(history.db, 'minute_done', rawFrom)
  const synthMs = performance.now() - t0
  const t1 = performance.now()
  let polls = 1
  for (let t = rawFrom + INTERVAL_MS; t < end; t += INTERVAL_MS, polls++) recorder.record(pollSnapshot(t), t)
  const recordMs = performance.now() - t1
  const t2 = performance.now()
  const summary = runRetention(history.db, end)
  const retentionMs = performance.now() - t2
  history.db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  const count = (table: string): number => (history.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  const counts = { samples: count('samples'), rollup_minute: count('rollup_minute'), rollup_hour: count('rollup_hour') }
  history.close()
  const bytes = fileBytes(join(dir, 'size', 'history.sqlite'))
  console.log(`size: ${DAYS} days, ${SERVERS} servers x ${PRODUCTS} products, ${INTERVAL_MS / 1000} s interval, after rollups`)
  console.log(
    `  rows: ${counts.samples.toLocaleString('en-US')} raw (48 h), ${counts.rollup_minute.toLocaleString('en-US')} per-minute, ${counts.rollup_hour.toLocaleString('en-US')} per-hour`,
  )
  console.log(
    `  file: ${bytes.toLocaleString('en-US')} bytes = ${(bytes / 1024 / 1024).toFixed(1)} MB (${(bytes / (counts.samples + counts.rollup_minute + counts.rollup_hour)).toFixed(1)} bytes/row)`,
  )
  console.log(
    `  time: older minutes synthesized in ${(synthMs / 1000).toFixed(1)} s; ${polls} polls recorded in ${(recordMs / 1000).toFixed(1)} s ` +
      `(${Math.round((polls * SERVERS * PRODUCTS) / (recordMs / 1000)).toLocaleString('en-US')} samples/s); retention ${(retentionMs / 1000).toFixed(1)} s ` +
      `(${summary.minuteRollups.toLocaleString('en-US')} minute and ${summary.hourRollups.toLocaleString('en-US')} hour rollups)`,
  )
}

const LICENSE_SERVERS = 10
const LICENSES_PER_SERVER = Number(process.env.BENCH_LICENSES ?? 1000)
const LICENSE_POLLS = 40

/** Milliseconds of each record of `snapshots`, in order, into a fresh history. */
function recordTimes(dir: string, name: string, snapshots: Snapshot[]): number[] {
  const history = openHistory(join(dir, name))
  const recorder = createRecorder(history.db)
  const start = Date.UTC(2026, 10, 28, 9)
  const times = snapshots.map((snapshot, i) => {
    const t = performance.now()
    recorder.record(snapshot, start + i * INTERVAL_MS)
    return performance.now() - t
  })
  history.close()
  return times
}

async function benchLicenses(dir: string): Promise<void> {
  const snapshots = await fleetSnapshots({
    servers: LICENSE_SERVERS,
    licensesPerServer: LICENSES_PER_SERVER,
    snapshots: LICENSE_POLLS,
    churnPerServer: 10,
  })
  const bare = snapshots.map((snapshot) => ({
    ...snapshot,
    machines: snapshot.machines.map((machine) => ({ ...machine, products: machine.products.map((p) => ({ ...p, licenses: [] })) })),
  }))
  // Twice each, alternating, and the second pass kept: the first warms the code up.
  recordTimes(dir, 'warm-licenses', snapshots)
  recordTimes(dir, 'warm-bare', bare)
  const withLicenses = recordTimes(dir, 'licenses', snapshots)
  const without = recordTimes(dir, 'bare', bare)
  // The first record opens every holding; the steady state is every record after it.
  const steady = (times: number[]) => median(times.slice(1))
  const licenses = LICENSE_SERVERS * LICENSES_PER_SERVER
  console.log(`snapshots with licenses: ${LICENSE_SERVERS} servers x ${LICENSES_PER_SERVER} licenses, 10 replaced per server per poll`)
  console.log(`  first record (opens ${licenses.toLocaleString('en-US')} holdings): ${withLicenses[0]!.toFixed(1)} ms`)
  console.log(
    `  each later record, median of ${LICENSE_POLLS - 1}: ${steady(withLicenses).toFixed(2)} ms with license lists, ` +
      `${steady(without).toFixed(2)} ms without (ratio ${(steady(withLicenses) / steady(without)).toFixed(1)}x; ` +
      `${((steady(withLicenses) * 1000) / licenses).toFixed(2)} µs per license held)`,
  )
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const dir = mkdtempSync(join(tmpdir(), 'lm-bench-history-'))
try {
  if (process.env.BENCH_PARTS !== 'licenses') {
    benchInsertRate(dir)
    benchSize(dir)
  }
  await benchLicenses(dir)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

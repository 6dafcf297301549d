// bench:export, second part: a month at minute granularity through the path
// the app takes. A history with a month of per-minute rows (as retention leaves
// them) for BENCH_MONTH_SERIES series (default 20: 864,000 rows); then, in one
// run:
//   baseline   a bare cursor over the same rollup_minute rows (SELECT, iterate)
//   query      the export's own query (historyRows: usageOverRange), first row and all rows
//   file       writeExportFile: query + writer to a file (the desktop save, the CLI)
//   served     GET /api/export from the served route in its own process: first body byte and last
// "before" for the served download: the route wrote the file first, so its
// first byte came after at least the file export's time.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { writeExportFile } from '../main/core/export/export-file.ts'
import { parseExportQuery } from '../main/core/export/export-request.ts'
import { historyRows } from '../main/core/export/export-rows.ts'
import { inTransaction } from '../main/core/history/db.ts'
import { writeMark } from '../main/core/history/marks.ts'
import { openHistoryStore, type HistoryStore } from '../main/core/history/store.ts'
import type { MachineUsage, Snapshot } from '../main/core/types/index.ts'

const SERIES = Number(process.env.BENCH_MONTH_SERIES ?? 20)
const PRODUCTS = 5
const MINUTE = 60_000
const DAYS = 30
const START = Date.UTC(2026, 9, 1)
const END = START + DAYS * 24 * 60 * MINUTE
const QUERY = 'kind=history&from=2026-10-01T00:00:00Z&to=2026-10-31T00:00:00Z&granularity=minute&locale=pt-BR'
const TOKEN = 'bench-export'

/** One snapshot naming every series (machines of 5 products), so the history creates them. */
function seriesSnapshot(): Snapshot {
  const machines: MachineUsage[] = Array.from({ length: Math.ceil(SERIES / PRODUCTS) }, (_, m) => ({
    machine: `srv-${String(m).padStart(2, '0')}`,
    servers: [`Server ${m}`],
    products: Array.from({ length: Math.min(PRODUCTS, SERIES - m * PRODUCTS) }, (_, p) => ({
      productId: 808464441 + p,
      productName: `4D product ${p}`,
      used: 1,
      limit: 50,
      remaining: 49,
      utilization: 0.02,
      unlimited: false,
      limitSource: 'licenseInfo' as const,
      status: 'ok' as const,
      shares: [{ server: `Server ${m}`, used: 1 }],
      flags: [],
      stale: false,
      licenses: [],
    })),
  }))
  return { generatedAt: new Date(START).toISOString(), demo: false, machines, servers: [] }
}

function fillMonth(store: HistoryStore): number {
  store.record(seriesSnapshot(), START - MINUTE)
  const ids = (store.db.prepare(`SELECT id FROM series WHERE server = ''`).all() as { id: number }[]).map((row) => row.id)
  const insert = store.db.prepare(
    'INSERT INTO rollup_minute (at, series_id, n, sum_used, min_used, max_used, max_at, lim) VALUES (?, ?, 12, ?, ?, ?, ?, 50)',
  )
  for (let day = 0; day < DAYS; day++) {
    inTransaction(store.db, () => {
      for (let minute = 0; minute < 24 * 60; minute++) {
        const at = START + (day * 24 * 60 + minute) * MINUTE
        for (const id of ids) {
          const used = (minute * 7 + id * 3) % 50
          insert.run(at, id, used * 12, Math.max(0, used - 2), used, at + 5000)
        }
      }
    })
  }
  store.db.prepare('DELETE FROM samples').run()
  writeMark(store.db, 'minute_done', END)
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  return ids.length * DAYS * 24 * 60
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function servedDownload(url: string): Promise<{ firstByteMs: number; firstRowMs: number; totalMs: number; bytes: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/export?${QUERY}`, { headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      let firstByteMs = -1
      // The BOM and the header line go out before the query yields: the first data row ends at the second CRLF.
      let firstRowMs = -1
      let lineEnds = 0
      let bytes = 0
      res.on('data', (chunk: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started
        for (let i = chunk.indexOf(10); firstRowMs < 0 && i >= 0; i = chunk.indexOf(10, i + 1))
          if (++lineEnds === 2) firstRowMs = performance.now() - started
        bytes += chunk.length
      })
      res.on('end', () => resolve({ firstByteMs, firstRowMs, totalMs: performance.now() - started, bytes }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

export async function benchMonthExport(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-export-month-'))
  try {
    const store = openHistoryStore(join(dir, 'data'))
    const t0 = performance.now()
    const rows = fillMonth(store)
    console.log(
      `\nA month at minute granularity: ${SERIES} series x 30 days = ${rows.toLocaleString('en-US')} rows (built in ${seconds(performance.now() - t0)})\n`,
    )
    const parsed = parseExportQuery(new URLSearchParams(QUERY), END)
    if (!parsed.ok) throw new Error(parsed.error)

    const t1 = performance.now()
    let bare = 0
    for (const _row of store.db.prepare('SELECT * FROM rollup_minute WHERE at >= ? AND at < ?').iterate(START, END)) bare++
    const bareMs = performance.now() - t1

    const t2 = performance.now()
    let firstRowMs = -1
    let queried = 0
    for (const _row of historyRows(store.db, parsed.job)) {
      if (firstRowMs < 0) firstRowMs = performance.now() - t2
      queried++
    }
    const queryMs = performance.now() - t2

    const t3 = performance.now()
    const written = await writeExportFile(store.db, parsed.job, join(dir, 'month.csv'))
    const fileMs = performance.now() - t3
    store.close()

    const child = spawn(process.execPath, ['bench/export-server.ts', join(dir, 'data'), TOKEN, String(END)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const url = (await lines.next()).value as string
    const served = await servedDownload(url)
    child.kill('SIGTERM')
    const { peakAddedRssMb } = JSON.parse((await lines.next()).value as string) as { peakAddedRssMb: number }

    if (bare !== rows || queried !== rows || written.rows !== rows)
      throw new Error(`rows differ: ${bare}, ${queried}, ${written.rows}, expected ${rows}`)
    if (served.bytes !== written.bytes) throw new Error(`the download has ${served.bytes} bytes, the file ${written.bytes}`)
    const fileMb = (await stat(join(dir, 'month.csv'))).size / 1024 / 1024
    console.log('| path | first row / byte | all rows | against the bare cursor |')
    console.log('| --- | ---: | ---: | ---: |')
    console.log(`| bare cursor over rollup_minute (baseline) | | ${seconds(bareMs)} | 1.00x |`)
    console.log(`| export query (usageOverRange) | ${seconds(firstRowMs)} | ${seconds(queryMs)} | ${(queryMs / bareMs).toFixed(2)}x |`)
    console.log(`| file export: query + writer (${fileMb.toFixed(1)} MB) | | ${seconds(fileMs)} | ${(fileMs / bareMs).toFixed(2)}x |`)
    console.log(
      `| served download, streamed | ${seconds(served.firstByteMs)} (first row ${seconds(served.firstRowMs)}) | ${seconds(served.totalMs)} | ${(served.totalMs / bareMs).toFixed(2)}x |`,
    )
    console.log(`| served download before (file written first) | >= ${seconds(fileMs)} | >= ${seconds(fileMs)} | |`)
    console.log(`\nserved process: peak added RSS ${peakAddedRssMb.toFixed(1)} MB while streaming ${fileMb.toFixed(1)} MB`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// npm run bench:export [-- --rows 1000000 --locale pt-BR]
// 1,000,000 history rows to CSV with our writer and with csv-stringify (stream
// API) configured the same way: delimiter and decimal separator of the
// locale, RFC 4180 quoting plus OWASP-prefixed cells quoted, CRLF, BOM. Each
// side runs in its own child process so their memory does not mix; the child
// samples its RSS every 5 ms and also reports the kernel's maxRSS. The two
// files must come out byte-identical, which the parent checks by hash.
// Targets (issue 4): no slower than csv-stringify, under 64 MB of added RSS.
// Then a month at minute granularity through SQLite, the file export and the
// served download (bench/export-month.ts). BENCH_PARTS=month runs that alone.

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { historyColumns } from '../main/core/export/exports.ts'
import type { HistoryRow } from '../main/core/export/exports.ts'
import { columnHeader } from '../main/core/export/format.ts'
import { createLocalTimeFormatter } from '../main/core/export/local-time.ts'
import { resolveCsvFormat, writeCsvFile } from '../main/core/export/writer.ts'
import type { CsvFormat, CsvOptions } from '../main/core/export/writer.ts'
import { benchMonthExport } from './export-month.ts'

type Side = 'ours' | 'csv-stringify'
const SIDES: readonly Side[] = ['ours', 'csv-stringify']
const TIME_ZONE = 'Europe/Berlin'
const MB = 1024 * 1024

interface SideResult {
  side: Side
  ms: number
  rows: number
  bytes: number
  peakAddedRssMb: number
  maxRssAddedMb: number
}

const PRODUCTS = ['4D Client', 'Licenças 4D Web', '4D SQL Server; ODBC', '4D "View" Pro', '=4D Write'] as const

/** One minute per period for 20 machines x 5 products; names exercise quoting and injection. Never held in memory. */
function* historyRows(count: number): Generator<HistoryRow> {
  const start = Date.UTC(2026, 0, 1)
  for (let i = 0; i < count; i++) {
    const period = Math.floor(i / 100)
    const used = (i * 7) % 51
    yield {
      periodStart: start + period * 60_000,
      machine: `srv-app-${String((i % 100) % 20).padStart(2, '0')}`,
      productId: 808464441 + (i % 5),
      productName: PRODUCTS[i % 5]!,
      minUsed: Math.max(0, used - 3),
      avgUsed: used - 1.25 + (i % 3) / 3,
      maxUsed: used,
      limit: i % 5 === 4 ? null : 50,
      peakUsed: used,
      peakAt: start + period * 60_000 + (i % 60) * 1000,
      coverage: i % 7 === 0 ? 0.75 : 1,
    }
  }
}

async function runOurs(out: string, rows: number, options: CsvOptions): Promise<number> {
  return (await writeCsvFile(out, historyColumns(), historyRows(rows), options)).rows
}

/** csv-stringify with the same choices, using its own cast hooks for numbers, dates and text. */
async function runCsvStringify(out: string, rows: number, format: CsvFormat): Promise<number> {
  const { stringify } = await import('csv-stringify')
  const columns = historyColumns()
  const local = createLocalTimeFormatter(format.timeZone)
  const decimal = (value: number, digits: number | undefined): string => {
    const text = digits === undefined ? String(value) : value.toFixed(digits)
    return format.decimalSeparator === '.' ? text : text.replace('.', format.decimalSeparator)
  }
  let count = 0
  function* records(): Generator<unknown[]> {
    for (const row of historyRows(rows)) {
      count++
      yield columns.map((column) => {
        const value = column.value(row)
        return column.kind === 'timestamp' || column.kind === 'local-time' ? (value === null ? null : new Date(value as number)) : value
      })
    }
  }
  const stringifier = stringify({
    bom: format.bom,
    delimiter: format.delimiter,
    record_delimiter: 'windows',
    header: true,
    columns: columns.map((column) => columnHeader(column, format)),
    quoted_match: /^'/,
    cast: {
      date: (value, context) =>
        columns[context.index]?.kind === 'timestamp' ? `${value.toISOString().slice(0, 19)}Z` : local(value.getTime()),
      number: (value, context) => {
        const column = columns[context.index]
        return column?.kind === 'decimal' ? decimal(value, column.digits) : String(Math.round(value))
      },
      string: (value) => (/^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value),
    },
  })
  await pipeline(Readable.from(records()), stringifier, createWriteStream(out, { flush: true }))
  return count
}

async function child(side: Side, out: string, rows: number, options: CsvOptions): Promise<void> {
  const format = resolveCsvFormat(options)
  if (side === 'csv-stringify') await import('csv-stringify') // loaded before the baseline, like our modules
  globalThis.gc?.()
  const baseline = process.memoryUsage.rss()
  let peak = baseline
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 5)
  const started = performance.now()
  const written = side === 'ours' ? await runOurs(out, rows, options) : await runCsvStringify(out, rows, format)
  const ms = performance.now() - started
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage.rss())
  const result: SideResult = {
    side,
    ms,
    rows: written,
    bytes: (await stat(out)).size,
    peakAddedRssMb: (peak - baseline) / MB,
    maxRssAddedMb: (process.resourceUsage().maxRSS * 1024 - baseline) / MB,
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

function runChild(side: Side, out: string, rows: number, options: CsvOptions): Promise<SideResult> {
  const args = [
    '--expose-gc',
    process.argv[1]!,
    '--side',
    side,
    '--out',
    out,
    '--rows',
    String(rows),
    '--locale',
    options.locale ?? 'pt-BR',
  ]
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    proc.stdout.setEncoding('utf8').on('data', (text: string) => (output += text))
    proc.on('error', reject)
    proc.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(output) as SideResult)
      else reject(new Error(`The ${side} benchmark process exited with code ${String(code)}.`))
    })
  })
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

function table(results: SideResult[]): string {
  const lines = [
    '| writer | rows | MB on disk | time (s) | rows/s | peak added RSS (MB, sampled) | maxRSS - baseline (MB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of results) {
    lines.push(
      `| ${r.side} | ${r.rows} | ${(r.bytes / MB).toFixed(1)} | ${(r.ms / 1000).toFixed(2)} | ${Math.round(r.rows / (r.ms / 1000))} | ${r.peakAddedRssMb.toFixed(1)} | ${r.maxRssAddedMb.toFixed(1)} |`,
    )
  }
  return lines.join('\n')
}

async function parent(rows: number, options: CsvOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-export-'))
  try {
    const results: SideResult[] = []
    const files: string[] = []
    for (const side of SIDES) {
      const out = join(dir, `${side}.csv`)
      files.push(out)
      results.push(await runChild(side, out, rows, options))
    }
    const [ours, theirs] = results as [SideResult, SideResult]
    const identical = (await sha256(files[0]!)) === (await sha256(files[1]!))
    console.log(`${rows} history rows, locale ${options.locale}, zone ${TIME_ZONE}, Node ${process.version}\n`)
    console.log(table(results))
    console.log(`\ntime ours/csv-stringify: ${(ours.ms / theirs.ms).toFixed(2)} (target <= 1)`)
    console.log(`peak added RSS ours: ${ours.peakAddedRssMb.toFixed(1)} MB (target < 64)`)
    console.log(`identical output: ${identical ? 'yes' : 'NO'}`)
    if (!identical) process.exitCode = 1
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const { values } = parseArgs({
  options: {
    side: { type: 'string' },
    out: { type: 'string' },
    rows: { type: 'string', default: '1000000' },
    locale: { type: 'string', default: 'pt-BR' },
  },
})
const rows = Number(values.rows)
const options: CsvOptions = { locale: values.locale, timeZone: TIME_ZONE }
if (values.side !== undefined && values.out !== undefined) await child(values.side as Side, values.out, rows, options)
else {
  if (process.env.BENCH_PARTS !== 'month') await parent(rows, options)
  await benchMonthExport()
}

// GET /api/export streams from the query's cursor, over real sockets: with a
// month of per-minute history the first bytes (headers, then the CSV header
// line) arrive long before the last row, the content is byte for byte the
// file export's, and a browser that goes away midway leaves the monitor
// answering. The served side runs in its own process (fixtures/export-server.ts):
// SQLite's sort is synchronous, and a client on the same event loop could not
// read anything until it ended.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import { createInterface } from 'node:readline'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeExportFile } from '../../main/core/export/export-file.ts'
import { parseExportQuery } from '../../main/core/export/export-request.ts'
import { inTransaction } from '../../main/core/history/db.ts'
import { writeMark } from '../../main/core/history/marks.ts'
import { openHistoryStore, type HistoryStore } from '../../main/core/history/store.ts'
import { snapshot } from '../core/history/snapshots.ts'
import { get } from './http-client.ts'

const TOKEN = 'stream-token'
const MONTH_START = Date.UTC(2026, 9, 1)
const DAYS = 30
const MINUTE = 60_000
const NOW = MONTH_START + DAYS * 24 * 60 * MINUTE
const MONTH_QUERY = `kind=history&from=2026-10-01T00:00:00Z&to=2026-10-31T00:00:00Z&granularity=minute&locale=pt-BR`
let dir: string
let store: HistoryStore
let child: ChildProcess
let url: string

/** A month of per-minute rows for every series, as retention leaves them (the raw samples are gone). */
function fillMonth(history: HistoryStore): number {
  const series = (history.db.prepare(`SELECT id FROM series WHERE server = ''`).all() as { id: number }[]).map((row) => row.id)
  const insert = history.db.prepare(
    'INSERT INTO rollup_minute (at, series_id, n, sum_used, min_used, max_used, max_at, lim) VALUES (?, ?, 12, ?, ?, ?, ?, 10)',
  )
  for (let day = 0; day < DAYS; day++) {
    inTransaction(history.db, () => {
      for (let m = 0; m < 24 * 60; m++) {
        const at = MONTH_START + (day * 24 * 60 + m) * MINUTE
        for (const id of series) {
          const used = (m + id) % 10
          insert.run(at, id, used * 12, Math.max(0, used - 1), used, at + 5000)
        }
      }
    })
  }
  history.db.prepare('DELETE FROM samples').run()
  writeMark(history.db, 'minute_done', NOW)
  return series.length * DAYS * 24 * 60
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lm-export-stream-'))
  store = openHistoryStore(join(dir, 'data'))
  const servers = [
    { name: 'Accounting', machine: 'srv-01' },
    { name: 'Warehouse', machine: 'srv-02' },
  ]
  store.record(
    snapshot(servers, [
      { server: 'Accounting', token: 1 },
      { server: 'Warehouse', token: 2 },
    ]),
    MONTH_START - MINUTE,
  )
  // Two series: 86,400 rows, about 6 MB of CSV.
  expect(fillMonth(store)).toBe(2 * DAYS * 24 * 60)
  child = spawn(process.execPath, ['test/serve/fixtures/export-server.ts', join(dir, 'data'), TOKEN, String(NOW)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  for await (const line of createInterface({ input: child.stdout! })) {
    url = line
    break
  }
}, 60_000)

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Timed {
  response: IncomingMessage
  firstChunk: string
  firstChunkMs: number
  body: string
  totalMs: number
}

/** Downloads the export, noting when the first chunk and the end arrived. */
function timedDownload(query: string): Promise<Timed> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/export?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } }, (response) => {
      let body = ''
      let firstChunk: string | null = null
      let firstChunkMs = 0
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        if (firstChunk === null) {
          firstChunk = chunk
          firstChunkMs = performance.now() - started
        }
        body += chunk
      })
      response.on('end', () =>
        resolve({ response, firstChunk: firstChunk ?? '', firstChunkMs, body, totalMs: performance.now() - started }),
      )
      response.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('GET /api/export, streamed', () => {
  it('sends the first bytes of a month at minute granularity long before the last, and the same CSV as the file export', async () => {
    const download = await timedDownload(MONTH_QUERY)
    expect(download.response.statusCode).toBe(200)
    expect(download.response.headers['transfer-encoding']).toBe('chunked')
    expect(download.response.headers['content-length']).toBeUndefined()
    // The first chunk is the byte order mark and the header line, sent before the query has yielded a row.
    expect(download.firstChunk.charCodeAt(0)).toBe(0xfeff)
    expect(download.firstChunk.endsWith('\r\n')).toBe(true)
    expect(download.firstChunk.length).toBeLessThan(download.body.length / 1000)
    expect(download.firstChunkMs).toBeLessThan(download.totalMs / 4)

    const parsed = parseExportQuery(new URLSearchParams(MONTH_QUERY), NOW)
    if (!parsed.ok) throw new Error(parsed.error)
    const file = join(dir, 'reference.csv')
    const written = await writeExportFile(store.db, parsed.job, file)
    expect(written.rows).toBe(2 * DAYS * 24 * 60)
    expect(download.body).toBe(readFileSync(file, 'utf8'))
  }, 120_000)

  it('stops reading the cursor when the browser goes away, and keeps answering', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request(`${url}/api/export?${MONTH_QUERY}`, { headers: { authorization: `Bearer ${TOKEN}` } }, (response) => {
        response.once('data', () => {
          req.destroy()
          resolve()
        })
      })
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)))
      req.end()
    })
    const usage = await get(`${url}/api/export?kind=usage`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(usage.status).toBe(200)
    expect(usage.body.split('\r\n')[0]).toContain('Machine')
  }, 60_000)
})

// The capacity CSV exports through the app's exportCsv call and the served
// download, over real sockets: POST /api/call/exportCsv answers with the
// download URL, GET of that URL gives the file, byte for byte what
// `npm run capacity -- --csv` writes (a child process on the same data
// folder) for the same period, with the user groups of capacity-config.json.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCapacitySettings } from '../../main/core/capacity/capacity-settings.ts'
import { createBackend } from '../../main/core/contract/backend.ts'
import { openHistoryStore, type HistoryStore } from '../../main/core/history/store.ts'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import type { ExportCsvOutcome } from '../../main/core/types/index.ts'
import { startServeServer, type ServeServer } from '../../main/serve/server.ts'
import { snapshot } from '../core/history/snapshots.ts'
import { get } from './http-client.ts'

const CLI = join(import.meta.dirname, '../../main/capacity-cli/cli.ts')
const TOKEN = 'capacity-export-token'
const DAY1 = new Date(2026, 10, 27, 9).getTime()
const DAY2 = new Date(2026, 10, 28, 9).getTime()
const NOW = new Date(2026, 10, 29, 12).getTime()
const PERIOD = { from: '2026-11-27', to: '2026-11-28' }
let dir: string
let dataDir: string
let store: HistoryStore
let monitor: Monitor
let server: ServeServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lm-capacity-export-'))
  dataDir = join(dir, 'data')
  // As the running app does: a pause longer than 3 polls is unknown time, not time held.
  store = openHistoryStore(dataDir, { resumeAfterMs: 180_000 })
  // Two mornings of one machine: maria holds token 1 throughout, two to four others come and go.
  for (const start of [DAY1, DAY2]) {
    for (let minute = 0; minute < 120; minute++) {
      const used = 1 + (minute % 4)
      const licenses = Array.from({ length: used }, (_, k) => ({ server: 'A', token: k + 1, user: k === 0 ? 'maria' : `=user${k + 1}` }))
      store.record(snapshot([{ name: 'A', machine: 'srv-01' }], licenses, 5), start + minute * 60_000)
    }
  }
  writeFileSync(join(dataDir, 'capacity-config.json'), JSON.stringify({ margin: 2, groups: [{ name: 'Accounts', patterns: ['mar*'] }] }))
  monitor = createMonitor({ servers: [], demo: false })
  const backend = createBackend({ monitor, history: { store, now: () => NOW } })
  server = await startServeServer({
    monitor,
    backend,
    port: 0,
    token: TOKEN,
    staticDir: dir,
    history: { db: store.db, now: () => NOW, capacitySettings: () => loadCapacitySettings(dataDir).settings },
  })
})

afterAll(async () => {
  await server.close()
  await monitor.stop()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const auth = { authorization: `Bearer ${TOKEN}` }

async function exportCsv(request: Record<string, unknown>): Promise<{ ok: true; data: ExportCsvOutcome } | { ok: false; error: string }> {
  const response = await fetch(`${server.url}/api/call/exportCsv`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify([request]),
  })
  return (await response.json()) as { ok: true; data: ExportCsvOutcome } | { ok: false; error: string }
}

/** `npm run capacity -- --csv KIND` on the same data folder, the file it writes. */
function cliCsv(kind: string, extra: string[] = []): Promise<string> {
  const out = join(dir, `cli-${kind}-${Math.random().toString(36).slice(2)}.csv`)
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, '--data', dataDir, '--from', PERIOD.from, '--to', PERIOD.to, '--csv', kind, '--out', out, ...extra],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(readFileSync(out, 'utf8')) : reject(new Error(`capacity CLI exited ${String(code)}: ${stderr}`)),
    )
  })
}

describe('capacity CSV through exportCsv and the served download', () => {
  for (const [kind, extra] of [
    ['days', []],
    ['users', ['--locale', 'pt-BR']],
    ['groups', []],
    ['clients', ['--delimiter', ';']],
  ] as const) {
    it(
      `capacity-${kind}: exportCsv answers with the download URL, whose file is what npm run capacity -- --csv ${kind} writes`,
      { timeout: 60_000 },
      async () => {
        const request: Record<string, unknown> = { kind: `capacity-${kind}`, ...PERIOD }
        if (extra[0] === '--locale') request.locale = extra[1]
        if (extra[0] === '--delimiter') request.delimiter = extra[1]
        const answer = await exportCsv(request)
        if (!answer.ok) throw new Error(answer.error)
        expect(answer.data.status).toBe('download')
        if (answer.data.status !== 'download') return
        expect(answer.data.fileName).toMatch(/^capacity-.*-2026-11-29\.csv$/)
        const response = await get(`${server.url}${answer.data.url}`, { headers: auth })
        expect(response.status).toBe(200)
        expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
        expect(response.headers['content-disposition']).toBe(`attachment; filename="${answer.data.fileName}"`)
        expect(response.body).toBe(await cliCsv(kind, [...extra]))
      },
    )
  }

  it('the rows say what the history holds: two days, per-group license-hours with the saved groups, guarded user names', async () => {
    const days = await get(`${server.url}/api/export?kind=capacity-days&from=${PERIOD.from}&to=${PERIOD.to}&locale=en-US`, {
      headers: auth,
    })
    const lines = days.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines.slice(1).map((l) => l.split(',').slice(3, 5))).toEqual([
      ['2026-11-27', '4'],
      ['2026-11-28', '4'],
    ])
    const groups = await get(`${server.url}/api/export?kind=capacity-groups&from=${PERIOD.from}&to=${PERIOD.to}&locale=en-US`, {
      headers: auth,
    })
    // maria holds token 1 from the first poll of each morning to its last: 119 minutes, twice.
    expect(groups.body).toContain(`,Accounts,${((2 * 119) / 60).toFixed(2)},1,`)
    const users = await get(`${server.url}/api/export?kind=capacity-users&from=${PERIOD.from}&to=${PERIOD.to}`, { headers: auth })
    expect(users.body).toContain(`"'=user2"`)
    expect(users.body).not.toMatch(/,=user/)
  })

  it('a bad period is a sentence, through the call and through the route', async () => {
    expect(await exportCsv({ kind: 'capacity-days', from: '2026-11-28', to: '2026-11-01' })).toEqual({
      ok: false,
      error: 'The period must start before it ends.',
    })
    const response = await get(`${server.url}/api/export?kind=capacity-weeks`, { headers: auth })
    expect(response.status).toBe(400)
    expect(response.body).toContain('capacity-days, capacity-users, capacity-clients, capacity-groups')
  })

  it('GET /api/capacity-report serves the printable page of the month under a policy that admits its one style sheet', async () => {
    const response = await get(`${server.url}/api/capacity-report?month=2026-11&locale=en-US`, { headers: auth })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    const style = /<style>([\s\S]*?)<\/style>/.exec(response.body)?.[1] ?? ''
    const hash = createHash('sha256').update(style).digest('base64')
    expect(response.headers['content-security-policy']).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`,
    )
    expect(response.body).not.toContain('<script')
    expect(response.body.match(/<section class="page">/g)).toHaveLength(1)
    expect(response.body).toContain('<bdi>srv-01</bdi>')
    // Peaks of 4 on the two mornings, a pool of 5 and the saved margin of 2: 4 + 2 = 6, one more than held.
    expect(response.body).toContain('In November 2026 the pool of 5 never went above 4')
    expect(response.body).toContain('4 (highest daily peak) + 2 (margin) = 6; 6 − 5 = 1')
  })

  it('GET /api/capacity-report refuses a bad month or parameter with a sentence, and needs the token', async () => {
    const bad = await get(`${server.url}/api/capacity-report?month=November`, { headers: auth })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('The month &#34;November&#34; is not a calendar month written YYYY-MM')
    const extra = await get(`${server.url}/api/capacity-report?month=2026-11&format=pdf`, { headers: auth })
    expect(extra.status).toBe(400)
    expect(extra.body).toContain('The report has no parameter &#34;format&#34;')
    expect((await get(`${server.url}/api/capacity-report?month=2026-11`)).status).toBe(401)
  })
})

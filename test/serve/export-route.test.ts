// GET /api/export over real sockets, with the monitor's only server down:
// each kind byte for byte as writeExportFile writes it, attachment headers,
// parameter errors as sentences, the token required. (Streaming itself:
// export-stream.test.ts.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeExportFile } from '../../main/core/export/export-file.ts'
import { parseExportQuery } from '../../main/core/export/export-request.ts'
import { openHistoryStore, type HistoryStore } from '../../main/core/history/store.ts'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import { startServeServer, type ServeServer } from '../../main/serve/server.ts'
import { snapshot } from '../core/history/snapshots.ts'
import { get } from './http-client.ts'

const TOKEN = 'export-token'
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0)
const NOW = T0 + 20 * 60_000
let dir: string
let store: HistoryStore
let monitor: Monitor
let server: ServeServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lm-export-route-'))
  store = openHistoryStore(join(dir, 'data'))
  const servers = [
    { name: 'Accounting', machine: 'srv-01' },
    { name: 'Warehouse', machine: 'srv-02' },
  ]
  for (let at = T0; at < NOW; at += 60_000) {
    const n = 1 + (((at - T0) / 60_000) % 4)
    const licenses = Array.from({ length: n }, (_, i) => ({
      server: i % 2 ? 'Warehouse' : 'Accounting',
      token: i + 1,
      user: i === 0 ? '=HYPERLINK("x")' : `Licenças ${i}`,
    }))
    store.record(snapshot(servers, licenses), at)
  }
  // The monitor's only server refuses connections: exports must not need it.
  monitor = createMonitor({
    servers: [{ id: 'gone', name: 'Gone', url: 'http://127.0.0.1:9/license-usage', kind: 'http-json', intervalMs: 1000, timeoutMs: 500 }],
    demo: false,
  })
  await monitor.pollNow()
  server = await startServeServer({ monitor, port: 0, token: TOKEN, staticDir: dir, history: { db: store.db, now: () => NOW } })
})

afterAll(async () => {
  await server.close()
  await monitor.stop()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

function download(query: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }, method = 'GET') {
  return get(`${server.url}/api/export?${query}`, { headers, method })
}

/** What writeExportFile itself writes for the same query. */
async function reference(query: string): Promise<string> {
  const parsed = parseExportQuery(new URLSearchParams(query), NOW)
  if (!parsed.ok) throw new Error(parsed.error)
  const file = join(dir, `reference-${Math.random().toString(36).slice(2)}.csv`)
  await writeExportFile(store.db, parsed.job, file)
  return readFileSync(file, 'utf8')
}

describe('GET /api/export', () => {
  it('works with every server of the monitor unreachable', () => {
    expect(monitor.getSnapshot().servers[0]!.status).toBe('down')
  })

  for (const query of [
    'kind=usage',
    'kind=licenses&locale=pt-BR',
    'kind=licenses&locale=pt-BR&headerLanguage=locale',
    'kind=history&from=2026-11-28T09:00:00Z&to=2026-11-28T10:00:00Z&granularity=minute&locale=en-US',
    'kind=holdings&from=2026-11-28T09:00:00Z&to=2026-11-28T10:00:00Z&delimiter=%3B&bom=0',
  ]) {
    it(`${query}: an attachment with the CSV content type, byte for byte what writeExportFile writes`, async () => {
      const response = await download(query)
      expect(response.status).toBe(200)
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
      const kind = new URLSearchParams(query).get('kind')
      const stem = { usage: 'license-usage', licenses: 'licenses-held', history: 'license-history', holdings: 'license-holdings' }[kind!]
      expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${stem}-2026-11-2\\d\\.csv"$`))
      expect(response.headers['cache-control']).toBe('no-store')
      expect(response.body).toBe(await reference(query))
      expect(response.body.split('\r\n').length).toBeGreaterThan(2)
    })
  }

  it('usage is the latest recorded poll; pt-BR licenses use ";" and keep the OWASP guard', async () => {
    const usage = (await download('kind=usage')).body
    expect(usage.charCodeAt(0)).toBe(0xfeff)
    expect(usage).toContain('srv-01')
    const licenses = (await download('kind=licenses&locale=pt-BR')).body
    expect(licenses.split('\r\n')[0]).toContain(';Machine;')
    expect(licenses).toContain(`"'=HYPERLINK(""x"")"`)
    expect(licenses).toContain('Licenças 1')
    // headerLanguage=locale: the same file with the column names in Portuguese, UTF-8 byte for byte.
    const portuguese = (await download('kind=licenses&locale=pt-BR&headerLanguage=locale')).body
    expect(portuguese.split('\r\n')[0]).toContain(';Máquina;Servidor;Id do produto;Produto;Id da retenção;Usuário;')
    expect(portuguese.split('\r\n').slice(1)).toEqual(licenses.split('\r\n').slice(1))
  })

  it('refuses bad parameters with 400 and a sentence', async () => {
    const cases: [string, RegExp][] = [
      ['', /export kind must be one of usage, licenses, history, holdings/],
      ['kind=secrets', /not "secrets"/],
      ['kind=usage&headerLanguage=fr', /"headerLanguage" must be "english" .* or "locale" .*, not "fr"/],
      ['kind=history&granularity=year', /granularity must be one of raw, minute, hour, day/],
      ['kind=history&from=tuesday', /"from" \("tuesday"\) is not an ISO 8601 date or time/],
      ['kind=history&from=2026-11-28T10:00:00Z&to=2026-11-28T09:00:00Z', /must start before it ends/],
      ['kind=usage&delimiter=%7C', /delimiter must be "," or ";"/],
      ['kind=usage&locale=%21%21', /is not a language tag/],
      ['kind=usage&bom=maybe', /"bom" must be 1 or 0/],
      ['kind=usage&kind=history', /given 2 times/],
      ['kind=usage&out=/etc/passwd', /unknown field "out"/],
    ]
    for (const [query, sentence] of cases) {
      const response = await download(query)
      expect(response.status, query).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/json/)
      expect((JSON.parse(response.body) as { error: string }).error, query).toMatch(sentence)
    }
  })

  it('needs the token (Bearer, cookie or ?token) like every API route', async () => {
    expect((await download('kind=usage', {})).status).toBe(401)
    expect((await download('kind=usage', { authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await download('kind=usage', { cookie: `lm_token_${server.port}=${TOKEN}` })).status).toBe(200)
    expect((await download(`kind=usage&token=${TOKEN}`, {})).status).toBe(200)
    expect((await download('kind=usage', { authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' })).status).toBe(403)
  })

  it('answers HEAD with the headers only, without running the query', async () => {
    const response = await download('kind=usage', { authorization: `Bearer ${TOKEN}` }, 'HEAD')
    expect(response.status).toBe(200)
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="license-usage-/)
    expect(response.body).toBe('')
  })

  it('answers 503 with a sentence when the monitor has no history', async () => {
    const bare = await startServeServer({ monitor, port: 0, token: TOKEN, staticDir: dir })
    try {
      const response = await get(`${bare.url}/api/export?kind=usage`, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(response.status).toBe(503)
      expect(response.body).toContain('local history is not open')
    } finally {
      await bare.close()
    }
  })
})

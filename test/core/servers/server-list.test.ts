// The server-list service over a real servers.json in a temp folder:
// messages per field, secrets kept exactly as written and never returned,
// atomic writes, import and export, and "Test connection" against the simulator.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { createServerList, type ServerListService } from '../../../main/core/servers/server-list.ts'
import { draftOf, emptyDraft } from '../../../main/core/servers/server-record.ts'
import type { ServerConfig, ServerDraft } from '../../../main/core/types/index.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'

const CANARY = 'canary-secret-7f3a9'

let dir: string
let applied: { configs: ServerConfig[]; listed: number }[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-servers-'))
  applied = []
})

function service(file = join(dir, 'servers.json'), env: NodeJS.ProcessEnv = {}): ServerListService {
  return createServerList({
    persistence: createFilePersistence({ path: file, env, log: () => undefined }),
    apply: (configs, listed) => void applied.push({ configs, listed }),
    env,
  })
}

const draft = (overrides: Partial<ServerDraft>): ServerDraft => ({
  ...emptyDraft(),
  name: 'Sales',
  url: 'http://127.0.0.1:9/license-usage',
  ...overrides,
})

describe('validation', () => {
  it('says what to fix on each field', () => {
    const list = service()
    const problems = list.validate([
      draft({ url: 'ftp://x', intervalMs: 1000, timeoutMs: 2000 }),
      draft({ name: 'sales', authType: 'basic', username: '', url: 'http://10.0.0.5/x' }),
      draft({ name: 'Pinned', url: 'http://127.0.0.1/x', fingerprint256: 'nope', kind: 'prometheus-4d-exporter', authType: 'bearer' }),
    ])
    const messages = problems.map((problem) => `${problem.index} ${problem.field} ${problem.message}`)
    expect(messages).toContain('0 url URL: must be an http or https URL')
    expect(messages).toContain('0 timeoutMs Timeout: must not be more than the poll interval (1000 ms)')
    expect(messages).toContain('1 name Name: another server is already called "Sales"')
    expect(messages).toContain('1 username User name: must not be empty')
    expect(messages.some((m) => m.startsWith('1 allowPlainHttpCredentials') && m.includes('plain http'))).toBe(true)
    expect(messages.some((m) => m.startsWith('2 fingerprint256') && m.includes('SHA-256'))).toBe(true)
    expect(messages.some((m) => m.startsWith('2 authType') && m.includes('Prometheus'))).toBe(true)
  })

  it('refuses a secret value in the served mode (only a variable name)', () => {
    const problems = service().validate([draft({ authType: 'bearer', secret: CANARY })])
    expect(problems.map((p) => p.field)).toEqual(['secret'])
    expect(JSON.stringify(problems)).not.toContain(CANARY)
  })

  it('saves nothing when invalid', async () => {
    const list = service()
    const outcome = await list.save([draft({ url: 'not a url' })])
    expect(outcome.status).toBe('invalid')
    expect(readdirSync(dir)).toEqual([])
    expect(applied).toEqual([])
  })
})

describe('file persistence', () => {
  it('keeps secrets exactly as written (value or env reference) and never returns them', async () => {
    const file = join(dir, 'servers.json')
    writeFileSync(
      file,
      JSON.stringify({
        servers: [
          { name: 'Sales', url: 'http://127.0.0.1:1/a', auth: { type: 'bearer', token: CANARY } },
          {
            name: 'Stock',
            url: 'https://stock.example/b',
            kind: 'rest-function',
            auth: { type: 'rest-login', username: 'monitor', password: { env: 'STOCK_PASSWORD' } },
          },
        ],
      }),
    )
    const list = service(file, { STOCK_PASSWORD: 'from-env' })
    const listed = list.list()
    expect(JSON.stringify(listed)).not.toContain(CANARY)
    expect(listed.secretInput).toBe('env')
    expect(listed.servers.map((s) => s.secret)).toEqual([{ state: 'set' }, { state: 'set', env: 'STOCK_PASSWORD' }])

    // Reorder, disable one, rename: secrets (left empty) are kept as they were.
    const drafts = listed.servers.map(({ secret: _s, ...entry }) => ({ ...entry, secret: '', secretEnv: '' }))
    const outcome = await list.save([
      { ...drafts[1]!, enabled: false },
      { ...drafts[0]!, name: 'Sales EU' },
    ])
    expect(outcome.status).toBe('saved')
    expect(JSON.stringify(outcome)).not.toContain(CANARY)
    const written = JSON.parse(readFileSync(file, 'utf8')) as { servers: Record<string, unknown>[] }
    expect(written.servers.map((s) => s.name)).toEqual(['Stock', 'Sales EU'])
    expect(written.servers[0]!.auth).toEqual({ type: 'rest-login', username: 'monitor', password: { env: 'STOCK_PASSWORD' } })
    expect(written.servers[0]!.enabled).toBe(false)
    expect(written.servers[1]!.auth).toEqual({ type: 'bearer', token: CANARY })
    expect(written.servers[1]!.id).toBe('sales') // the id stays when the name changes
    // Only the enabled server is polled, with its secret.
    expect(applied.at(-1)!.listed).toBe(2)
    expect(applied.at(-1)!.configs.map((c) => [c.id, c.auth])).toEqual([['sales', { type: 'bearer', token: CANARY }]])
    // A reload reads the same list back.
    expect(
      service(file)
        .list()
        .servers.map((s) => s.name),
    ).toEqual(['Stock', 'Sales EU'])
  })

  it('keeps a body limit written in the file when the form saves the server (the form has no input for it)', async () => {
    const file = join(dir, 'servers.json')
    writeFileSync(file, JSON.stringify({ servers: [{ name: 'Sales', url: 'http://127.0.0.1:1/a', maxBodyBytes: 65_536 }] }))
    const list = service(file)
    const [entry] = list.list().servers
    expect(await list.save([{ ...draftOf(entry!), name: 'Sales EU' }])).toMatchObject({ status: 'saved' })
    expect(JSON.parse(readFileSync(file, 'utf8')).servers[0]).toMatchObject({ name: 'Sales EU', maxBodyBytes: 65_536 })
    expect(applied.at(-1)!.configs[0]!.maxBodyBytes).toBe(65_536)
  })

  it('writes atomically (no temp file left) and names a variable for a secret not given yet', async () => {
    const list = service()
    await list.save([draft({ name: 'Accounting', authType: 'bearer', url: 'https://acc.example/x' })])
    expect(readdirSync(dir)).toEqual(['servers.json'])
    const written = JSON.parse(readFileSync(join(dir, 'servers.json'), 'utf8')) as { servers: { auth: unknown }[] }
    expect(written.servers[0]!.auth).toEqual({ type: 'bearer', token: { env: 'ACCOUNTING_TOKEN' } })
    expect(list.list().servers[0]!.secret).toEqual({ state: 'not set', env: 'ACCOUNTING_TOKEN' })
  })

  it('reports a damaged file by place, without quoting it', () => {
    const file = join(dir, 'servers.json')
    writeFileSync(file, `{"servers": [{"name": "x", "token": "${CANARY}" ]}`)
    expect(() => service(file)).toThrow(/not valid JSON/)
    try {
      service(file)
    } catch (error) {
      expect(String(error)).not.toContain(CANARY)
    }
  })
})

describe('import and export', () => {
  it('exports without any secret and imports entries back, each reported', async () => {
    const file = join(dir, 'servers.json')
    writeFileSync(
      file,
      JSON.stringify({
        servers: [{ name: 'Sales', url: 'https://sales.example/a', auth: { type: 'basic', username: 'u', password: CANARY } }],
      }),
    )
    const exported = service(file).exportJson()
    expect(exported).not.toContain(CANARY)
    expect(JSON.parse(exported)).toEqual({ servers: [expect.objectContaining({ name: 'Sales', auth: { type: 'basic', username: 'u' } })] })

    const other = service(join(dir, 'other.json'))
    const text = JSON.stringify({
      servers: [
        ...(JSON.parse(exported) as { servers: unknown[] }).servers,
        { name: 'Bad', url: 'gopher://x' },
        { name: 'Sales', url: 'https://dup.example' },
        { nme: 'typo' },
      ],
    })
    const outcome = await other.importJson(text)
    expect(outcome.entries.map((e) => [e.name, e.status])).toEqual([
      ['Sales', 'added'],
      ['Bad', 'invalid'],
      ['Sales', 'invalid'],
      ['', 'invalid'],
    ])
    expect(outcome.entries[0]!.needsSecret).toBe(true)
    expect(outcome.entries[1]!.problems).toContain('URL: must be an http or https URL')
    expect(outcome.entries[2]!.problems).toContain('Name: another server is already called "Sales"')
    expect(outcome.entries[3]!.problems[0]).toMatch(/unknown field "nme"/)
    expect(outcome.list.servers.map((s) => [s.name, s.secret.state])).toEqual([['Sales', 'not set']])
  })

  it('does not take a secret value from an imported file', async () => {
    const outcome = await service().importJson(JSON.stringify({ servers: [{ name: 'S', url: 'https://s.example', token: CANARY }] }))
    expect(outcome.entries[0]!.status).toBe('added')
    expect(outcome.entries[0]!.notes[0]).toMatch(/not imported/)
    expect(readFileSync(join(dir, 'servers.json'), 'utf8')).not.toContain(CANARY)
  })
})

describe('test connection', () => {
  let simulator: LocalSimulator | undefined
  afterEach(async () => simulator?.stop())

  it('polls a draft once and says what came back, without the secret', async () => {
    simulator = await startSimulator({ servers: 2, machines: 1, seed: 3, perServer: { s1: { token: CANARY } } })
    const [json, metrics] = simulator.servers()
    // Credentials go only to the URL saved for them (see page-limits.test.ts): the entry is in the file first.
    const file = join(dir, 'servers.json')
    writeFileSync(
      file,
      JSON.stringify({ servers: [{ name: 'Sim', url: json!.jsonUrl, auth: { type: 'bearer', token: { env: 'SIM_TOKEN' } } }] }),
    )
    const list = service(file, { SIM_TOKEN: CANARY })
    const [saved] = list.list().servers
    const ok = await list.testConnection({ ...draftOf(saved!) })
    if (!ok.ok) throw new Error(ok.error)
    expect(ok.licenses).toBe(simulator.truth().servers[0]!.records.length)
    expect(ok.products.length).toBeGreaterThan(0)
    expect(JSON.stringify(ok)).not.toContain(CANARY)

    const wrong = await list.testConnection(draft({ url: json!.jsonUrl, authType: 'none' }))
    expect(wrong).toMatchObject({ ok: false, error: expect.stringMatching(/authentication failed/) })

    const counts = await list.testConnection(
      draft({ url: metrics!.metricsUrl!.replace(/\/metrics$/, ''), kind: 'prometheus-4d-exporter', authType: 'none' }),
    )
    expect(counts).toMatchObject({ ok: true, licenses: 0, warnings: ['this endpoint reports counts only, no per-license detail'] })
    // The same remark as a catalogue message, so the form says it in the page's language.
    expect(counts).toMatchObject({ warningMessages: [{ id: 'serverTest.warnings.countsOnly', params: {} }] })
    expect(applied).toEqual([]) // a test never touches the monitor
  })
})

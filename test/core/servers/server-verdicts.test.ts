// One table of good and bad servers.json entries, fed through every way a
// server enters the monitor: the served mode's file at start, the import,
// the form's check and the save call of the contract, and the desktop app's
// settings store (electron-store itself, electron mocked). Each must accept
// the same entries and refuse the same ones with the same sentence on the
// same field (worded "servers.0.url: ..." in files, "URL: ..." in the form).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { createServerList } from '../../../main/core/servers/server-list.ts'
import { emptyDraft } from '../../../main/core/servers/server-record.ts'
import { draftFieldOf, FIELD_LABELS } from '../../../main/core/servers/validate.ts'
import type { ServerDraft, ServerProblem } from '../../../main/core/types/index.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('../../electron/electron-mock.ts')
  return { ...electronMock, default: electronMock }
})
const { FakeSafeStorage } = await import('../../electron/electron-mock.ts')
const { setupSettings, SETTINGS_SCHEMA } = await import('../../../main/electron/settings.ts')
const { Ajv2020 } = await import('ajv/dist/2020.js')
/** electron-store's own check, compiled from the JSON schema that z.toJSONSchema derives. */
const storeSchemaAccepts = new Ajv2020({ strict: false }).compile(SETTINGS_SCHEMA.servers)

type Entry = Record<string, unknown>
interface Row {
  case: string
  servers: Entry[]
  /**
   * Absent: accepted. Else the field path in the file ("servers.0.url"), the sentence, and the
   * message id (under servers.validation.) and parameters the Servers view translates it from.
   */
  refused?: { path: string; message: string; id: string; params?: Record<string, string | number> }
  /** Not expressible in the form (fields it has no input for): the draft paths are skipped. */
  fileOnly?: boolean
  /** Not expressible in the settings store (a secret value or the older top-level token). */
  noStore?: boolean
  /** A rule JSON Schema cannot say (across fields or entries, a refinement, trimming): the store's zod check refuses it, ajv lets it pass. */
  beyondJsonSchema?: boolean
}

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89'
const LOCAL = 'http://127.0.0.1:9/license-usage'
const one = (entry: Entry): Entry[] => [{ name: 'A', url: LOCAL, ...entry }]
/** Keys that only JSON.parse makes own properties of (an object literal would set the prototype). */
const withOwnKey = (key: string): Entry => JSON.parse(`{"name": "A", "url": "${LOCAL}", "${key}": {"polluted": true}}`) as Entry

const ROWS: Row[] = [
  { case: 'a bare http-json server on loopback', servers: one({}) },
  {
    case: 'https with a Bearer token from a variable',
    servers: one({
      url: 'https://srv-app-01/license-usage',
      auth: { type: 'bearer', token: { env: 'ACCOUNTING_TOKEN' } },
      intervalMs: 10_000,
      timeoutMs: 8000,
    }),
  },
  {
    case: 'the Prometheus exporter with Basic',
    servers: one({ kind: 'prometheus-4d-exporter', auth: { type: 'basic', username: 'u', password: { env: 'EXPORTER_PASSWORD' } } }),
  },
  {
    case: 'a REST login over https with a pinned certificate',
    servers: one({
      url: 'https://srv/rest/$catalog/licenseUsage',
      kind: 'rest-function',
      auth: { type: 'rest-login', username: 'monitor', password: { env: 'P' } },
      tls: { fingerprint256: FP },
    }),
  },
  {
    case: 'credentials over plain http, allowed explicitly',
    servers: one({ url: 'http://10.0.0.5/x', auth: { type: 'bearer', token: { env: 'T' } }, allowPlainHttpCredentials: true }),
  },
  { case: 'the longest interval a timer holds', servers: one({ intervalMs: 2 ** 31 - 1 }) },
  {
    case: 'two servers with different names',
    servers: [
      { name: 'Good', url: LOCAL },
      { name: 'Other', url: 'http://127.0.0.1:10/x' },
    ],
  },
  { case: 'a disabled server', servers: one({ enabled: false }) },

  {
    case: 'a URL with user info',
    servers: one({ url: 'http://user:canary-pass@srv/x' }),
    refused: { path: 'servers.0.url', message: 'must not contain a user name or password: set "auth" instead', id: 'userInfo' },
    beyondJsonSchema: true,
  },
  {
    case: 'a URL that is not http',
    servers: one({ url: 'ftp://srv/x' }),
    refused: { path: 'servers.0.url', message: 'must be an http or https URL', id: 'notHttpUrl' },
    beyondJsonSchema: true,
  },
  {
    case: 'an empty name',
    servers: one({ name: '  ' }),
    refused: { path: 'servers.0.name', message: 'must not be empty', id: 'empty' },
    beyondJsonSchema: true,
  },
  {
    case: 'an interval past what a timer holds',
    servers: one({ intervalMs: 2 ** 40 }),
    refused: {
      path: 'servers.0.intervalMs',
      message: 'must be at most 2147483647 ms',
      id: 'ms.atMost',
      params: { limit: '2147483647', count: 2147483647 },
    },
  },
  {
    case: 'an interval that is not whole',
    servers: one({ intervalMs: 1500.5 }),
    refused: { path: 'servers.0.intervalMs', message: 'must be a whole number of ms', id: 'ms.notWhole' },
  },
  {
    case: 'an interval too short',
    servers: one({ intervalMs: 10 }),
    refused: { path: 'servers.0.intervalMs', message: 'must be at least 250 ms', id: 'ms.atLeast', params: { limit: '250', count: 250 } },
  },
  {
    case: 'a timeout past the interval',
    servers: one({ intervalMs: 1000, timeoutMs: 2000 }),
    refused: {
      path: 'servers.0.timeoutMs',
      message: 'must not be more than the poll interval (1000 ms)',
      id: 'timeoutOverInterval',
      params: { interval: '1000', count: 1000 },
    },
    beyondJsonSchema: true,
  },
  {
    case: 'a timeout past the default interval',
    servers: one({ timeoutMs: 9000 }),
    refused: {
      path: 'servers.0.timeoutMs',
      message: 'must not be more than the poll interval (5000 ms)',
      id: 'timeoutOverInterval',
      params: { interval: '5000', count: 5000 },
    },
    beyondJsonSchema: true,
  },
  {
    case: 'an absurd body limit',
    servers: one({ maxBodyBytes: 1e308 }),
    refused: {
      path: 'servers.0.maxBodyBytes',
      message: 'must be at most 1073741824 bytes',
      id: 'bytes.atMost',
      params: { limit: '1073741824', count: 1073741824 },
    },
    fileOnly: true,
  },
  {
    case: 'a kind that does not exist',
    servers: one({ kind: 'soap' }),
    refused: {
      path: 'servers.0.kind',
      message: 'must be "http-json", "rest-function" or "prometheus-4d-exporter"',
      id: 'kindUnknown',
      params: { kinds: '"http-json", "rest-function"', last: '"prometheus-4d-exporter"' },
    },
  },
  {
    case: 'the Prometheus exporter with a Bearer token',
    servers: one({ kind: 'prometheus-4d-exporter', auth: { type: 'bearer', token: { env: 'T' } } }),
    refused: {
      path: 'servers.0.auth.type',
      message: 'the Prometheus_4D_Exporter supports only "basic" authentication',
      id: 'authRefusal.prometheus4dExporter',
    },
    beyondJsonSchema: true,
  },
  {
    case: 'the Prometheus exporter with the older token',
    servers: one({ kind: 'prometheus-4d-exporter', token: 'x' }),
    refused: {
      path: 'servers.0.token',
      message: 'the Prometheus_4D_Exporter supports only "basic" authentication',
      id: 'authRefusal.prometheus4dExporter',
    },
    fileOnly: true,
    noStore: true,
  },
  {
    case: 'both token and auth',
    servers: one({ token: 'x', auth: { type: 'none' } }),
    refused: { path: 'servers.0.token', message: 'set either "token" or "auth", not both', id: 'tokenAndAuth' },
    fileOnly: true,
    noStore: true,
  },
  {
    case: 'credentials over plain http to another machine',
    servers: one({ url: 'http://10.0.0.5/x', auth: { type: 'bearer', token: { env: 'T' } } }),
    refused: {
      path: 'servers.0.allowPlainHttpCredentials',
      message: 'credentials would travel unencrypted over plain http: use https, or allow plain http credentials for this server',
      id: 'plainHttpCredentials',
    },
    beyondJsonSchema: true,
  },
  {
    case: 'TLS trust for an http URL',
    servers: one({ tls: { fingerprint256: FP } }),
    refused: { path: 'servers.0.tls', message: 'applies to https URLs only', id: 'tlsNeedsHttps' },
    beyondJsonSchema: true,
  },
  {
    case: 'a fingerprint that is not SHA-256',
    servers: one({ url: 'https://srv/x', tls: { fingerprint256: 'AB:CD' } }),
    refused: {
      path: 'servers.0.tls.fingerprint256',
      message: 'must be a SHA-256 fingerprint: 32 bytes in hex, e.g. "AB:CD:..."',
      id: 'notFingerprint',
    },
    beyondJsonSchema: true,
  },
  {
    case: 'a Basic user name left empty',
    servers: one({ auth: { type: 'basic', username: '', password: { env: 'P' } } }),
    refused: { path: 'servers.0.auth.username', message: 'must not be empty', id: 'empty' },
  },
  {
    case: 'a misspelt field',
    servers: one({ intervall: 5000 }),
    refused: { path: 'servers.0', message: 'unknown field "intervall"', id: 'unknownFields', params: { count: 1, fields: '"intervall"' } },
    fileOnly: true,
  },
  {
    case: 'a __proto__ key',
    servers: [withOwnKey('__proto__')],
    refused: { path: 'servers.0', message: 'unknown field "__proto__"', id: 'unknownFields', params: { count: 1, fields: '"__proto__"' } },
    fileOnly: true,
  },
  {
    case: 'a constructor key',
    servers: [withOwnKey('constructor')],
    refused: {
      path: 'servers.0',
      message: 'unknown field "constructor"',
      id: 'unknownFields',
      params: { count: 1, fields: '"constructor"' },
    },
    fileOnly: true,
  },
  {
    case: 'names that differ only in case',
    servers: [
      { name: 'Good', url: LOCAL },
      { name: 'GOOD', url: 'http://127.0.0.1:10/x' },
    ],
    refused: { path: 'servers.1.name', message: 'another server is already called "Good"', id: 'nameTaken', params: { name: 'Good' } },
    beyondJsonSchema: true,
  },
]

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-verdicts-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function emptyService() {
  const persistence = createFilePersistence({ path: join(dir, 'servers.json'), env: {}, log: () => undefined })
  const servers = createServerList({ persistence, apply: () => undefined, env: {} })
  return { servers, backend: createBackend({ monitor: createMonitor({ servers: [], demo: false }), servers }) }
}

/**
 * The form's draft of an entry, as the served page would send it. Its variable is left empty
 * (the monitor then names one after the server): which variables the page may name is the
 * page's own limit, tested in page-limits.test.ts, not a rule of the entry.
 */
function draftOf(entry: Entry): ServerDraft {
  const auth = (entry.auth ?? { type: 'none' }) as { type: ServerDraft['authType']; username?: string }
  const tls = entry.tls as { caFile?: string; fingerprint256?: string } | undefined
  const intervalMs = (entry.intervalMs as number | undefined) ?? 5000
  return {
    ...emptyDraft(),
    name: entry.name as string,
    url: entry.url as string,
    kind: (entry.kind ?? 'http-json') as ServerDraft['kind'],
    machine: (entry.machine as string | undefined) ?? '',
    intervalMs,
    timeoutMs: (entry.timeoutMs as number | undefined) ?? Math.min(4000, intervalMs),
    authType: auth.type,
    username: auth.username ?? '',
    fingerprint256: tls?.fingerprint256 ?? '',
    caFile: tls?.caFile ?? '',
    allowPlainHttpCredentials: entry.allowPlainHttpCredentials === true,
    enabled: entry.enabled !== false,
  }
}

/** The settings store's form of an entry: an id and a kind always, the secret kept apart (here: none). */
function storedOf(entry: Entry, index: number): Entry {
  const stored: Entry = { id: `server-${index}`, kind: 'http-json' }
  // defineProperty: an assignment to "__proto__" would set the prototype instead of writing the key.
  for (const key of Object.keys(entry))
    Object.defineProperty(stored, key, { value: entry[key], enumerable: true, writable: true, configurable: true })
  const auth = entry.auth as { type: string; username?: string } | undefined
  if (auth) stored.auth = auth.username === undefined ? { type: auth.type } : { type: auth.type, username: auth.username }
  return stored
}

/** "servers.1.auth.username" -> index 1 and the form's problem for it. */
function formProblem(refused: NonNullable<Row['refused']>, servers: Entry[]): ServerProblem {
  const [, index, ...path] = refused.path.split('.')
  const draft = draftOf(servers[Number(index)]!)
  const field = draftFieldOf(path, 'env', draft.fingerprint256 !== '')
  return {
    index: Number(index),
    field,
    message: field === 'list' ? refused.message : `${FIELD_LABELS[field]}: ${refused.message}`,
    sentence: { id: `servers.validation.${refused.id}`, params: refused.params ?? {} },
  }
}

describe.each(ROWS)('$case', (row) => {
  it("the served mode's servers file at start", () => {
    const path = join(dir, 'servers.json')
    writeFileSync(path, JSON.stringify({ servers: row.servers }))
    const load = () => createFilePersistence({ path, env: {}, log: () => undefined }).read()
    if (!row.refused) expect(load()).toHaveLength(row.servers.length)
    else expect(load).toThrow(new Error(`${path}: ${row.refused.path}: ${row.refused.message}`))
  })

  it('the import', async () => {
    const { servers } = emptyService()
    const outcome = await servers.importJson(JSON.stringify({ servers: row.servers }))
    if (!row.refused) {
      expect(outcome.entries.map((entry) => [entry.status, entry.problems])).toEqual(row.servers.map(() => ['added', []]))
      return
    }
    const problem = formProblem(row.refused, row.servers)
    const entry = outcome.entries[problem.index]!
    expect(entry.status).toBe('invalid')
    expect(entry.problems[0]).toBe(problem.message)
    const { index: _index, ...detail } = problem
    expect(entry.problemDetails?.[0]).toEqual(detail)
    expect(outcome.list.servers).toHaveLength(outcome.entries.filter((other) => other.status === 'added').length)
  })

  // Rows the form cannot express (fields it has no input for) have no form path: no test, rather than a skipped one.
  if (!row.fileOnly)
    it("the form's check and the contract's save call", async () => {
      const { backend } = emptyService()
      const drafts = row.servers.map(draftOf)
      const validated = await dispatchCall(backend, 'validateServers', [drafts])
      const saved = await dispatchCall(backend, 'saveServers', [drafts])
      if (!row.refused) {
        expect(validated).toEqual({ ok: true, data: [] })
        expect(saved).toMatchObject({ ok: true, data: { status: 'saved' } })
        return
      }
      const problem = formProblem(row.refused, row.servers)
      if (!validated.ok) {
        // A value the draft's shape cannot carry (a kind that does not exist) is refused as an argument, in the same words.
        expect(validated.error).toBe(
          `invalid arguments for validateServers: argument 0.${problem.index}.${problem.field}: ${row.refused.message}`,
        )
        expect(saved).toEqual({ ok: false, error: validated.error.replace('validateServers', 'saveServers') })
        return
      }
      const own = (validated.data as ServerProblem[]).filter((candidate) => candidate.index === problem.index)
      expect(own[0]).toEqual(problem)
      expect(saved).toEqual({ ok: true, data: { status: 'invalid', problems: validated.data } })
    })

  if (!row.noStore)
    it("the desktop app's settings store (electron-store, electron mocked)", () => {
      const path = join(dir, 'settings.json')
      writeFileSync(path, JSON.stringify({ settingsVersion: 2, servers: row.servers.map(storedOf), secrets: {} }))
      const lines: string[] = []
      const settings = setupSettings({ cwd: dir, log: (line) => void lines.push(line), safeStorage: new FakeSafeStorage() })
      if (!row.refused) {
        expect(settings.recovery).toBeNull()
        expect(settings.serverList.read()).toHaveLength(row.servers.length)
        return
      }
      expect(settings.recovery?.text).toContain(`(it does not match the settings schema: ${row.refused.path}: ${row.refused.message})`)
      expect(settings.serverList.read()).toEqual([])
    })

  if (!row.noStore)
    it('the JSON schema the settings store checks with (ajv), where JSON Schema can say it', () => {
      const stored = row.servers.map(storedOf)
      // ajv's verdict for rules it cannot express (across fields, refinements) is "accepted": the zod check before it refuses them.
      expect(storeSchemaAccepts(stored)).toBe(!row.refused || row.beyondJsonSchema === true)
    })

  it('no answer echoes a password written in the URL', async () => {
    const { servers } = emptyService()
    const outcome = await servers.importJson(JSON.stringify({ servers: row.servers }))
    expect(JSON.stringify(outcome)).not.toContain('canary-pass')
  })
})

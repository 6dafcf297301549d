// The one servers.json loader (servers-file.ts) and what the served mode's
// persistence makes of its entries: ids, defaults, secrets, CA files.
import { mkdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { slugify } from '../../../main/core/servers/server-ids.ts'
import { parseServersFile, readServersFile } from '../../../main/core/servers/servers-file.ts'
import type { ServerConfig } from '../../../main/core/types/index.ts'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'servers-file-'))
  dirs.push(dir)
  return dir
}

const parse = (value: unknown) => parseServersFile(JSON.stringify(value), 'servers.json')

/** The configs the monitor polls from a servers.json holding `value`; lines logged go to `logged`. */
async function configs(value: unknown, env: NodeJS.ProcessEnv = {}, logged: string[] = []): Promise<ServerConfig[]> {
  const path = join(await tempDir(), 'servers.json')
  await writeFile(path, JSON.stringify(value))
  const persistence = createFilePersistence({ path, env, log: (line) => void logged.push(line) })
  return persistence
    .read()
    .filter((record) => record.enabled)
    .map((record) => persistence.toConfig(record))
}

describe('parseServersFile', () => {
  it('reads entries, with the default kind', () => {
    expect(parse({ servers: [{ name: 'Accounting', url: 'http://srv-app-01:8080/license-usage' }] })).toEqual([
      { name: 'Accounting', url: 'http://srv-app-01:8080/license-usage', kind: 'http-json' },
    ])
  })

  it('accepts an empty list (the app then runs its demo) and tolerates a byte order mark', () => {
    expect(parse({ servers: [] })).toEqual([])
    expect(parseServersFile('\uFEFF{"servers":[]}', 'servers.json')).toEqual([])
  })

  it.each([
    [
      {
        servers: [
          { name: 'A', url: 'http://a/x' },
          { name: 'B', url: 'ftp://b/x' },
        ],
      },
      'servers.json: servers.1.url: must be an http or https URL',
    ],
    [{ servers: [{ name: 'A', url: 'not a url' }] }, 'servers.json: servers.0.url: must be an http or https URL'],
    [{ servers: [{ name: 'A' }] }, 'servers.json: servers.0.url: must be an http or https URL'],
    [{ servers: [{ name: '  ', url: 'http://a/x' }] }, 'servers.json: servers.0.name: must not be empty'],
    [
      { servers: [{ name: 'A', url: 'http://a/x', kind: 'soap' }] },
      'servers.json: servers.0.kind: must be "http-json", "rest-function" or "prometheus-4d-exporter"',
    ],
    [{ servers: [{ name: 'A', url: 'http://a/x', intervalMs: -5 }] }, 'servers.json: servers.0.intervalMs: must be at least 250 ms'],
    [{ servers: [{ name: 'A', url: 'http://a/x', timeoutMs: '4000' }] }, 'servers.json: servers.0.timeoutMs: must be a number of ms'],
    [{ servers: [{ name: 'A', url: 'http://a/x', intevalMs: 5000 }] }, 'servers.json: servers.0: unknown field "intevalMs"'],
    [
      {
        servers: [
          { name: 'Sales', url: 'http://a/x' },
          { name: 'sales', url: 'http://b/x' },
        ],
      },
      'servers.json: servers.1.name: another server is already called "Sales"',
    ],
    [
      {
        servers: [
          { name: 'A', id: 'x', url: 'http://a/x' },
          { name: 'B', id: 'x', url: 'http://b/x' },
        ],
      },
      'servers.json: servers.1.id: another server already has the id "x"',
    ],
    [{ servers: 'all of them' }, 'servers.json: servers: must be a list of servers'],
    [{ server: [] }, 'servers.json: unknown field "server"'],
    [[], 'servers.json: must be an object with a "servers" list'],
  ])('refuses %j: %s', (value, message) => {
    expect(() => parse(value)).toThrow(message)
  })

  it('names the file and the place for text that is not JSON', () => {
    expect(() => parseServersFile('{"servers": [,]}', 'servers.json')).toThrow(/^servers\.json: not valid JSON at line 1, column 14$/)
  })
})

describe('readServersFile', () => {
  it('reads a real file; a missing one is an empty list; a folder is named as such', async () => {
    const dir = await tempDir()
    const path = join(dir, 'servers.json')
    expect(readServersFile(path)).toEqual([])
    await writeFile(path, JSON.stringify({ servers: [{ name: 'Accounting', url: 'http://127.0.0.1:8080/license-usage' }] }))
    expect(readServersFile(path).map((entry) => entry.name)).toEqual(['Accounting'])
    await writeFile(path, '{"servers": [{"name": "A", "url": 12}]}')
    expect(() => readServersFile(path)).toThrow(`${path}: servers.0.url: must be an http or https URL`)
    const folder = join(dir, 'folder.json')
    mkdirSync(folder)
    expect(() => readServersFile(folder)).toThrow(`${folder}: is a folder, not a servers file`)
  })
})

describe('the configs polled from a servers.json', () => {
  it('gives ids from the names, unique when names differ only in punctuation, and respects explicit ids', async () => {
    const servers = await configs({
      servers: [
        { name: 'Sales', url: 'http://a/x' },
        { name: 'Sales!', url: 'http://b/x' },
        { name: 'Other', id: 'sales-3', url: 'http://c/x' },
        { name: 'Sales?', url: 'http://d/x' },
        { name: '***', url: 'http://e/x' },
      ],
    })
    expect(servers.map((s) => s.id)).toEqual(['sales', 'sales-2', 'sales-3', 'sales-4', 'server'])
  })

  it('fills the default interval and timeout and keeps every other field', async () => {
    const [plain, full] = await configs({
      servers: [
        { name: 'Accounting', url: 'http://srv-app-01:8080/license-usage' },
        {
          name: 'Sales (EU) #2',
          url: 'https://srv-app-02/rest/$catalog/licenseUsage',
          kind: 'rest-function',
          machine: 'srv-app-02',
          token: 'abc',
          intervalMs: 10_000,
          timeoutMs: 3000,
          maxBodyBytes: 1_000_000,
        },
      ],
    })
    expect(plain).toEqual({
      id: 'accounting',
      name: 'Accounting',
      url: 'http://srv-app-01:8080/license-usage',
      kind: 'http-json',
      intervalMs: 5000,
      timeoutMs: 4000,
    })
    expect(full).toEqual({
      id: 'sales-eu-2',
      name: 'Sales (EU) #2',
      url: 'https://srv-app-02/rest/$catalog/licenseUsage',
      kind: 'rest-function',
      machine: 'srv-app-02',
      auth: { type: 'bearer', token: 'abc' },
      intervalMs: 10_000,
      timeoutMs: 3000,
      maxBodyBytes: 1_000_000,
    })
  })
})

describe('slugify', () => {
  it('makes readable ids from names in any script', () => {
    expect(slugify('Licenças São Paulo')).toBe('licencas-sao-paulo')
    expect(slugify('  Srv_App 01  ')).toBe('srv-app-01')
  })
})

describe('authentication, secrets from the environment and TLS trust', () => {
  const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89'
  const one = async (entry: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, logged: string[] = []) =>
    (await configs({ servers: [{ name: 'A', url: 'https://a/x', ...entry }] }, env, logged))[0]

  it('reads every auth type, and the older token as Bearer', async () => {
    expect((await one({ auth: { type: 'none' } }))?.auth).toBeUndefined()
    expect((await one({ auth: { type: 'bearer', token: 't0k' } }))?.auth).toEqual({ type: 'bearer', token: 't0k' })
    expect((await one({ auth: { type: 'basic', username: 'u', password: 'p' } }))?.auth).toEqual({
      type: 'basic',
      username: 'u',
      password: 'p',
    })
    expect((await one({ kind: 'rest-function', auth: { type: 'rest-login', username: 'u', password: 'p' } }))?.auth).toEqual({
      type: 'rest-login',
      username: 'u',
      password: 'p',
    })
    expect((await one({ token: 'abc' }))?.auth).toEqual({ type: 'bearer', token: 'abc' })
    expect((await one({ kind: 'prometheus-4d-exporter', auth: { type: 'basic', username: 'u', password: 'p' } }))?.kind).toBe(
      'prometheus-4d-exporter',
    )
  })

  it('takes secrets written as {"env": NAME} from the environment, and names a missing variable (never a value)', async () => {
    const env = { ACCOUNTING_TOKEN: 'from-env-token', ACCOUNTING_PASSWORD: 'from-env-password' }
    expect((await one({ token: { env: 'ACCOUNTING_TOKEN' } }, env))?.auth).toEqual({ type: 'bearer', token: 'from-env-token' })
    expect((await one({ auth: { type: 'basic', username: 'u', password: { env: 'ACCOUNTING_PASSWORD' } } }, env))?.auth).toEqual({
      type: 'basic',
      username: 'u',
      password: 'from-env-password',
    })
    const logged: string[] = []
    await one({ auth: { type: 'bearer', token: { env: 'MISSING_TOKEN' } } }, env, logged)
    await one({ token: { env: 'EMPTY' } }, { EMPTY: '' }, logged)
    expect(logged).toEqual([
      expect.stringMatching(/servers\.json: server "A": environment variable "MISSING_TOKEN" is not set$/),
      expect.stringMatching(/servers\.json: server "A": environment variable "EMPTY" is not set$/),
    ])
  })

  it.each([
    [{ token: 'x', auth: { type: 'bearer', token: 'y' } }, 'servers.json: servers.0.token: set either "token" or "auth", not both'],
    [
      { auth: { type: 'kerberos' } },
      'servers.json: servers.0.auth.type: must be {"type": "none" | "bearer" | "basic" | "rest-login", ...}',
    ],
    [{ auth: { type: 'basic', password: 'p' } }, 'servers.json: servers.0.auth.username: must be a text'],
    [
      { auth: { type: 'bearer', token: { env: 'not a name' } } },
      'servers.json: servers.0.auth.token.env: must be an environment variable name, e.g. "ACCOUNTING_TOKEN"',
    ],
    [
      { kind: 'prometheus-4d-exporter', auth: { type: 'rest-login', username: 'u', password: 'p' } },
      'servers.json: servers.0.auth.type: the Prometheus_4D_Exporter supports only "basic" authentication',
    ],
    [
      { kind: 'prometheus-4d-exporter', token: 'x' },
      'servers.json: servers.0.token: the Prometheus_4D_Exporter supports only "basic" authentication',
    ],
    [{ url: 'http://a/x', tls: { fingerprint256: FP } }, 'servers.json: servers.0.tls: applies to https URLs only'],
    [
      { tls: { fingerprint256: 'AB:CD' } },
      'servers.json: servers.0.tls.fingerprint256: must be a SHA-256 fingerprint: 32 bytes in hex, e.g. "AB:CD:..."',
    ],
    [{ tls: {} }, 'servers.json: servers.0.tls: must set "caFile" or "fingerprint256"'],
  ])('refuses %j', (entry, message) => {
    expect(() => parse({ servers: [{ name: 'A', url: 'https://a/x', ...entry }] })).toThrow(message)
  })

  it('normalises a pinned fingerprint to upper-case pairs', async () => {
    expect((await one({ tls: { fingerprint256: FP.replace(/:/g, '').toLowerCase() } }))?.tls).toEqual({ fingerprint256: FP })
  })

  it('reads a CA file relative to servers.json, and names a file it cannot read', async () => {
    const dir = await tempDir()
    const pem = readFileSync(new URL('../fixtures/self-signed-cert.pem', import.meta.url), 'utf8')
    await writeFile(join(dir, 'ca.pem'), pem)
    const path = join(dir, 'servers.json')
    const logged: string[] = []
    const load = async (caFile: string) => {
      await writeFile(path, JSON.stringify({ servers: [{ name: 'A', url: 'https://a/x', tls: { caFile } }] }))
      const persistence = createFilePersistence({ path, env: {}, log: (line) => void logged.push(line) })
      return persistence.toConfig(persistence.read()[0]!)
    }
    expect((await load('ca.pem')).tls).toEqual({ caFile: 'ca.pem', ca: pem })
    expect((await load('nope.pem')).tls).toEqual({ caFile: 'nope.pem' })
    expect(logged).toEqual([`${path}: server "A": its CA file nope.pem cannot be read`])
  })

  it.each([
    ['a bare word where a text belongs', `"password": canary-pw-1d2c`, 'at line 4, column 25'],
    ['a trailing comma after the secret', `"password": "canary-pw-1d2c",`, 'at line 5, column 1'],
    ['an unterminated secret', `"password": "canary-pw-1d2c`, 'at line 4, column 40'],
  ])('reports only the line and column of a JSON error, never the text (%s)', (_case, secretLine, where) => {
    const canary = 'canary-pw-1d2c'
    const text = `{"servers": [\n  {"name": "A", "url": "http://a/x",\n   "auth": {"type": "basic", "username": "u",\n            ${secretLine}\n}}]}`
    let message = ''
    try {
      parseServersFile(text, 'servers.json')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe(`servers.json: not valid JSON ${where}`)
    expect(message).not.toContain(canary)
    expect(message).not.toMatch(/'c'|canary|pw-/)
  })
})

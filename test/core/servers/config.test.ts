import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadServersConfig, parseServersConfig, slugify } from '../../../main/core/servers/config.ts'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

function parse(value: unknown): ReturnType<typeof parseServersConfig> {
  return parseServersConfig(JSON.stringify(value), 'servers.json')
}

describe('parseServersConfig', () => {
  it('reads servers with defaults and ids derived from the names', () => {
    const servers = parse({
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
          allowPlainHttpCredentials: false,
          maxBodyBytes: 1_000_000,
        },
      ],
    })
    expect(servers).toEqual([
      { id: 'accounting', name: 'Accounting', url: 'http://srv-app-01:8080/license-usage', kind: 'http-json' },
      {
        id: 'sales-eu-2',
        name: 'Sales (EU) #2',
        url: 'https://srv-app-02/rest/$catalog/licenseUsage',
        kind: 'rest-function',
        machine: 'srv-app-02',
        token: 'abc',
        intervalMs: 10_000,
        timeoutMs: 3000,
        allowPlainHttpCredentials: false,
        maxBodyBytes: 1_000_000,
      },
    ])
  })

  it('keeps ids unique when names differ only in punctuation, and respects explicit ids', () => {
    const servers = parse({
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

  it('accepts an empty list (the app then runs its demo)', () => {
    expect(parse({ servers: [] })).toEqual([])
  })

  it('tolerates a byte order mark', () => {
    expect(parseServersConfig('\uFEFF{"servers":[]}', 'servers.json')).toEqual([])
  })

  it.each([
    [{ servers: [{ name: 'A', url: 'http://a/x' }, { name: 'B', url: 'ftp://b/x' }] }, 'servers.json: servers[1].url: must be an http or https URL'],
    [{ servers: [{ name: 'A', url: 'not a url' }] }, 'servers.json: servers[0].url: must be an http or https URL'],
    [{ servers: [{ name: 'A' }] }, 'servers.json: servers[0].url: must be an http or https URL'],
    [{ servers: [{ name: '  ', url: 'http://a/x' }] }, 'servers.json: servers[0].name: must not be empty'],
    [{ servers: [{ name: 'A', url: 'http://a/x', kind: 'soap' }] }, 'servers.json: servers[0].kind: must be "http-json", "rest-function" or "prometheus-4d-exporter"'],
    [{ servers: [{ name: 'A', url: 'http://a/x', intervalMs: -5 }] }, 'servers.json: servers[0].intervalMs: must be more than 0'],
    [{ servers: [{ name: 'A', url: 'http://a/x', timeoutMs: '4000' }] }, 'servers.json: servers[0].timeoutMs: must be a number of milliseconds'],
    [{ servers: [{ name: 'A', url: 'http://a/x', intevalMs: 5000 }] }, 'servers.json: servers[0]: unknown field "intevalMs"'],
    [{ servers: [{ name: 'Sales', url: 'http://a/x' }, { name: 'sales', url: 'http://b/x' }] }, 'servers.json: two servers are named "sales"'],
    [{ servers: [{ name: 'A', id: 'x', url: 'http://a/x' }, { name: 'B', id: 'x', url: 'http://b/x' }] }, 'servers.json: two servers have the id "x"'],
    [{ servers: 'all of them' }, 'servers.json: servers: must be a list of servers'],
    [{ server: [] }, 'servers.json: servers: must be a list of servers'],
    [[], 'servers.json: must be an object with a "servers" list'],
  ])('refuses %j: %s', (value, message) => {
    expect(() => parse(value)).toThrow(message)
  })

  it('names the file and the parser problem for text that is not JSON', () => {
    expect(() => parseServersConfig('{"servers": [,]}', 'servers.json')).toThrow(/^servers\.json: not valid JSON at line 1, column 14$/)
  })
})

describe('loadServersConfig', () => {
  it('reads a real file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'servers-config-'))
    dirs.push(dir)
    const path = join(dir, 'servers.json')
    await writeFile(path, JSON.stringify({ servers: [{ name: 'Accounting', url: 'http://127.0.0.1:8080/license-usage' }] }))
    expect(await loadServersConfig(path)).toEqual([{ id: 'accounting', name: 'Accounting', url: 'http://127.0.0.1:8080/license-usage', kind: 'http-json' }])
  })

  it('names the file when it is missing or broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'servers-config-'))
    dirs.push(dir)
    const missing = join(dir, 'missing.json')
    await expect(loadServersConfig(missing)).rejects.toThrow(`${missing}: file not found`)
    const broken = join(dir, 'servers.json')
    await writeFile(broken, '{"servers": [{"name": "A", "url": 12}]}')
    await expect(loadServersConfig(broken)).rejects.toThrow(`${broken}: servers[0].url: must be an http or https URL`)
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
  const one = (entry: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
    parseServersConfig(JSON.stringify({ servers: [{ name: 'A', url: 'https://a/x', ...entry }] }), 'servers.json', env)[0]

  it('reads every auth type, and the older token as it was', () => {
    expect(one({ auth: { type: 'none' } })?.auth).toEqual({ type: 'none' })
    expect(one({ auth: { type: 'bearer', token: 't0k' } })?.auth).toEqual({ type: 'bearer', token: 't0k' })
    expect(one({ auth: { type: 'basic', username: 'u', password: 'p' } })?.auth).toEqual({ type: 'basic', username: 'u', password: 'p' })
    expect(one({ kind: 'rest-function', auth: { type: 'rest-login', username: 'u', password: 'p' } })?.auth).toEqual({ type: 'rest-login', username: 'u', password: 'p' })
    expect(one({ token: 'abc' })).toMatchObject({ token: 'abc' })
    expect(one({ kind: 'prometheus-4d-exporter', auth: { type: 'basic', username: 'u', password: 'p' } })?.kind).toBe('prometheus-4d-exporter')
  })

  it('takes secrets written as {"env": NAME} from the environment, and names a missing variable (never a value)', () => {
    const env = { ACCOUNTING_TOKEN: 'from-env-token', ACCOUNTING_PASSWORD: 'from-env-password' }
    expect(one({ token: { env: 'ACCOUNTING_TOKEN' } }, env)?.token).toBe('from-env-token')
    expect(one({ auth: { type: 'basic', username: 'u', password: { env: 'ACCOUNTING_PASSWORD' } } }, env)?.auth).toEqual({
      type: 'basic', username: 'u', password: 'from-env-password',
    })
    expect(() => one({ auth: { type: 'bearer', token: { env: 'MISSING_TOKEN' } } }, env)).toThrow(
      'servers.json: servers[0].auth.token: environment variable "MISSING_TOKEN" is not set',
    )
    expect(() => one({ token: { env: 'EMPTY' } }, { EMPTY: '' })).toThrow('servers.json: servers[0].token: environment variable "EMPTY" is not set')
  })

  it.each([
    [{ token: 'x', auth: { type: 'bearer', token: 'y' } }, 'servers.json: servers[0].token: set either "token" or "auth", not both'],
    [{ auth: { type: 'kerberos' } }, 'servers.json: servers[0].auth.type: must be {"type": "none" | "bearer" | "basic" | "rest-login", ...}'],
    [{ auth: { type: 'basic', username: 'u' } }, 'servers.json: servers[0].auth.password: must be a non-empty text or {"env": "VARIABLE_NAME"}'],
    [{ auth: { type: 'bearer', token: { env: 'not a name' } } }, 'servers.json: servers[0].auth.token.env: must be an environment variable name, e.g. "ACCOUNTING_TOKEN"'],
    [{ kind: 'prometheus-4d-exporter', auth: { type: 'rest-login', username: 'u', password: 'p' } }, 'servers.json: servers[0].auth.type: the Prometheus_4D_Exporter supports only "basic" authentication'],
    [{ url: 'http://a/x', tls: { fingerprint256: FP } }, 'servers.json: servers[0].tls: applies to https URLs only'],
    [{ tls: { fingerprint256: 'AB:CD' } }, 'servers.json: servers[0].tls.fingerprint256: must be a SHA-256 fingerprint: 32 bytes in hex, e.g. "AB:CD:..."'],
    [{ tls: {} }, 'servers.json: servers[0].tls: must set "caFile" or "fingerprint256"'],
  ])('refuses %j', (entry, message) => {
    expect(() => one(entry)).toThrow(message)
  })

  it('normalises a pinned fingerprint to upper-case pairs', () => {
    expect(one({ tls: { fingerprint256: FP.replace(/:/g, '').toLowerCase() } })?.tls).toEqual({ fingerprint256: FP })
  })

  it('reads a CA file relative to servers.json, and names a file it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'servers-config-'))
    dirs.push(dir)
    const pem = readFileSync(new URL('../fixtures/self-signed-cert.pem', import.meta.url), 'utf8')
    await writeFile(join(dir, 'ca.pem'), pem)
    await writeFile(join(dir, 'servers.json'), JSON.stringify({ servers: [{ name: 'A', url: 'https://a/x', tls: { caFile: 'ca.pem' } }] }))
    expect((await loadServersConfig(join(dir, 'servers.json')))[0]?.tls).toEqual({ caFile: join(dir, 'ca.pem'), ca: pem })
    await writeFile(join(dir, 'servers.json'), JSON.stringify({ servers: [{ name: 'A', url: 'https://a/x', tls: { caFile: 'nope.pem' } }] }))
    await expect(loadServersConfig(join(dir, 'servers.json'))).rejects.toThrow(
      `${join(dir, 'servers.json')}: servers[0].tls.caFile: cannot read ${join(dir, 'nope.pem')} (ENOENT)`,
    )
  })

  it.each([
    ['a bare word where a text belongs', `"password": ${'canary-pw-1d2c'}`, 'at line 4, column 25'],
    ['a trailing comma after the secret', `"password": "${'canary-pw-1d2c'}",`, 'at line 5, column 1'],
    ['an unterminated secret', `"password": "${'canary-pw-1d2c'}`, 'at line 4, column 40'],
  ])('reports only the line and column of a JSON error, never the text (%s)', (_case, secretLine, where) => {
    const canary = 'canary-pw-1d2c'
    const text = `{"servers": [\n  {"name": "A", "url": "http://a/x",\n   "auth": {"type": "basic", "username": "u",\n            ${secretLine}\n}}]}`
    let message = ''
    try {
      parseServersConfig(text, 'servers.json')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe(`servers.json: not valid JSON ${where}`)
    expect(message).not.toContain(canary)
    expect(message).not.toMatch(/'c'|canary|pw-/)
  })

  it('never quotes the file around a JSON error (it may be a password)', () => {
    const canary = 'canary-pw-7f3a'
    const attempt = () => parseServersConfig(`{"servers": [{"name": "A", "url": "http://a/x", "auth": {"type": "basic", "username": "u", "password": "${canary}",}}]}`, 'servers.json')
    expect(attempt).toThrow(/^servers\.json: not valid JSON/)
    try {
      attempt()
    } catch (error) {
      expect((error as Error).message).not.toContain(canary)
    }
  })
})

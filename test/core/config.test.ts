import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadServersConfig, parseServersConfig, slugify } from '../../main/core/config.ts'

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
    [{ servers: [{ name: 'A', url: 'http://a/x', kind: 'soap' }] }, 'servers.json: servers[0].kind: must be "http-json" or "rest-function"'],
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
    expect(() => parseServersConfig('{"servers": [,]}', 'servers.json')).toThrow(/^servers\.json: not valid JSON \(Unexpected token/)
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

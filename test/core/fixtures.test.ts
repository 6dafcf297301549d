// Sample payloads that stand for real 4D Servers (test/fixtures/payloads), run through the
// same path as a poll: parsePayload, then aggregate. Each expected row states its numbers.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { aggregate } from '../../main/core/usage/aggregate.ts'
import { resolveMachine } from '../../main/core/usage/machine.ts'
import { parsePayload } from '../../main/core/ingest/payload-schema.ts'
import type { ServerPayload, ServerState } from '../../main/core/types/index.ts'

const FIXTURES = fileURLToPath(new URL('../fixtures/payloads/', import.meta.url))
const INVALID = join(FIXTURES, 'invalid')

const CLIENT = 808464441
const SQL = 810766668 // "0SQL", the simulator's placeholder for 4D SQL Server
const WEB = 808464945 // "0021", 4D Web
const WRITE = 808464697 // 4D Write - 4D Write Pro

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
}

function parseFixture(file: string): ServerPayload {
  const result = parsePayload(readJson(join(FIXTURES, file)))
  if (!result.ok) throw new Error(`${file} should parse, but: ${result.error}`)
  return result.payload
}

/** The server a fixture stands for; a bare array names no machine, so the URL host does. */
function serverFrom(file: string): ServerState {
  const payload = parseFixture(file)
  const name = file.replace(/\.json$/, '')
  const url = `http://${name}.test:8080/license-usage`
  return {
    id: name,
    name: payload.server.name ?? name,
    url,
    machine: resolveMachine({ url }, payload),
    status: 'up',
    latencyMs: 5,
    lastSuccessAt: '2026-11-28T09:15:05.000Z',
    lastAttemptAt: '2026-11-28T09:15:05.000Z',
    lastError: null,
    warnings: [],
    consecutiveFailures: 0,
    version: payload.server.version,
    payload,
  }
}

interface Row {
  machine: string
  productId: number
  used: number
  limit: number | null
  remaining: number | null
  unlimited?: boolean
}

const cases: { name: string; files: string[]; rows: Row[]; invalidCounts?: number[] }[] = [
  {
    name: 'a 4D Client pool near its limit (9 of 10, sleeping and postponed sessions included)',
    files: ['client-pool-near-limit.json'],
    rows: [{ machine: 'srv-fin-01', productId: CLIENT, used: 9, limit: 10, remaining: 1 }],
  },
  {
    name: 'several products, one unlimited, one only named by License info',
    files: ['several-products.json'],
    rows: [
      { machine: 'srv-log-01', productId: CLIENT, used: 3, limit: 25, remaining: 22 },
      { machine: 'srv-log-01', productId: SQL, used: 2, limit: 5, remaining: 3 },
      { machine: 'srv-log-01', productId: WEB, used: 2, limit: null, remaining: null, unlimited: true },
      { machine: 'srv-log-01', productId: WRITE, used: 0, limit: 15, remaining: 15 },
    ],
  },
  {
    name: 'a bare array with REST and SQL sessions: limits from the latest records',
    files: ['rest-and-sql-sessions.json'],
    rows: [
      { machine: 'rest-and-sql-sessions.test', productId: CLIENT, used: 2, limit: 8, remaining: 6 },
      { machine: 'rest-and-sql-sessions.test', productId: SQL, used: 1, limit: 2, remaining: 1 },
    ],
  },
  {
    name: 'numbers sent as strings, sleeping and postponed sessions, no License info',
    files: ['sleeping-and-postponed.json'],
    rows: [{ machine: 'srv-med-01', productId: CLIENT, used: 4, limit: 5, remaining: 1 }],
  },
  {
    name: 'two servers on one machine: one pool, the same tokens on both counted twice',
    files: ['machine-shared-server-1.json', 'machine-shared-server-2.json'],
    rows: [{ machine: 'srv-app-01', productId: CLIENT, used: 7, limit: 12, remaining: 5 }],
  },
  {
    name: 'unknown extra fields at every level',
    files: ['unknown-extra-fields.json'],
    rows: [{ machine: 'srv-next', productId: CLIENT, used: 2, limit: 5, remaining: 3 }],
  },
  {
    name: 'the published real example shape',
    files: ['published-example.json'],
    rows: [{ machine: 'published-example.test', productId: CLIENT, used: 1, limit: 3, remaining: 2 }],
  },
  {
    name: 'one odd record among usable ones',
    files: ['partly-invalid.json'],
    rows: [{ machine: 'srv-old', productId: CLIENT, used: 2, limit: 4, remaining: 2 }],
    invalidCounts: [1],
  },
]

describe('valid fixtures through parsePayload and aggregate', () => {
  it('has an expectation for every valid fixture file', () => {
    expect(cases.flatMap((c) => c.files).sort()).toEqual(jsonFiles(FIXTURES))
  })

  it.each(cases)('$name', ({ files, rows, invalidCounts }) => {
    const servers = files.map(serverFrom)
    expect(servers.map((s) => s.payload?.invalidCount)).toEqual(invalidCounts ?? files.map(() => 0))
    const result = aggregate(servers)
    const actual = result.flatMap((m) =>
      m.products.map((p) => ({
        machine: m.machine,
        productId: p.productId,
        used: p.used,
        limit: p.limit,
        remaining: p.remaining,
        unlimited: p.unlimited,
      })),
    )
    expect(actual).toEqual(expect.arrayContaining(rows.map((row) => ({ unlimited: false, ...row }))))
    expect(actual).toHaveLength(rows.length)
    for (const product of result.flatMap((m) => m.products)) expect(product.flags).toEqual([])
  })

  it('keeps the session details an admin needs (states, REST and SQL users, the published record)', () => {
    const states = aggregate([serverFrom('sleeping-and-postponed.json')])[0]?.products[0]?.licenses.map((l) => l.state)
    expect(states).toEqual(['active', 'active', 'postponed', 'sleeping'])

    const rest = aggregate([serverFrom('rest-and-sql-sessions.json')])[0]?.products
    expect(rest?.find((p) => p.productId === CLIENT)?.licenses.map((l) => [l.sessionType, l.userName])).toEqual([
      ['rest', 'mobile-app'],
      ['rest', 'erp-sync'],
    ])
    expect(rest?.find((p) => p.productId === SQL)?.licenses.map((l) => [l.sessionType, l.userName, l.ipAddress])).toEqual([
      ['sql', 'bi', '10.0.9.4'],
    ])

    const published = aggregate([serverFrom('published-example.json')])[0]?.products[0]?.licenses[0]
    expect(published).toMatchObject({
      productId: CLIENT,
      reason: 'CLIENT',
      state: 'postponed',
      clientMachine: 'iMac-de-Laurent',
      hostType: 'mac',
    })
  })
})

describe('invalid fixtures', () => {
  const invalid: { file: string; error: string }[] = [
    { file: 'missing-product-id.json', error: 'no usable record: 2 of 2 records invalid: productId missing' },
    { file: 'usage-not-a-collection.json', error: 'unexpected payload' },
    { file: 'wrong-types.json', error: 'no usable record: 3 of 3 records invalid' },
  ]

  it('has an expectation for every invalid fixture file', () => {
    expect(invalid.map((c) => c.file).sort()).toEqual(jsonFiles(INVALID))
  })

  it.each(invalid)('$file is refused with a sentence naming the cause', ({ file, error }) => {
    const result = parsePayload(readJson(join(INVALID, file)))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toContain(error)
  })
})

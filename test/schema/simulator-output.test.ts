// A long run of the simulator, read over real HTTP in all three endpoint shapes, validates
// against the committed contract schema; its deliberately broken records do not.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unwrapRestResult } from '../../main/core/ingest/payload-schema.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import type { SimServerInfo } from '../../main/simulator/api.ts'
import { contractErrors, createContractValidator } from './contract-validator.ts'

const TOKEN = 'contract-schema-test-token'
const STEPS = 200
const contract = createContractValidator()

async function fetchJson(url: string, init: RequestInit = {}): Promise<unknown> {
  // The caller's headers win, Authorization included.
  const headers = new Headers(init.headers)
  if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${TOKEN}`)
  const response = await fetch(url, { ...init, headers })
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
  return (await response.json()) as unknown
}

/** The three shapes a server may answer with, the REST one unwrapped as the poller does. */
async function fetchAllShapes(server: SimServerInfo): Promise<{ shape: string; body: unknown }[]> {
  const [object, array, rest] = await Promise.all([
    fetchJson(server.jsonUrl),
    fetchJson(server.arrayUrl),
    fetchJson(server.restUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' }),
  ])
  const unwrapped = unwrapRestResult(rest)
  if (!unwrapped.ok) throw new Error(`${server.restUrl}: ${unwrapped.error}`)
  return [
    { shape: 'contract object', body: object },
    { shape: 'bare array', body: array },
    { shape: 'REST result', body: unwrapped.value },
  ]
}

function usageOf(body: unknown): Record<string, unknown>[] {
  const usage = Array.isArray(body) ? body : (body as { usage: unknown[] }).usage
  return usage as Record<string, unknown>[]
}

/** SQL sessions carry no type: tell them by their userAgent, REST ones by their sessionID. */
function sessionKind(record: Record<string, unknown>): string {
  const session = (record['session'] ?? {}) as Record<string, unknown>
  if (typeof session['type'] === 'string') return session['type']
  if ('sessionID' in session) return 'rest'
  if ('userAgent' in session) return 'sql'
  return 'none'
}

describe('simulator output against the contract schema', () => {
  let simulator: LocalSimulator

  beforeAll(async () => {
    simulator = await startSimulator({ servers: 3, machines: 2, seed: 20261128, token: TOKEN })
  })
  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed before starting it; the teardown must not add a TypeError to that failure
    await simulator?.stop()
  })

  it(`validates every shape of every server over ${STEPS} steps`, async () => {
    const failures: string[] = []
    const kinds = new Set<string>()
    let records = 0
    for (let step = 0; step < STEPS; step++) {
      simulator.step()
      for (const server of simulator.servers()) {
        for (const { shape, body } of await fetchAllShapes(server)) {
          const errors = contractErrors(contract.payload, body)
          if (errors.length > 0) failures.push(`step ${step}, ${server.name}, ${shape}: ${errors.join(', ')}`)
          for (const record of usageOf(body)) kinds.add(sessionKind(record))
          records += usageOf(body).length
        }
      }
    }
    expect(failures).toEqual([])
    // The run must have exercised real variety, not an empty server.
    expect(records).toBeGreaterThan(STEPS * 3)
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['remote', 'rest', 'sql', 'web']))
  }, 120_000)

  it('rejects the broken records of the badRecords fault, naming each field', async () => {
    const [server] = simulator.servers()
    if (!server) throw new Error('the simulator started no server')
    simulator.setFault(server.id, 'badRecords')
    try {
      const body = await fetchJson(server.jsonUrl)
      const usage = usageOf(body)
      const at = (test: (record: Record<string, unknown>) => boolean) => usage.findIndex(test)
      const missingProductId = at((r) => !('productId' in r))
      const tokenAsObject = at((r) => typeof r['token'] === 'object')
      const nameAsNumber = at((r) => typeof r['productName'] === 'number')
      expect([missingProductId, tokenAsObject, nameAsNumber]).not.toContain(-1)
      expect(contractErrors(contract.payload, body)).toEqual(
        expect.arrayContaining([
          `/usage/${missingProductId}/productId`,
          `/usage/${tokenAsObject}/token`,
          `/usage/${nameAsNumber}/productName`,
        ]),
      )
    } finally {
      simulator.setFault(server.id, 'none')
    }
  })
})

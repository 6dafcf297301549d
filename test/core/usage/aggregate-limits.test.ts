// Where a row's limit comes from, for every answer a real 4D Server gives.
// The answers are JSON shaped as a real single server sends them (4D blog,
// January 2022: productId 808464441 "4D Client", no globalProductUsedCount,
// `time` with +01:00 and no milliseconds, an extra session.licenseToken),
// read by the real payload schema, then aggregated.
import { describe, expect, it } from 'vitest'
import { createAlerting } from '../../../main/core/alerts/alerting.ts'
import { parsePayload } from '../../../main/core/ingest/payload-schema.ts'
import { aggregate, INFERRED_LIMIT_NOTE } from '../../../main/core/usage/aggregate.ts'
import type { ProductUsage, ServerPayload, ServerState } from '../../../main/core/types/index.ts'

const CLIENT = 808464441

/** One `License usage` record as the published example writes it. */
function wire(token: number, used: number, balance: number, time: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productId: CLIENT,
    productName: '4D Client',
    productUsedCount: used,
    productBalance: balance,
    token,
    time,
    reason: 'CLIENT',
    session: {
      type: 'remote',
      userName: 'Designer',
      machineName: 'iMac-de-Laurent',
      systemUserName: 'laurent',
      IPAddress: '192.168.1.14',
      hostType: 'mac',
      creationDateTime: '2022-01-11T10:52+01:00',
      state: 'postponed',
      ID: `S${token}`,
      persistentID: `P${token}`,
      licenseToken: token,
    },
    ...extra,
  }
}

/** n records retained one after the other on a pool of `pool`: the latest has used n, balance pool - n. */
function retained(n: number, pool: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    wire(i + 1, i + 1, pool - (i + 1), `2022-01-11T10:${String(10 + i).padStart(2, '0')}:56+01:00`),
  )
}

function parsed(body: unknown): ServerPayload {
  const result = parsePayload(body)
  if (!result.ok) throw new Error(result.error)
  return result.payload
}

function state(name: string, machine: string, body: unknown): ServerState {
  return {
    id: name.toLowerCase(),
    name,
    url: `http://${machine}/license-usage`,
    machine,
    status: 'up',
    latencyMs: 5,
    lastSuccessAt: '2022-01-11T10:00:00Z',
    lastAttemptAt: '2022-01-11T10:00:00Z',
    lastError: null,
    warnings: [],
    consecutiveFailures: 0,
    version: null,
    payload: body === null ? null : parsed(body),
  }
}

function row(servers: ServerState[]): ProductUsage {
  const product = aggregate(servers)[0]?.products.find((p) => p.productId === CLIENT)
  if (!product) throw new Error('no 4D Client row')
  return product
}

const contract = (usage: unknown[], products: unknown[]) => ({ licenseInfo: { products }, usage })

interface Case {
  name: string
  servers: () => ServerState[]
  expected: Pick<ProductUsage, 'used' | 'limit' | 'remaining' | 'unlimited' | 'limitSource'> & { note?: boolean }
}

const CASES: Case[] = [
  {
    name: "4D's published answer, alone on its machine: limit inferred from productUsedCount + productBalance",
    servers: () => [state('Solo', 'srv-1', [wire(1, 1, 2, '2022-01-11T10:52:56+01:00')])],
    expected: { used: 1, limit: 3, remaining: 2, unlimited: false, limitSource: 'inferred', note: true },
  },
  {
    name: 'a single server, several records, no License info and no global count: the latest record gives the pool',
    servers: () => [state('Solo', 'srv-1', retained(8, 10))],
    expected: { used: 8, limit: 10, remaining: 2, unlimited: false, limitSource: 'inferred', note: true },
  },
  {
    name: 'the latest record is the latest time, whatever the offsets, before the highest token',
    servers: () => [
      state('Solo', 'srv-1', [
        wire(9, 1, 4, '2022-01-11T10:30:00+01:00'), // 09:30 UTC: older, though its token is higher
        wire(3, 2, 10, '2022-01-11T09:45:00Z'), // 09:45 UTC: the latest, pool 12
      ]),
    ],
    expected: { used: 2, limit: 12, remaining: 10, unlimited: false, limitSource: 'inferred', note: true },
  },
  {
    name: 'same time: the highest token is the latest',
    servers: () => [state('Solo', 'srv-1', [wire(4, 3, 5, '2022-01-11T10:00:00+01:00'), wire(5, 4, 3, '2022-01-11T10:00:00+01:00')])],
    expected: { used: 2, limit: 7, remaining: 5, unlimited: false, limitSource: 'inferred', note: true },
  },
  {
    name: 'two servers on the machine and no global count: one server sees only its part, so the limit stays unknown',
    servers: () => [state('A', 'srv-1', retained(2, 10)), state('B', 'srv-1', [])],
    expected: { used: 2, limit: null, remaining: null, unlimited: false, limitSource: 'unknown' },
  },
  {
    name: 'globalProductUsedCount + productBalance when the servers of a machine send it',
    servers: () => [
      state('A', 'srv-1', [wire(1, 1, 7, '2022-01-11T10:00:00+01:00', { globalProductUsedCount: 3 })]),
      state('B', 'srv-1', [wire(1, 2, 7, '2022-01-11T09:59:00+01:00', { globalProductUsedCount: 2 })]),
    ],
    expected: { used: 2, limit: 10, remaining: 8, unlimited: false, limitSource: 'records' },
  },
  {
    name: 'License info allowedCount wins over the records',
    servers: () => [state('Solo', 'srv-1', contract(retained(3, 10), [{ id: CLIENT, name: '4D Client', usedCount: 3, allowedCount: 25 }]))],
    expected: { used: 3, limit: 25, remaining: 22, unlimited: false, limitSource: 'licenseInfo' },
  },
  {
    name: 'allowedCount above 32767 reads as unlimited',
    servers: () => [state('Solo', 'srv-1', contract(retained(3, 10), [{ id: CLIENT, name: '4D Client', allowedCount: 40000 }]))],
    expected: { used: 3, limit: null, remaining: null, unlimited: true, limitSource: 'licenseInfo' },
  },
  {
    name: 'no allowedCount: the rights add up to the limit',
    servers: () => [
      state(
        'Solo',
        'srv-1',
        contract(retained(3, 10), [
          { id: CLIENT, name: '4D Client', rights: [{ count: 5 }, { count: '3', expirationDate: '2027-01-01' }] },
        ]),
      ),
    ],
    expected: { used: 3, limit: 8, remaining: 5, unlimited: false, limitSource: 'licenseInfo' },
  },
  {
    name: 'a right of 32767 is unlimited',
    servers: () => [
      state('Solo', 'srv-1', contract(retained(3, 10), [{ id: CLIENT, name: '4D Client', rights: [{ count: 5 }, { count: 32767 }] }])),
    ],
    expected: { used: 3, limit: null, remaining: null, unlimited: true, limitSource: 'licenseInfo' },
  },
  {
    name: 'rights without a count fall through to the records',
    servers: () => [
      state(
        'Solo',
        'srv-1',
        contract(retained(3, 10), [{ id: CLIENT, name: '4D Client', rights: [{ expirationDate: '2027-01-01' }, 'junk'] }]),
      ),
    ],
    expected: { used: 3, limit: 10, remaining: 7, unlimited: false, limitSource: 'inferred', note: true },
  },
]

describe('the limit of a row, from every real answer', () => {
  it.each(CASES)('$name', ({ servers, expected }) => {
    const { note, ...numbers } = expected
    const usage = row(servers())
    expect(usage).toMatchObject(numbers)
    expect(usage.limitNote).toBe(note ? INFERRED_LIMIT_NOTE : undefined)
  })

  it('a single-server answer with no License info and no global count shows used, limit and remaining and raises alerts', () => {
    const alerting = createAlerting({ now: () => Date.parse('2022-01-11T10:00:00Z') })
    const servers = [state('Solo', 'srv-1', retained(9, 10))]
    const snapshot = alerting.evaluate({ generatedAt: '2022-01-11T10:00:00Z', demo: false, machines: aggregate(servers), servers: [] }, {})
    const usage = snapshot.machines[0]?.products[0]
    expect(usage).toMatchObject({ used: 9, limit: 10, remaining: 1, status: 'critical', limitSource: 'inferred' })
    expect(snapshot.alerts?.active).toEqual([
      expect.objectContaining({ kind: 'license', level: 'critical', machine: 'srv-1', productId: CLIENT }),
    ])
  })
})

describe('licenses held by the monitor itself', () => {
  it('marks the records of its own session and counts them on the row', () => {
    const solo = state('Solo', 'srv-1', retained(4, 10))
    solo.payload = { ...solo.payload!, holdsLicense: true, monitorTokens: [3] }
    const usage = row([solo])
    expect(usage.heldByMonitor).toBe(1)
    expect(usage.licenses.filter((license) => license.heldByMonitor).map((license) => license.token)).toEqual([3])
    expect(row([state('Other', 'srv-1', retained(4, 10))]).heldByMonitor).toBeUndefined()
  })
})

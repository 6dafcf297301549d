import { describe, expect, it } from 'vitest'
import { aggregate } from '../../../main/core/usage/aggregate.ts'
import { CLIENT, SQL, WEB, info, payload, record, records, server, session } from './aggregate-helpers.ts'
import type { LicenseRecord, MachineUsage, ProductUsage, ServerPayload, ServerState } from '../../../main/core/types/index.ts'

/** Numbers as a hand-written endpoint sent them (strings), coerced the way the payload schema does before aggregation. */
function coercedRecord(raw: Record<string, string>): LicenseRecord {
  const num = (key: string) => (raw[key] === undefined ? null : Number(raw[key]))
  return record({
    productId: Number(raw.productId),
    productName: raw.productName ?? '',
    token: Number(raw.token),
    productUsedCount: num('productUsedCount'),
    productBalance: num('productBalance'),
    globalProductUsedCount: num('globalProductUsedCount'),
    time: raw.time ?? null,
  })
}

/** A record as a newer 4D release might send it: properties the types do not know, on the record and its session. */
function recordWithExtras(token: number): LicenseRecord {
  const base = record({
    token,
    session: Object.assign(session({ state: 'postponed' }), { licenseToken: 'abc', extra: { nested: [1, 2] } }),
  })
  return Object.assign(base, { futureField: 'x', weight: 3 })
}

interface Expected {
  machine: string
  productId: number
  used: number
  limit: number | null
  remaining: number | null
  utilization: number | null
  limitSource: ProductUsage['limitSource']
  status: ProductUsage['status']
  unlimited?: boolean
  stale?: boolean
  flags?: string[]
  shares?: { server: string; used: number }[]
}

function findRow(result: MachineUsage[], machine: string, productId: number): ProductUsage | undefined {
  return result.find((m) => m.machine === machine)?.products.find((p) => p.productId === productId)
}

const T1 = '2026-11-28T08:00:00.000Z'
const T2 = '2026-11-28T09:00:00.000Z'

const cases: { name: string; servers: ServerState[]; expected: Expected[] }[] = [
  {
    name: 'two servers on one machine share the pool; License info gives the limit',
    servers: [
      server('Accounting', 'srv-app-01', payload(records(3, 1), [info(CLIENT, '4D Client', 10, 3)])),
      server('Sales', 'srv-app-01', payload(records(2, 100), [info(CLIENT, '4D Client', 10, 2)])),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 5,
        limit: 10,
        remaining: 5,
        utilization: 0.5,
        limitSource: 'licenseInfo',
        status: 'ok',
        shares: [
          { server: 'Accounting', used: 3 },
          { server: 'Sales', used: 2 },
        ],
      },
    ],
  },
  {
    name: 'numbers that arrived as strings, already coerced: limit = globalProductUsedCount + productBalance',
    servers: [
      server(
        'Accounting',
        'srv-app-01',
        payload([
          coercedRecord({
            productId: '808464441',
            productName: '4D Client',
            token: '5521',
            productUsedCount: '8',
            productBalance: '2',
            globalProductUsedCount: '8',
            time: T2,
          }),
          coercedRecord({
            productId: '808464441',
            productName: '4D Client',
            token: '5519',
            productUsedCount: '7',
            productBalance: '3',
            globalProductUsedCount: '7',
            time: T1,
          }),
        ]),
      ),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 2,
        limit: 10,
        remaining: 8,
        utilization: 0.2,
        limitSource: 'records',
        status: 'ok',
      },
    ],
  },
  {
    name: 'no License info: limit from the latest record, a tie on time broken by the highest token',
    servers: [
      server(
        'Accounting',
        'srv-app-01',
        payload([
          record({ token: 5, time: T1, globalProductUsedCount: 3, productBalance: 7 }), // 10, older
          record({ token: 9, time: T2, globalProductUsedCount: 4, productBalance: 8 }), // 12, latest and highest token
          record({ token: 7, time: T2, globalProductUsedCount: 4, productBalance: 4 }), // 8, same time, lower token
          record({ token: 11, time: null, globalProductUsedCount: 1, productBalance: 1 }), // unknown time never wins
        ]),
      ),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 4,
        limit: 12,
        remaining: 8,
        utilization: 1 / 3,
        limitSource: 'records',
        status: 'ok',
      },
    ],
  },
  {
    name: 'no License info: the latest record lacks the counts, so the latest one that has them gives the limit',
    servers: [
      server(
        'Accounting',
        'srv-app-01',
        payload([
          record({ token: 1, time: T1, globalProductUsedCount: 5, productBalance: 5 }),
          record({ token: 2, time: T2, globalProductUsedCount: null, productBalance: 1 }),
        ]),
      ),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 2,
        limit: 10,
        remaining: 8,
        utilization: 0.2,
        limitSource: 'records',
        status: 'ok',
      },
    ],
  },
  {
    name: 'no License info and no counts in the records: limit unknown',
    servers: [server('Accounting', 'srv-app-01', payload(records(3, 1)))],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 3,
        limit: null,
        remaining: null,
        utilization: null,
        limitSource: 'unknown',
        status: 'unknown',
      },
    ],
  },
  {
    name: 'two servers of one machine report different limits: the highest, flagged with both',
    servers: [
      server('Sales', 'srv-app-01', payload(records(2, 100), [info(CLIENT, '4D Client', 12)])),
      server('Accounting', 'srv-app-01', payload(records(3, 1), [info(CLIENT, '4D Client', 10)])),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 5,
        limit: 12,
        remaining: 7,
        utilization: 5 / 12,
        limitSource: 'licenseInfo',
        status: 'ok',
        flags: ['Servers of this machine report different limits (Accounting 10, Sales 12); using the highest, 12'],
      },
    ],
  },
  {
    name: 'one server of the machine sees the product as unlimited, the other as 10: unlimited, flagged',
    servers: [
      server('Accounting', 'srv-app-01', payload(records(3, 1), [info(CLIENT, '4D Client', 10)])),
      server('Sales', 'srv-app-01', payload([], [info(CLIENT, '4D Client', 32767)])),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 3,
        limit: null,
        remaining: null,
        utilization: null,
        limitSource: 'licenseInfo',
        status: 'ok',
        unlimited: true,
        flags: [
          'Servers of this machine report different limits (Accounting 10, Sales unlimited (32767)); using the highest, unlimited (32767)',
        ],
      },
    ],
  },
  {
    name: 'the same token twice on one server counts once (flagged); the same token on two servers counts twice',
    servers: [
      server(
        'Accounting',
        'srv-app-01',
        payload([record({ token: 7 }), record({ token: 7 }), record({ token: 8 })], [info(CLIENT, '4D Client', 10, 2)]),
      ),
      server('Sales', 'srv-app-01', payload([record({ token: 7 })], [info(CLIENT, '4D Client', 10, 1)])),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 3,
        limit: 10,
        remaining: 7,
        utilization: 0.3,
        limitSource: 'licenseInfo',
        status: 'ok',
        shares: [
          { server: 'Accounting', used: 2 },
          { server: 'Sales', used: 1 },
        ],
        flags: ['Accounting sent license token 7 2 times; counted once'],
      },
    ],
  },
  {
    name: 'records and sessions with unknown extra fields are counted like any other',
    servers: [server('Accounting', 'srv-app-01', payload([recordWithExtras(1), recordWithExtras(2)], [info(CLIENT, '4D Client', 4, 2)]))],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 2,
        limit: 4,
        remaining: 2,
        utilization: 0.5,
        limitSource: 'licenseInfo',
        status: 'ok',
      },
    ],
  },
  {
    name: 'allowedCount 32767 means unlimited',
    servers: [
      server(
        'Web',
        'srv-web',
        payload(records(40, 1, { productId: WEB, productName: '4D Web Server' }), [info(WEB, '4D Web Server', 32767, 40)]),
      ),
    ],
    expected: [
      {
        machine: 'srv-web',
        productId: WEB,
        used: 40,
        limit: null,
        remaining: null,
        utilization: null,
        limitSource: 'licenseInfo',
        status: 'ok',
        unlimited: true,
      },
    ],
  },
  {
    name: 'more licenses held than the limit is a skew, not an exhaustion',
    servers: [server('Accounting', 'srv-app-01', payload(records(12, 1), [info(CLIENT, '4D Client', 10, 12)]))],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 12,
        limit: 10,
        remaining: null,
        utilization: null,
        limitSource: 'licenseInfo',
        status: 'unknown',
        flags: ['More licenses counted (12) than the pool holds (10): a server reporting more than its pool, not an exhaustion'],
      },
    ],
  },
  {
    name: 'a limit of 0 has no utilization',
    servers: [server('Accounting', 'srv-app-01', payload([], [info(SQL, '4D SQL Server', 0, 0)]))],
    expected: [
      {
        machine: 'srv-app-01',
        productId: SQL,
        used: 0,
        limit: 0,
        remaining: 0,
        utilization: null,
        limitSource: 'licenseInfo',
        status: 'exhausted',
      },
    ],
  },
  {
    name: 'License info usedCount differs from the records the server sent',
    servers: [server('Accounting', 'srv-app-01', payload(records(7, 1), [info(CLIENT, '4D Client', 10, 8)]))],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 7,
        limit: 10,
        remaining: 3,
        utilization: 0.7,
        limitSource: 'licenseInfo',
        status: 'ok',
        flags: ['Accounting reports usedCount 8 but sent 7 license records'],
      },
    ],
  },
  {
    name: 'a product only License info names is listed with used 0',
    servers: [
      server('Accounting', 'srv-app-01', payload(records(1, 1), [info(CLIENT, '4D Client', 10, 1), info(SQL, '4D SQL Server', 5, 0)])),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 1,
        limit: 10,
        remaining: 9,
        utilization: 0.1,
        limitSource: 'licenseInfo',
        status: 'ok',
      },
      {
        machine: 'srv-app-01',
        productId: SQL,
        used: 0,
        limit: 5,
        remaining: 5,
        utilization: 0,
        limitSource: 'licenseInfo',
        status: 'ok',
        shares: [{ server: 'Accounting', used: 0 }],
      },
    ],
  },
  {
    name: 'a server that never answered adds no row and no share',
    servers: [
      server('Accounting', 'srv-app-01', payload(records(9, 1), [info(CLIENT, '4D Client', 10, 9)])),
      server('Sales', 'srv-app-01', null, 'down'),
      server('Lab', 'srv-lab', null, 'down'),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 9,
        limit: 10,
        remaining: 1,
        utilization: 0.9,
        limitSource: 'licenseInfo',
        status: 'critical',
        shares: [{ server: 'Accounting', used: 9 }],
        flags: [
          'Not one consistent reading: Sales not counted (no answer yet: Connection refused); critical and exhausted alerts wait for one',
        ],
      },
    ],
  },
  {
    name: "a down server's last payload still counts, and marks the machine's rows stale",
    servers: [
      server('Accounting', 'srv-app-01', payload(records(2, 1), [info(CLIENT, '4D Client', 10, 2), info(SQL, '4D SQL Server', 5, 0)])),
      server('Sales', 'srv-app-01', payload(records(6, 1), [info(CLIENT, '4D Client', 10, 6)]), 'down'),
      server('Web', 'srv-web', payload(records(1, 1), [info(CLIENT, '4D Client', 3, 1)])),
    ],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 8,
        limit: 10,
        remaining: 2,
        utilization: 0.8,
        limitSource: 'licenseInfo',
        status: 'warning',
        stale: true,
        flags: ["Not one consistent reading: Sales's 6 (down: no answer); critical and exhausted alerts wait for one"],
      },
      {
        machine: 'srv-app-01',
        productId: SQL,
        used: 0,
        limit: 5,
        remaining: 5,
        utilization: 0,
        limitSource: 'licenseInfo',
        status: 'ok',
        stale: true,
        flags: ["Not one consistent reading: Sales's 0 (down: no answer); critical and exhausted alerts wait for one"],
      },
      {
        machine: 'srv-web',
        productId: CLIENT,
        used: 1,
        limit: 3,
        remaining: 2,
        utilization: 1 / 3,
        limitSource: 'licenseInfo',
        status: 'ok',
        stale: false,
      },
    ],
  },
  {
    name: 'a stale server marks its rows stale',
    servers: [server('Accounting', 'srv-app-01', payload(records(1, 1), [info(CLIENT, '4D Client', 10, 1)]), 'stale')],
    expected: [
      {
        machine: 'srv-app-01',
        productId: CLIENT,
        used: 1,
        limit: 10,
        remaining: 9,
        utilization: 0.1,
        limitSource: 'licenseInfo',
        status: 'ok',
        stale: true,
      },
    ],
  },
]

describe('aggregate, table of cases', () => {
  it.each(cases)('$name', ({ servers, expected }) => {
    const result = aggregate(servers)
    const rows = result.flatMap((m) => m.products.map((p) => `${m.machine}/${p.productId}`))
    expect(rows.sort()).toEqual(expected.map((e) => `${e.machine}/${e.productId}`).sort())
    for (const e of expected) {
      const row = findRow(result, e.machine, e.productId)
      expect(row, `row ${e.machine}/${e.productId}`).toBeDefined()
      if (!row) continue
      expect({
        used: row.used,
        limit: row.limit,
        remaining: row.remaining,
        limitSource: row.limitSource,
        status: row.status,
        unlimited: row.unlimited,
        stale: row.stale,
        flags: row.flags,
      }).toEqual({
        used: e.used,
        limit: e.limit,
        remaining: e.remaining,
        limitSource: e.limitSource,
        status: e.status,
        unlimited: e.unlimited ?? false,
        stale: e.stale ?? false,
        flags: e.flags ?? [],
      })
      if (e.utilization === null) expect(row.utilization).toBeNull()
      else expect(row.utilization).toBeCloseTo(e.utilization, 10)
      if (e.shares) expect(row.shares).toEqual(e.shares)
      expect(row.licenses).toHaveLength(row.used)
    }
  })
})

describe('aggregate, machines and servers', () => {
  it('lists every server of a machine, answering or not, and a machine whose servers never answered', () => {
    const result = aggregate([
      server('Sales', 'srv-app-01', null, 'down'),
      server('Accounting', 'srv-app-01', payload(records(1, 1))),
      server('Lab', 'srv-lab', null, 'down'),
    ])
    expect(result.map((m) => ({ machine: m.machine, servers: m.servers, products: m.products.length }))).toEqual([
      { machine: 'srv-app-01', servers: ['Accounting', 'Sales'], products: 1 },
      { machine: 'srv-lab', servers: ['Lab'], products: 0 },
    ])
  })

  it('returns no machine for no server', () => {
    expect(aggregate([])).toEqual([])
  })
})

describe('aggregate, licenses held', () => {
  it('lists one license per record with its session, oldest first, unknown times last, then by token', () => {
    const result = aggregate([
      server(
        'Sales',
        'srv-app-01',
        payload([
          record({
            token: 40,
            time: '2026-11-28T10:00:00.000+01:00',
            reason: 'SQL',
            session: session({ type: 'sql', userName: 'bi', machineName: null, IPAddress: '10.0.9.1', hostType: null, state: null }),
          }),
          record({ token: 41, time: null, session: null }),
        ]),
      ),
      server(
        'Accounting',
        'srv-app-01',
        payload([
          record({
            token: 30,
            time: T2,
            session: session({ state: 'sleeping', hostType: 'mac', machineName: 'MAC-HR-2', userName: 'joao' }),
          }),
          record({ token: 12, time: T2 }),
        ]),
      ),
    ])
    const licenses = findRow(result, 'srv-app-01', CLIENT)?.licenses
    expect(licenses?.map((l) => `${l.server}:${l.token}`)).toEqual(['Accounting:12', 'Accounting:30', 'Sales:40', 'Sales:41'])
    expect(licenses?.[1]).toEqual({
      server: 'Accounting',
      token: 30,
      productId: CLIENT,
      since: T2,
      reason: 'remote connection',
      sessionType: 'remote',
      userName: 'joao',
      clientMachine: 'MAC-HR-2',
      ipAddress: '10.0.3.17',
      state: 'sleeping',
      hostType: 'mac',
    })
    expect(licenses?.[2]).toMatchObject({ sessionType: 'sql', userName: 'bi', clientMachine: null, ipAddress: '10.0.9.1', reason: 'SQL' })
    expect(licenses?.[3]).toMatchObject({ since: null, sessionType: null, userName: null, clientMachine: null, state: null })
  })

  it('names the product as the most recent record does, else as License info does', () => {
    const result = aggregate([
      server(
        'Accounting',
        'srv-app-01',
        payload(
          [record({ token: 1, time: T1, productName: '4D Client (old)' }), record({ token: 2, time: T2, productName: '4D Client' })],
          [info(CLIENT, '4D Client connections', 10), info(SQL, '4D SQL Server', 5)],
        ),
      ),
    ])
    expect(result[0]?.products.map((p) => p.productName)).toEqual(['4D Client', '4D SQL Server'])
  })
})

describe('aggregate, deterministic order', () => {
  const servers = [
    server(
      'Sales',
      'srv-app-10',
      payload(
        [record({ token: 3, productId: 7, productName: 'Zeta' }), record({ token: 4, productId: 6, productName: 'Alpha' })],
        [info(5, 'Alpha', 3)],
      ),
    ),
    server('Accounting', 'srv-app-2', payload(records(2, 1), [info(CLIENT, '4D Client', 10, 2)])),
    server('HR', 'srv-app-2', payload(records(1, 1), [info(CLIENT, '4D Client', 12, 1)])),
    server('Lab', 'lab', null, 'down'),
  ]

  it('sorts machines by name (numbers in names in numeric order) and products by name then id', () => {
    const result = aggregate(servers)
    expect(result.map((m) => m.machine)).toEqual(['lab', 'srv-app-2', 'srv-app-10'])
    expect(result[2]?.products.map((p) => `${p.productName}#${p.productId}`)).toEqual(['Alpha#5', 'Alpha#6', 'Zeta#7'])
  })

  it('gives the same output whatever the order of the servers and of their records', () => {
    const reference = aggregate(servers)
    const permutations = [
      [...servers].reverse(),
      [servers[2], servers[0], servers[3], servers[1]],
      servers.map((s) => ({ ...s, payload: s.payload && { ...s.payload, records: [...s.payload.records].reverse() } })),
    ]
    for (const permutation of permutations) {
      expect(aggregate(permutation.filter((s): s is ServerState => s !== undefined))).toEqual(reference)
    }
    expect(findRow(reference, 'srv-app-2', CLIENT)?.flags).toEqual([
      'Servers of this machine report different limits (Accounting 10, HR 12); using the highest, 12',
    ])
  })

  it('does not change its input', () => {
    const before = structuredClone(servers)
    aggregate(servers)
    expect(servers).toEqual(before)
  })
})

describe('counts-only servers (Prometheus_4D_Exporter)', () => {
  function countsOnly(usedCount: number, allowedCount: number): ServerPayload {
    return { ...payload([], [info(CLIENT, '4D Client', allowedCount, usedCount)]), countsOnly: true, totalCount: 0 }
  }

  it('takes used from usedCount, with no license detail and no usedCount flag', () => {
    const row = findRow(aggregate([server('Exporter', 'srv-a', countsOnly(7, 10))]), 'srv-a', CLIENT)
    expect(row).toMatchObject({ used: 7, limit: 10, remaining: 3, limitSource: 'licenseInfo', detail: 'none', licenses: [], flags: [] })
    expect(row?.shares).toEqual([{ server: 'Exporter', used: 7 }])
  })

  it('adds a counts-only server to a record server of the same machine, and says the detail is partial', () => {
    const full = server('Accounting', 'srv-a', payload(records(2, 1), [info(CLIENT, '4D Client', 10, 2), info(SQL, '4D SQL Server', 5, 1)]))
    const metrics = server('Exporter', 'srv-a', countsOnly(4, 10))
    const usage = aggregate([full, metrics])
    const client = findRow(usage, 'srv-a', CLIENT)
    expect(client).toMatchObject({ used: 6, remaining: 4, detail: 'partial' })
    expect(client?.shares).toEqual([
      { server: 'Accounting', used: 2 },
      { server: 'Exporter', used: 4 },
    ])
    expect(client?.licenses).toHaveLength(2)
    // The exporter knows nothing of other products: it is not listed as holding 0 of them.
    const sql = findRow(usage, 'srv-a', SQL)
    expect(sql?.shares).toEqual([{ server: 'Accounting', used: 0 }])
    expect(sql?.detail).toBeUndefined()
  })

  it('rows of servers that send records carry no detail marker', () => {
    const row = findRow(
      aggregate([server('Accounting', 'srv-a', payload(records(1, 1), [info(CLIENT, '4D Client', 10, 1)]))]),
      'srv-a',
      CLIENT,
    )
    expect(row && 'detail' in row).toBe(false)
  })
})

// Aggregation at its edges (found open by Stryker): name order under numeric
// collation, limits from rights and from records that are not counts, product
// names when records or License info leave them blank, duplicate flags, and
// the order of licenses with unknown times.
import { describe, expect, it } from 'vitest'
import { aggregate, INFERRED_LIMIT_NOTE } from '../../../main/core/usage/aggregate.ts'
import type { LicenseInfoProduct, ProductUsage, ServerState } from '../../../main/core/types/index.ts'
import { CLIENT, info, payload, record, records, server } from './aggregate-helpers.ts'

const T1 = '2026-11-28T08:00:00.000Z'
const T2 = '2026-11-28T09:00:00.000Z'

function onlyRow(servers: ServerState[]): ProductUsage {
  const [machine] = aggregate(servers)
  expect(machine?.products).toHaveLength(1)
  return machine!.products[0]!
}

describe('names in a numeric order that still tells every name apart', () => {
  it('srv-01 and srv-1, equal to the collator, come in code-point order whatever order they are listed in', () => {
    const a = server('A', 'srv-1', payload(records(1, 1)))
    const b = server('B', 'srv-01', payload(records(1, 10)))
    expect(aggregate([a, b]).map((m) => m.machine)).toEqual(['srv-01', 'srv-1'])
    expect(aggregate([b, a]).map((m) => m.machine)).toEqual(['srv-01', 'srv-1'])
  })
})

describe('limits', () => {
  it('a right of 32767 makes the product unlimited, even beside a counted right', () => {
    const rights: LicenseInfoProduct = { ...info(CLIENT, '4D Client', null), rights: [5, 32767] }
    const row = onlyRow([server('A', 'srv', payload(records(2, 1), [rights]))])
    expect(row).toMatchObject({ unlimited: true, limit: null, limitSource: 'licenseInfo' })
  })

  it('counted rights add up to the limit', () => {
    const rights: LicenseInfoProduct = { ...info(CLIENT, '4D Client', null), rights: [5, 10] }
    expect(onlyRow([server('A', 'srv', payload(records(2, 1), [rights]))])).toMatchObject({ unlimited: false, limit: 15 })
  })

  it('an infinite allowedCount is no count: the limit comes from elsewhere', () => {
    const row = onlyRow([server('A', 'srv', payload(records(2, 1, { time: T1 }), [info(CLIENT, '4D Client', Number.POSITIVE_INFINITY)]))])
    expect(row).toMatchObject({ unlimited: false, limitSource: 'unknown', limit: null })
  })

  it('a negative balance is no count: the pool comes from the latest record whose numbers are counts', () => {
    const row = onlyRow([
      server(
        'A',
        'srv',
        payload([
          record({ token: 1, time: T1, globalProductUsedCount: 4, productBalance: 6 }),
          record({ token: 2, time: T2, globalProductUsedCount: 5, productBalance: -1 }),
        ]),
      ),
      server('B', 'srv', payload([])),
    ])
    expect(row).toMatchObject({ limit: 10, limitSource: 'records' })
  })

  it('a record without a time still gives the pool when it is the only one that can', () => {
    const row = onlyRow([
      server('A', 'srv', payload([record({ token: 1, time: null, globalProductUsedCount: 1, productBalance: 9 })])),
      server('B', 'srv', payload([])),
    ])
    expect(row).toMatchObject({ limit: 10, limitSource: 'records' })
  })

  it('alone on its machine, the pool is used + balance of the latest record that has both, with a note and no flag', () => {
    const row = onlyRow([
      server(
        'A',
        'srv',
        payload([
          record({ token: 1, time: T1, productUsedCount: 2, productBalance: 5 }),
          record({ token: 2, time: T2, productUsedCount: 3, productBalance: null }),
        ]),
      ),
    ])
    expect(row).toMatchObject({ limit: 7, limitSource: 'inferred', limitNote: INFERRED_LIMIT_NOTE, flags: [] })
  })
})

describe('counts-only servers', () => {
  it('count 0 for a product whose usedCount is missing', () => {
    const counts = { ...payload([], [info(CLIENT, '4D Client', 10, null)]), countsOnly: true }
    expect(onlyRow([server('A', 'srv', counts)])).toMatchObject({ used: 0, remaining: 10 })
  })
})

describe('product names', () => {
  it('a blank name on the latest record gives way to the latest record that has one', () => {
    const row = onlyRow([
      server(
        'A',
        'srv',
        payload([record({ token: 1, time: T1, productName: 'Client A' }), record({ token: 2, time: T2, productName: '  ' })]),
      ),
    ])
    expect(row.productName).toBe('Client A')
  })

  it('two records of the same moment and token name the product by the first name in order, whichever server listed it', () => {
    const one = record({ token: 7, time: T2, productName: 'Beta' })
    const other = record({ token: 7, time: T2, productName: 'Alpha' })
    const row = onlyRow([server('A', 'srv', payload([one])), server('B', 'srv', payload([other]))])
    expect(row.productName).toBe('Alpha')
  })

  it('with no record, the first License info name that is not blank', () => {
    const row = onlyRow([
      server('A', 'srv', payload([], [info(CLIENT, '   ', 10)])),
      server('B', 'srv', payload([], [info(CLIENT, '4D Client', 10)])),
    ])
    expect(row.productName).toBe('4D Client')
  })

  it('with no name anywhere, "Product <id>"', () => {
    expect(onlyRow([server('A', 'srv', payload([], [info(CLIENT, ' ', 10)]))]).productName).toBe(`Product ${CLIENT}`)
  })
})

describe('flags', () => {
  it('a usedCount that disagrees with the records says how many were sent, in the right number', () => {
    const one = onlyRow([server('A', 'srv', payload(records(1, 1), [info(CLIENT, '4D Client', 10, 2)]))])
    expect(one.flags).toContain('A reports usedCount 2 but sent 1 license record')
    const three = onlyRow([server('A', 'srv', payload(records(3, 1), [info(CLIENT, '4D Client', 10, 2)]))])
    expect(three.flags).toContain('A reports usedCount 2 but sent 3 license records')
  })

  it('only tokens sent twice are flagged, in token order', () => {
    const sent = [record({ token: 9 }), record({ token: 9 }), record({ token: 6 }), record({ token: 3 }), record({ token: 3 })]
    const row = onlyRow([server('A', 'srv', payload(sent))])
    expect(row.used).toBe(3)
    expect(row.flags).toEqual(['A sent license token 3 2 times; counted once', 'A sent license token 9 2 times; counted once'])
  })
})

describe('the order of licenses held', () => {
  it('oldest first, whatever the tokens say, and licenses without a time last, by token', () => {
    const sent = [
      record({ token: 1, time: null }),
      record({ token: 2, time: T2 }),
      record({ token: 3, time: T1 }),
      record({ token: 4, time: 'not a time' }),
      record({ token: 5, time: T2 }),
    ]
    const row = onlyRow([server('A', 'srv', payload(sent))])
    expect(row.licenses.map((license) => license.token)).toEqual([3, 2, 5, 1, 4])
  })
})

// The contract schema (ajv) and the app's validation (zod, parsePayload) agree: whatever the
// contract accepts, the app accepts whole; whatever the app refuses, the contract refuses.
// The only differences are the app's listed tolerances, where it drops or converts bad data.

import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { licenseInfoProductSchema, licenseRecordSchema, parsePayload } from '../../main/core/ingest/payload-schema.ts'
import { contractErrors, createContractValidator, loadContractSchema } from './contract-validator.ts'
import type { ValidateFunction } from 'ajv/dist/2020.js'

const contract = createContractValidator()
const defs = loadContractSchema()['$defs'] as Record<
  string,
  { properties: Record<string, { anyOf?: { type?: string; properties?: object }[] }> }
>

const record = {
  productId: 808464441,
  productName: '4D Client',
  productUsedCount: 3,
  productBalance: 7,
  globalProductUsedCount: 3,
  token: 4412,
  time: '2026-11-28T09:14:40.002Z',
  reason: 'remote connection',
  session: { type: 'remote', userName: 'maria', machineName: 'PC-FIN-07', IPAddress: '10.0.3.17', hostType: 'windows', state: 'active' },
}
const product = { id: 808464441, name: '4D Client', usedCount: 3, allowedCount: 10 }

function withValue(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (value !== undefined) return { ...base, [key]: value }
  const { [key]: _absent, ...rest } = base
  return rest
}

const PROBES: unknown[] = [
  12,
  1.5,
  -3,
  '12',
  '-3.25',
  ' 12 ',
  '1e3',
  '0x1F',
  '',
  ' ',
  'twelve',
  '2026-11-28T09:15:02.311Z',
  null,
  undefined,
  true,
  {},
  [],
]

interface Disagreement {
  field: string
  value: string
  /** Which side accepts it. */
  accepts: 'app' | 'contract'
}

/** Every probe in every property: where do ajv and zod disagree? */
function disagreements(
  label: string,
  base: Record<string, unknown>,
  properties: string[],
  validate: ValidateFunction,
  schema: z.ZodType,
  wrap: (item: Record<string, unknown>) => unknown = (item) => item,
): Disagreement[] {
  const found: Disagreement[] = []
  for (const field of properties) {
    for (const value of PROBES) {
      const item = withValue(base, field, value)
      const byContract = validate(wrap(item))
      const byApp = schema.safeParse(wrap(item)).success
      if (byContract !== byApp)
        found.push({
          field: `${label}.${field}`,
          value: value === undefined ? 'missing' : JSON.stringify(value),
          accepts: byApp ? 'app' : 'contract',
        })
    }
  }
  return found
}

function tolerated(fields: string[], values: unknown[]): Disagreement[] {
  return fields.flatMap((field) => values.map((value) => ({ field, value: JSON.stringify(value), accepts: 'app' as const })))
}

describe('every property, probed with numbers, numeric text, junk, null and absence', () => {
  const recordFields = Object.keys(defs['licenseRecord']!.properties)
  const sessionDef = defs['licenseRecord']!.properties['session']!.anyOf!.find((option) => option.type === 'object')!
  const sessionFields = Object.keys(sessionDef.properties!)
  const productFields = Object.keys(defs['licenseInfoProduct']!.properties)

  it('covers the fields a 4D record and product carry', () => {
    expect(recordFields).toEqual(expect.arrayContaining(['productId', 'productName', 'token', 'time', 'session']))
    expect(sessionFields).toEqual(expect.arrayContaining(['type', 'userName', 'state', 'ID', 'sessionID', 'userId']))
    expect(productFields).toEqual(['id', 'name', 'usedCount', 'allowedCount', 'rights'])
  })

  it('disagree only where the app converts text that Number() reads, or nulls a time it cannot read', () => {
    const found = [
      ...disagreements('record', record, recordFields, contract.record, licenseRecordSchema),
      ...disagreements('session', record.session, sessionFields, contract.record, licenseRecordSchema, (session) => ({
        ...record,
        session,
      })),
      ...disagreements('product', product, productFields, contract.product, licenseInfoProductSchema),
    ]
    const numericFields = [
      'record.productId',
      'record.productUsedCount',
      'record.productBalance',
      'record.globalProductUsedCount',
      'record.token',
      'product.id',
      'product.usedCount',
      'product.allowedCount',
    ]
    const expected = [
      ...tolerated(numericFields, [' 12 ', '1e3', '0x1F']),
      ...tolerated(
        ['record.time'],
        PROBES.filter((value) => value !== undefined && value !== null && !isReadableTime(value)),
      ),
      // rights is optional detail: anything but an array is dropped, never a reason to refuse the product.
      ...tolerated(
        ['product.rights'],
        PROBES.filter((value) => value !== undefined && value !== null && !Array.isArray(value)),
      ),
    ]
    expect(found).toEqual(expect.arrayContaining(expected))
    expect(found).toHaveLength(expected.length)
  })
})

/** The app keeps a time Date.parse can read and nulls any other value: the contract asks for a readable one. */
function isReadableTime(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value))
}

describe('hand-made payloads, both ways', () => {
  const agreed: [string, unknown][] = [
    ['an empty bare array', []],
    ['an empty usage list', { usage: [] }],
    ['a bare array of one record', [record]],
    [
      'nulls wherever a field may be null',
      { server: null, time: null, licenseInfo: null, usage: [{ productId: 1, token: 2, productName: null, time: null, session: null }] },
    ],
    ['numbers as decimal text', { usage: [{ ...record, productId: '808464441', token: '17', productBalance: '-1' }] }],
    [
      'text fields sent as numbers',
      { server: { name: 7, machine: 12, version: 2030 }, usage: [{ ...record, reason: 3, session: { userId: 4, userName: 'bi' } }] },
    ],
    [
      'unknown fields at every level',
      {
        schemaVersion: 2,
        server: { zone: 'eu' },
        licenseInfo: { products: [{ ...product, tier: 'x' }], serial: 'hidden' },
        usage: [{ ...record, extra: [1], session: { ...record.session, licenseToken: 'LT' } }],
      },
    ],
  ]

  it.each(agreed)('%s: accepted by the contract and by the app, every record kept', (_label, body) => {
    expect(contractErrors(contract.payload, body)).toEqual([])
    const parsed = parsePayload(body)
    expect(parsed.ok && parsed.payload.invalidCount).toBe(0)
  })

  const refused: [string, unknown, string[], string][] = [
    ['a record missing productId', { usage: [withValue(record, 'productId', undefined)] }, ['/usage/0/productId'], 'productId missing'],
    ['a record missing token', [withValue(record, 'token', undefined)], ['/0/token'], 'token missing'],
    ['productId as words', { usage: [{ ...record, productId: 'four' }] }, ['/usage/0/productId'], 'productId: expected a number'],
    ['productName as a number', { usage: [{ ...record, productName: 42 }] }, ['/usage/0/productName'], 'productName: expected a text'],
    ['session as a text', { usage: [{ ...record, session: 'remote' }] }, ['/usage/0/session'], 'session: expected an object'],
    ['no usage at all', { server: { name: 'A' } }, ['/usage'], 'unexpected payload'],
    ['a text instead of a payload', 'License usage', [''], 'unexpected payload'],
  ]

  it.each(refused)('%s: refused by both, the contract naming the path', (_label, body, paths, appError) => {
    expect(contractErrors(contract.payload, body)).toEqual(expect.arrayContaining(paths))
    const parsed = parsePayload(body)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error).toContain(appError)
  })

  // The app's tolerances: it keeps the usage data and drops or converts the odd part.
  const toleratedByApp: [string, unknown, string][] = [
    ['a server that is not an object', { server: 'srv-app-01', usage: [record] }, '/server'],
    ['License info products that are not a list', { licenseInfo: { products: 'none' }, usage: [record] }, '/licenseInfo/products'],
    ['a retain time nobody can read', { usage: [{ ...record, time: 'yesterday' }] }, '/usage/0/time'],
  ]

  it.each(toleratedByApp)('%s: the contract says where, the app keeps the records', (_label, body, path) => {
    expect(contractErrors(contract.payload, body)).toContain(path)
    const parsed = parsePayload(body)
    expect(parsed.ok && parsed.payload.records.length).toBe(1)
  })
})

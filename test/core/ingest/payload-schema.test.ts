import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { licenseRecordSchema, parsePayload, payloadSchema, unwrapRestResult } from '../../../main/core/ingest/payload-schema.ts'
import type { ServerPayload } from '../../../main/core/types/index.ts'

const validRecord = {
  productId: 808464441,
  productName: '4D Client',
  productUsedCount: 8,
  productBalance: 2,
  globalProductUsedCount: 8,
  token: 5521,
  time: '2026-11-28T09:14:40.002Z',
  reason: 'remote connection',
  session: {
    type: 'remote',
    userName: 'maria',
    machineName: 'PC-FIN-07',
    IPAddress: '10.0.3.17',
    hostType: 'windows',
    state: 'active',
  },
}

function payloadOf(body: unknown): ServerPayload {
  const result = parsePayload(body)
  if (!result.ok) throw new Error(`expected a payload, got: ${result.error}`)
  return result.payload
}

function errorOf(body: unknown): string {
  const result = parsePayload(body)
  if (result.ok) throw new Error('expected a failure')
  return result.error
}

describe('parsePayload: envelope shapes', () => {
  it('reads the documented contract object', () => {
    const payload = payloadOf({
      server: { name: 'Accounting', machine: 'srv-app-01', version: '20 R10' },
      time: '2026-11-28T09:15:02.311Z',
      licenseInfo: { products: [{ id: 808464441, name: '4D Client', usedCount: 8, allowedCount: 10 }] },
      usage: [validRecord],
    })
    expect(payload.server).toEqual({ name: 'Accounting', machine: 'srv-app-01', version: '20 R10' })
    expect(payload.time).toBe('2026-11-28T09:15:02.311Z')
    expect(payload.licenseInfo).toEqual({ products: [{ id: 808464441, name: '4D Client', usedCount: 8, allowedCount: 10 }] })
    expect(payload.records).toHaveLength(1)
    expect(payload.records[0]).toMatchObject({ productId: 808464441, productName: '4D Client', token: 5521, reason: 'remote connection' })
    expect(payload.records[0]?.session).toEqual({
      type: 'remote',
      userName: 'maria',
      machineName: 'PC-FIN-07',
      systemUserName: null,
      IPAddress: '10.0.3.17',
      hostType: 'windows',
      creationDateTime: null,
      state: 'active',
      ID: null,
    })
    expect(payload).toMatchObject({ invalidCount: 0, totalCount: 1, invalidSummary: null })
  })

  it('accepts a bare License usage array, with no server, time or License info', () => {
    const payload = payloadOf([validRecord, { ...validRecord, token: 5522 }])
    expect(payload.records.map((r) => r.token)).toEqual([5521, 5522])
    expect(payload.server).toEqual({ name: null, machine: null, version: null })
    expect(payload.time).toBeNull()
    expect(payload.licenseInfo).toBeNull()
  })

  it('treats an empty usage array as a valid payload: nobody holds a license', () => {
    expect(payloadOf({ usage: [] })).toMatchObject({ records: [], totalCount: 0, invalidCount: 0, invalidSummary: null })
    expect(payloadOf([])).toMatchObject({ records: [], totalCount: 0 })
  })

  it.each([
    ['null', null],
    ['a number', 42],
    ['a text', 'hello'],
    ['an object without usage', { server: { name: 'x' } }],
    ['an object whose usage is not an array', { usage: { productId: 1 } }],
  ])('refuses %s with a sentence about the expected shape', (_label, body) => {
    expect(errorOf(body)).toBe('unexpected payload: expected a License usage array or an object with a usage array')
  })

  it('keeps the usage data when the optional blocks are broken', () => {
    const payload = payloadOf({ server: 'srv-1', time: 12, licenseInfo: 'full', usage: [validRecord] })
    expect(payload.server).toEqual({ name: null, machine: null, version: null })
    expect(payload.time).toBeNull()
    expect(payload.licenseInfo).toBeNull()
    expect(payload.records).toHaveLength(1)
  })
})

describe('parsePayload: messy records', () => {
  it('coerces numeric strings and refuses text that is not a number', () => {
    const payload = payloadOf([
      { ...validRecord, productId: '12', token: ' 7 ', productBalance: '3', productUsedCount: '2' },
      { ...validRecord, token: 'abc' },
    ])
    expect(payload.records).toHaveLength(1)
    expect(payload.records[0]).toMatchObject({ productId: 12, token: 7, productBalance: 3, productUsedCount: 2 })
    expect(payload.invalidSummary).toBe('1 of 2 records invalid: token: expected a number')
  })

  it('needs only productId and token; everything else may be missing or null', () => {
    const payload = payloadOf([
      { productId: 5, token: 1 },
      { productId: 6, token: 2, productName: null, productBalance: null, time: null, reason: null, session: null },
    ])
    expect(payload.records).toEqual([
      {
        productId: 5,
        productName: 'product 5',
        productUsedCount: null,
        productBalance: null,
        globalProductUsedCount: null,
        token: 1,
        time: null,
        reason: null,
        session: null,
      },
      {
        productId: 6,
        productName: 'product 6',
        productUsedCount: null,
        productBalance: null,
        globalProductUsedCount: null,
        token: 2,
        time: null,
        reason: null,
        session: null,
      },
    ])
  })

  it('ignores unknown extra fields at every level', () => {
    const payload = payloadOf({
      newTopLevel: true,
      server: { name: 'A', build: 123 },
      usage: [{ ...validRecord, futureField: { x: 1 }, session: { ...validRecord.session, licenseToken: 'abc' } }],
    })
    expect(payload.records).toHaveLength(1)
    expect(payload.records[0]).not.toHaveProperty('futureField')
    expect(payload.records[0]?.session).not.toHaveProperty('licenseToken')
    expect(payload.invalidSummary).toBeNull()
  })

  it('keeps the retain time as sent, and null when unparsable', () => {
    const payload = payloadOf([
      { productId: 1, token: 1, time: '2026-11-28T09:14:40.002Z' },
      { productId: 1, token: 2, time: 'yesterday-ish' },
    ])
    expect(payload.records.map((r) => r.time)).toEqual(['2026-11-28T09:14:40.002Z', null])
  })

  it('infers the session type: rest from sessionID, sql from userAgent or userId, else as sent', () => {
    const payload = payloadOf([
      { productId: 1, token: 1, session: { userName: 'api', sessionID: 'ABC', IPAddress: '10.0.0.5', isDatastore: false } },
      { productId: 1, token: 2, session: { userName: 'bi', userAgent: 'ODBC', IPAddress: '10.0.0.6' } },
      { productId: 1, token: 3, session: { userId: 4 } },
      { productId: 1, token: 4, session: { type: 'web', userAgent: 'Mozilla' } },
      { productId: 1, token: 5, session: {} },
    ])
    expect(payload.records.map((r) => r.session?.type)).toEqual(['rest', 'sql', 'sql', 'web', null])
    expect(payload.records[0]?.session).toMatchObject({ userName: 'api', ID: 'ABC', IPAddress: '10.0.0.5', machineName: null })
  })

  it('validates each record alone: one bad record never drops the others', () => {
    const records = Array.from({ length: 120 }, (_, i) => ({ ...validRecord, token: i }))
    delete (records[3] as Partial<typeof validRecord>).productId
    delete (records[50] as Partial<typeof validRecord>).productId
    ;(records[90] as Record<string, unknown>)['productId'] = null
    const payload = payloadOf({ usage: records })
    expect(payload.records).toHaveLength(117)
    expect(payload.invalidCount).toBe(3)
    expect(payload.totalCount).toBe(120)
    expect(payload.invalidSummary).toBe('3 of 120 records invalid: productId missing')
  })

  it('names the most common problem, by field path, and counts the others', () => {
    const payload = payloadOf([
      validRecord,
      { ...validRecord, token: { id: 1 } },
      { ...validRecord, token: [] },
      { ...validRecord, productName: 12 },
      { ...validRecord, session: { ...validRecord.session, userName: { first: 'a' } } },
      'not a record',
    ])
    expect(payload.invalidCount).toBe(5)
    expect(payload.invalidSummary).toBe('5 of 6 records invalid: token: expected a number (and 3 other problems)')
  })

  it.each([
    [{ ...validRecord, productName: 12 }, 'productName: expected a text'],
    [{ ...validRecord, session: 'remote' }, 'session: expected an object'],
    [{ ...validRecord, session: { userName: [] } }, 'session.userName: expected a text'],
    [{ ...validRecord, token: undefined }, 'token missing'],
    [{ ...validRecord, productBalance: 'many' }, 'productBalance: expected a number'],
    [42, 'not an object'],
  ])('describes the problem of %j as "%s"', (record, problem) => {
    expect(payloadOf([validRecord, record]).invalidSummary).toBe(`1 of 2 records invalid: ${problem}`)
  })

  it('fails when there were records and none was usable', () => {
    const records = Array.from({ length: 5 }, (_, i) => ({ token: i }))
    expect(errorOf({ usage: records })).toBe('no usable record: 5 of 5 records invalid: productId missing')
  })

  it('drops invalid License info products and reports them beside the records', () => {
    const payload = payloadOf({
      licenseInfo: { products: [{ id: '7', name: null, usedCount: '1', allowedCount: 32767 }, { name: 'no id' }] },
      usage: [validRecord],
    })
    expect(payload.licenseInfo?.products).toEqual([{ id: 7, name: 'product 7', usedCount: 1, allowedCount: 32767 }])
    expect(payload.invalidCount).toBe(0)
    expect(payload.invalidSummary).toBe('1 of 2 License info products invalid: id missing')
  })
})

describe('unwrapRestResult', () => {
  it('returns the result of a DataStore class function call', () => {
    const unwrapped = unwrapRestResult({ result: { usage: [validRecord] } })
    expect(unwrapped).toEqual({ ok: true, value: { usage: [validRecord] } })
    if (unwrapped.ok) expect(payloadOf(unwrapped.value).records).toHaveLength(1)
  })

  it('turns a 4D REST error body into its messages', () => {
    expect(
      unwrapRestResult({
        __ERROR: [{ message: 'The function is not exposed', componentSignature: 'dbmg', errCode: 1 }, { message: 'Second' }],
      }),
    ).toEqual({
      ok: false,
      error: '4D REST error: The function is not exposed; Second',
    })
  })

  it('refuses an answer without result', () => {
    expect(unwrapRestResult([validRecord])).toEqual({
      ok: false,
      error: 'unexpected REST answer: expected an object with a "result" property',
    })
  })
})

describe('schemas for JSON Schema generation', () => {
  it('convert with z.toJSONSchema and carry their descriptions', () => {
    const schema = z.toJSONSchema(payloadSchema, { io: 'input' }) as { description?: string }
    expect(schema.description).toBe('License usage payload')
    const record = z.toJSONSchema(licenseRecordSchema) as { properties: Record<string, { description?: string }>; required: string[] }
    expect(record.properties['token']?.description).toBe('Unique id of the retain operation')
    expect(record.required).toEqual(expect.arrayContaining(['productId', 'token']))
  })
})

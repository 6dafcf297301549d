// The single-pass validator against its oracle, the zod schemas: every document
// below goes through both, and both must give the same verdict, the same
// problems (paths and messages, in order), the same sentences and the same
// normalised payload. The documents are a table (each field given each odd
// value) and a seeded random corpus (several fields wrong at once).
import { describe, expect, it } from 'vitest'
import { parsePayload, schemaReader, singlePassReader, type PayloadIssue } from '../../../main/core/ingest/payload-schema.ts'

const validSession = {
  type: 'remote',
  userName: 'maria',
  machineName: 'PC-FIN-07',
  systemUserName: 'maria.s',
  IPAddress: '10.0.3.17',
  hostType: 'windows',
  creationDateTime: '2026-11-28T08:00',
  state: 'active',
  ID: '9F3A0C1E2B4D4F6A8C0E1A3B5D7F9A1C',
  persistentID: 'P1',
}

const validRecord = {
  productId: 808464441,
  productName: '4D Client',
  productUsedCount: 8,
  productBalance: 2,
  globalProductUsedCount: 8,
  token: 5521,
  time: '2026-11-28T09:14:40+01:00',
  reason: 'CLIENT',
  session: validSession,
}

const validProduct = {
  id: 808464441,
  name: '4D Client',
  usedCount: 8,
  allowedCount: 10,
  rights: [{ count: 10, expirationDate: '2027-01-01' }],
}

/** Values a messy endpoint may send in any field (undefined: the field left out). */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -1,
  1.5,
  808464441,
  '12',
  ' 7 ',
  '',
  '   ',
  'abc',
  '1e999',
  'Infinity',
  '0x10',
  '2026-11-28T09:14:40.002Z',
  'yesterday-ish',
  {},
  { count: '3' },
  [],
  [1, 'x'],
  [{ count: 5 }, { count: -1 }, 'x', { count: '32767' }],
  // The ranges (issue 12): a 32-bit product id, safe-integer counts, whole balances and tokens.
  0xffff_ffff,
  0x1_0000_0000,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  -Number.MAX_SAFE_INTEGER - 1,
  1e308,
  '-2.5',
  '4294967296',
  [{ count: 1e308 }, { count: 2.5 }],
]

function withField(object: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  // Left out, not set to undefined: JSON has no undefined.
  if (value === undefined) return Object.fromEntries(Object.entries(object).filter(([key]) => key !== field))
  return { ...object, [field]: value }
}

/** Paths and messages; an item that is not an object reads "not an object" whatever zod's message (it names the received type). */
const plainIssues = (issues: PayloadIssue[]) =>
  issues.map(({ path, message }) => ({ path, message: path.length === 0 ? 'not an object' : message }))

/** Both readers on one item: same value or same problems. */
function expectSameItem(kind: 'record' | 'product', item: unknown): void {
  const fastIssues: PayloadIssue[] = []
  const oracleIssues: PayloadIssue[] = []
  const fast = singlePassReader[kind](item, fastIssues)
  const oracle = schemaReader[kind](item, oracleIssues)
  expect({ value: fast, issues: plainIssues(fastIssues) }).toStrictEqual({ value: oracle, issues: plainIssues(oracleIssues) })
}

/** Both readers on one document: the same ParseResult, sentences included. */
function expectSamePayload(body: unknown): void {
  expect(parsePayload(body)).toStrictEqual(parsePayload(body, schemaReader))
}

describe('single-pass validator against the zod schemas: one field at a time', () => {
  it.each(Object.keys(validRecord))('record field %s, every odd value', (field) => {
    for (const value of ODD_VALUES) expectSameItem('record', withField(validRecord, field, value))
  })

  it.each([...Object.keys(validSession), 'sessionID', 'userAgent', 'userId', 'isDatastore'])(
    'session field %s, every odd value',
    (field) => {
      for (const value of ODD_VALUES) expectSameItem('record', { ...validRecord, session: withField(validSession, field, value) })
    },
  )

  it.each(Object.keys(validProduct))('License info product field %s, every odd value', (field) => {
    for (const value of ODD_VALUES) expectSameItem('product', withField(validProduct, field, value))
  })

  it('whole items that are not objects, and extra fields at every level', () => {
    for (const value of ODD_VALUES) {
      expectSameItem('record', value)
      expectSameItem('product', value)
    }
    expectSameItem('record', {
      ...validRecord,
      futureField: { x: 1 },
      session: { ...validSession, licenseToken: 'abc', isDatastore: true },
    })
    expectSameItem('product', { ...validProduct, futureField: [1] })
  })

  it('session kinds: 4D client, SQL, REST, none', () => {
    const sessions = [
      validSession,
      { IPAddress: '10.0.0.6', userAgent: 'ODBC', userName: 'bi', userId: 4 },
      { userName: 'api', sessionID: 'ABC', IPAddress: '10.0.0.5', isDatastore: false },
      { type: '', sessionID: 'ABC', ID: '' },
      { type: 'web', userAgent: 'Mozilla' },
      {},
    ]
    for (const session of sessions) expectSameItem('record', { ...validRecord, session })
  })

  it.each(['server', 'time', 'ageMs', 'refreshSeconds', 'error', 'licenseInfo', 'usage'])('envelope field %s, every odd value', (field) => {
    const envelope = { server: { name: 'Accounting', machine: 'srv-app-01', version: '20 R10' }, time: '2026-11-28T09:15:02.311Z' }
    for (const value of ODD_VALUES) expectSamePayload(withField({ ...envelope, usage: [validRecord] }, field, value))
  })

  it('License info licenseNumber, every odd value', () => {
    for (const value of [...ODD_VALUES, '  LN-4471  ', 'x'.repeat(500)])
      expectSamePayload(
        withField({ usage: [validRecord], licenseInfo: { products: [validProduct] } }, 'licenseInfo', {
          products: [validProduct],
          licenseNumber: value,
        }),
      )
  })

  it.each(['name', 'machine', 'version'])('server identity field %s, every odd value', (field) => {
    for (const value of ODD_VALUES)
      expectSamePayload({ server: withField({ name: 'A', machine: 'm', version: '20' }, field, value), usage: [validRecord] })
  })

  it('License info products, worker fields, bare arrays and whole bodies of every kind', () => {
    for (const value of ODD_VALUES) {
      expectSamePayload({ licenseInfo: { products: value }, usage: [validRecord] })
      expectSamePayload({ licenseInfo: { products: [validProduct, value] }, usage: [validRecord] })
      expectSamePayload(value)
      expectSamePayload([validRecord, value])
    }
    expectSamePayload({ ageMs: 1200, refreshSeconds: 5, error: 'x'.repeat(400), usage: [] })
    expectSamePayload([])
    expectSamePayload({ usage: [], extra: { nested: true } })
  })
})

/** mulberry32: a small seeded generator, so a failure names a document that can be replayed. */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('single-pass validator against the zod schemas: a random corpus', () => {
  it('gives the same result for 1,500 documents with several odd fields each', () => {
    const random = seeded(11)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
    const mutate = (object: Record<string, unknown>, fields: string[], times: number) => {
      let result = object
      for (let i = 0; i < times; i++) result = withField(result, pick(fields), pick(ODD_VALUES))
      return result
    }
    const recordFields = [...Object.keys(validRecord), 'extra']
    const sessionFields = [...Object.keys(validSession), 'sessionID', 'userAgent', 'userId']
    const productFields = [...Object.keys(validProduct), 'extra']
    let refused = 0
    for (let n = 0; n < 1500; n++) {
      const records = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => {
        const record = mutate({ ...validRecord, token: i }, recordFields, Math.floor(random() * 3))
        return random() < 0.3 ? { ...record, session: mutate(validSession, sessionFields, 1 + Math.floor(random() * 2)) } : record
      })
      const products = Array.from({ length: Math.floor(random() * 3) }, () => mutate(validProduct, productFields, Math.floor(random() * 2)))
      const envelope = mutate(
        { server: { name: 'A', machine: 'm' }, time: '2026-11-28T09:15:02Z', licenseInfo: { products }, usage: records },
        ['server', 'time', 'ageMs', 'error', 'licenseInfo'],
        Math.floor(random() * 2),
      )
      const body = random() < 0.2 ? records : envelope
      if (!parsePayload(body).ok) refused += 1
      expectSamePayload(body)
    }
    // The corpus must exercise both verdicts, not only one.
    expect(refused).toBeGreaterThan(50)
    expect(refused).toBeLessThan(1450)
  })
})

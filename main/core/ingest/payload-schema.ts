// Validation of what a 4D Server endpoint sends (see shared/docs/4d-license-domain.md).
// Real payloads are messy, so the schemas accept numeric strings and nulls, ignore
// unknown fields, and each record is validated on its own: one odd record is
// reported, never allowed to drop the rest of a server's data.

import { z } from 'zod'
import type { LicenseInfoProduct, LicenseRecord, ServerPayload, SessionInfo } from '../types/index.ts'
import {
  COUNT_MESSAGE,
  licenseNumberText,
  MAX_PRODUCT_ID,
  NUMBER_MESSAGE,
  PRODUCT_ID_MESSAGE,
  WHOLE_MESSAGE,
  OBJECT_MESSAGE,
  TEXT_MESSAGE,
  inferSessionType,
  numberAsText,
  numericText,
  objectOrNull,
  productLabel,
  readableTimeOrNull,
  rightsCounts,
  workerErrorOrUndefined,
  workerFigureOrUndefined,
} from './payload-fields.ts'
import { readEnvelope, readLicenseInfoProduct, readLicenseRecord } from './payload-validator.ts'
import { invalidBoth, invalidItems, type InvalidItems } from './warning-text.ts'

// Each object's known fields are converted by one preprocess per object, then a
// plain z.object checks them: a preprocess per field costs a zod pipe each, about
// 15 per record. The poller does not run these schemas: payload-validator.ts
// reads a payload in one pass and is tested against them (test/core/ingest/payload-validator.test.ts).

type Normalise = (value: unknown) => unknown

/** A preprocess that applies each field's conversion, copying the object only when a value changes. */
function normalised<Shape extends z.ZodRawShape>(conversions: Record<string, Normalise>, object: z.ZodObject<Shape>) {
  const entries = Object.entries(conversions)
  const normalise = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
    const source = value as Record<string, unknown>
    let copy: Record<string, unknown> | null = null
    for (const [key, convert] of entries) {
      const before = source[key]
      const after = convert(before)
      if (after !== before) {
        copy ??= { ...source }
        copy[key] = after
      }
    }
    return copy ?? value
  }
  return z.preprocess(normalise, object)
}

export { MAX_PRODUCT_ID }

const number = () => z.number({ error: NUMBER_MESSAGE })

// Plain zod checks (not refinements), so the generated contract schema says the same ranges.
const productId = () =>
  number().int({ error: PRODUCT_ID_MESSAGE }).min(0, { error: PRODUCT_ID_MESSAGE }).max(MAX_PRODUCT_ID, { error: PRODUCT_ID_MESSAGE })
/** Counts are safe integers: 1e308 would make a limit of Infinity (shown as "ok", stored as inf). */
const count = () => number().int({ error: COUNT_MESSAGE }).min(0, { error: COUNT_MESSAGE })
/** A balance is a count too, but a server that hands out more than it has reports it below zero. */
const whole = () => number().int({ error: WHOLE_MESSAGE })
const text = () => z.string({ error: TEXT_MESSAGE }).nullish()

export const sessionSchema = normalised(
  {
    type: numberAsText,
    userName: numberAsText,
    machineName: numberAsText,
    systemUserName: numberAsText,
    IPAddress: numberAsText,
    hostType: numberAsText,
    creationDateTime: numberAsText,
    state: numberAsText,
    ID: numberAsText,
    sessionID: numberAsText,
    userAgent: numberAsText,
    userId: numberAsText,
  },
  z.object(
    {
      type: text().describe('"remote", "storedProcedure", "web" or "rest"; SQL sessions carry none'),
      userName: text().describe('4D user name of the session'),
      machineName: text().describe('Client machine name (4D client sessions)'),
      systemUserName: text().describe('Operating system user of the client'),
      IPAddress: text().describe('Client IP address'),
      hostType: text().describe('"windows", "mac" or "browser"'),
      creationDateTime: text().describe('ISO 8601 creation time of the session'),
      state: text().describe('"active", "postponed" or "sleeping"'),
      ID: text().describe('Session UUID (4D client sessions)'),
      sessionID: text().describe('Session id (REST sessions)'),
      userAgent: text().describe('Client user agent (SQL sessions)'),
      userId: text().describe('4D user id (SQL sessions)'),
    },
    { error: OBJECT_MESSAGE },
  ),
).describe('Who holds the license; the fields present depend on the session kind')

export const licenseRecordSchema = normalised(
  {
    productId: numericText,
    productUsedCount: numericText,
    productBalance: numericText,
    globalProductUsedCount: numericText,
    token: numericText,
    time: readableTimeOrNull,
    reason: numberAsText,
  },
  z.object({
    productId: productId().describe('Id of the license type (four ASCII characters read as a 32-bit number)'),
    productName: text().describe('Name of the license type, e.g. "4D Client"'),
    productUsedCount: count().nullish().describe('Licenses of this product retained on this server when this one was retained'),
    productBalance: whole().nullish().describe('Licenses of this product still free just after this retain'),
    globalProductUsedCount: count().nullish().describe('Retained count for all 4D Servers of the machine, at that moment'),
    token: whole().describe('Unique id of the retain operation'),
    time: z.string().nullish().describe('ISO 8601 time of the retain'),
    reason: text().describe('What caused the retain (the caller)'),
    session: sessionSchema.nullish(),
  }),
).describe('One record of the 4D command `License usage`: one retained license')

export const licenseInfoProductSchema = normalised(
  { id: numericText, usedCount: numericText, allowedCount: numericText, rights: rightsCounts },
  z.object({
    id: productId().describe('Product id'),
    name: text().describe('Product name'),
    usedCount: count().nullish().describe("The server's own count of this product in use"),
    allowedCount: count().nullish().describe('The limit; 32767 or more means unlimited'),
    rights: z
      .array(z.object({ count: count().nullish().describe('Licenses of this right; 32767 means unlimited') }))
      .nullish()
      .describe('The rights the product is made of; used for the limit when allowedCount is missing'),
  }),
).describe('An entry of `License info`.products')

const optionalText = z.preprocess(numberAsText, text())
const isoTime = z.preprocess(readableTimeOrNull, z.string().nullish())

/** A worker's figure: a non-negative finite number, else left out (an odd figure never costs the records). */
const workerFigure = z.preprocess(workerFigureOrUndefined, z.number().optional())
/** The worker's error text, bounded: it is shown as a warning. */
const workerError = z.preprocess(workerErrorOrUndefined, z.string().optional())

export const serverIdentitySchema = z
  .preprocess(
    objectOrNull,
    z
      .looseObject({
        name: optionalText.describe('Name of the 4D Server'),
        machine: optionalText.describe('Machine the server runs on; servers of one machine share its license pool'),
        version: optionalText.describe('4D version, e.g. "20 R10"'),
      })
      .nullable(),
  )
  .describe('Who answers')

const licenseNumber = z.preprocess(licenseNumberText, z.string().optional())

export const licenseInfoSchema = z
  .preprocess(
    objectOrNull,
    z
      .looseObject({
        products: z.preprocess((v): unknown => (Array.isArray(v) ? v : []), z.array(z.unknown())).describe('`License info`.products'),
        licenseNumber: licenseNumber.optional().describe('The license number: servers that report the same one draw from one license'),
      })
      .nullable(),
  )
  .describe('The part of `License info` the monitor uses')

export const envelopeSchema = z
  .looseObject({
    server: serverIdentitySchema.optional(),
    time: isoTime.optional().describe('ISO 8601 time the payload was built'),
    ageMs: workerFigure.optional().describe("How old the endpoint's copy of License usage is, in ms (4d-component: a worker renews it)"),
    refreshSeconds: workerFigure.optional().describe('How often the worker renews its copy, in seconds'),
    error: workerError.optional().describe('Why the last renewal failed; the previous copy is served'),
    licenseInfo: licenseInfoSchema.optional(),
    usage: z.array(z.unknown()).describe('The `License usage` collection; records are validated one by one'),
  })
  .describe('The contract object an endpoint returns')

/** What an endpoint may return: the contract object, or a bare `License usage` collection. */
export const payloadSchema = z.union([envelopeSchema, z.array(z.unknown())]).describe('License usage payload')

export type ParseResult = { ok: true; payload: ServerPayload } | { ok: false; error: string }

/** One problem of an item: where (a path into it) and what, as zod reports it. */
export interface PayloadIssue {
  readonly path: readonly PropertyKey[]
  readonly message: string
}

/** The envelope once read: the bare array becomes `{ usage }`. */
export type PayloadEnvelope = z.output<typeof envelopeSchema>

/** Reads one item: its normalised value, or null after pushing its problems onto `issues`. */
export type ItemReader<T> = (item: unknown, issues: PayloadIssue[]) => T | null

/** How a payload's parts are validated: by the zod schemas, or by the single-pass validator. */
export interface PayloadReader {
  envelope(body: unknown): PayloadEnvelope | null
  record: ItemReader<LicenseRecord>
  product: ItemReader<LicenseInfoProduct>
}

const UNEXPECTED_PAYLOAD = 'unexpected payload: expected a License usage array or an object with a usage array'

/** The zod schemas as a reader: the source of truth, and the oracle of payload-validator.ts's tests. */
export const schemaReader: PayloadReader = {
  envelope(body) {
    const parsed = payloadSchema.safeParse(body)
    if (!parsed.success) return null
    return Array.isArray(parsed.data) ? { usage: parsed.data } : parsed.data
  },
  record: schemaItemReader(licenseRecordSchema, toLicenseRecord),
  product: schemaItemReader(licenseInfoProductSchema, toLicenseInfoProduct),
}

/** The single-pass validator the poller runs: same verdicts, problems and output as schemaReader. */
export const singlePassReader: PayloadReader = {
  envelope: readEnvelope,
  record: readLicenseRecord,
  product: readLicenseInfoProduct,
}

function schemaItemReader<S extends z.ZodType, T>(schema: S, convert: (value: z.output<S>) => T): ItemReader<T> {
  return (item, issues) => {
    const parsed = schema.safeParse(item)
    if (parsed.success) return convert(parsed.data)
    issues.push(...parsed.error.issues)
    return null
  }
}

/**
 * The most license records one server's answer may hold unless its entry sets
 * `maxRecords`. A 4D Server retains one record per license in use, hundreds or
 * a few thousand in practice; a runaway endpoint sending a million would lag
 * the monitor and flood the page.
 */
export const MAX_RECORDS_PER_SERVER = 50_000

/** Thousands separated, as the row shows them: "120,000". */
function countText(count: number): string {
  return count.toLocaleString('en-US')
}

/** The server row's sentence when an answer holds more records than the cap. */
export function recordsCapSentence(sent: number, cap: number): string {
  const where = cap === MAX_RECORDS_PER_SERVER ? 'the default cap of' : 'the cap of'
  return (
    `answered ${countText(sent)} license records, more than ${where} ${countText(cap)} set for this server: ` +
    'the poll is refused so a runaway endpoint cannot flood the monitor; check the endpoint, or raise "maxRecords" in servers.json if the server really holds that many'
  )
}

function usageLength(body: unknown): number {
  if (Array.isArray(body)) return body.length
  const usage = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['usage'] : null
  return Array.isArray(usage) ? usage.length : 0
}

/** A payload as the poller reads it (single pass); `reader` is for the tests that compare both. */
export function parsePayload(body: unknown, reader: PayloadReader = singlePassReader, maxRecords = MAX_RECORDS_PER_SERVER): ParseResult {
  // Counted before any validation, so a flood costs one JSON.parse and no more.
  const sent = usageLength(body)
  if (sent > maxRecords) {
    return { ok: false, error: recordsCapSentence(sent, maxRecords) }
  }
  const envelope = reader.envelope(body)
  if (envelope === null) return { ok: false, error: UNEXPECTED_PAYLOAD }

  const records = validateEach(envelope.usage, reader.record)
  if (records.total > 0 && records.valid.length === 0) {
    return { ok: false, error: `no usable record: ${describeInvalid(records, 'records').text}` }
  }
  const info = envelope.licenseInfo
  const products = info ? validateEach(info.products, reader.product) : null
  const server = envelope.server
  const recordsSummary = records.problems.length > 0 ? describeInvalid(records, 'records') : null
  const productsSummary = products && products.problems.length > 0 ? describeInvalid(products, 'products') : null
  const summary = recordsSummary && productsSummary ? invalidBoth(recordsSummary, productsSummary) : (recordsSummary ?? productsSummary)

  return {
    ok: true,
    payload: {
      server: { name: server?.name ?? null, machine: server?.machine ?? null, version: server?.version ?? null },
      time: envelope.time ?? null,
      ...(envelope.ageMs === undefined ? {} : { copyAgeMs: envelope.ageMs }),
      ...(envelope.refreshSeconds === undefined ? {} : { refreshSeconds: envelope.refreshSeconds }),
      ...(envelope.error === undefined ? {} : { workerError: envelope.error }),
      licenseInfo: products ? { products: products.valid, ...(info?.licenseNumber ? { licenseNumber: info.licenseNumber } : {}) } : null,
      records: records.valid,
      invalidCount: records.total - records.valid.length,
      totalCount: records.total,
      invalidSummary: summary?.text ?? null,
      ...(summary ? { invalidSummaryMessage: summary.message } : {}),
    },
  }
}

interface Validated<T> {
  valid: T[]
  total: number
  /** One entry per invalid item: the distinct problems found in it. */
  problems: string[][]
}

function validateEach<T>(items: unknown[], read: ItemReader<T>): Validated<T> {
  const result: Validated<T> = { valid: [], total: items.length, problems: [] }
  const issues: PayloadIssue[] = []
  for (const item of items) {
    const value = read(item, issues)
    if (value !== null) result.valid.push(value)
    else {
      result.problems.push(describeIssues(item, issues))
      issues.length = 0
    }
  }
  return result
}

function describeIssues(item: unknown, issues: readonly PayloadIssue[]): string[] {
  return [...new Set(issues.map((issue) => describeIssue(item, issue)))]
}

/** "productId missing" when the field is absent or null, else "token: expected a number". */
function describeIssue(item: unknown, issue: PayloadIssue): string {
  if (issue.path.length === 0) return 'not an object'
  const where = formatPath(issue.path)
  const value = valueAt(item, issue.path)
  return value === undefined || value === null ? `${where} missing` : `${where}: ${issue.message}`
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`
    return text === '' ? String(key) : `${text}.${String(key)}`
  }, '')
}

function valueAt(item: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = item
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

/** "3 of 120 records invalid: productId missing", naming the most common problem (warning-text.ts words it). */
function describeInvalid(result: Validated<unknown>, items: InvalidItems) {
  const counts = new Map<string, number>()
  for (const problems of result.problems) {
    for (const problem of problems) counts.set(problem, (counts.get(problem) ?? 0) + 1)
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1])
  const top = ranked[0]?.[0] ?? 'unknown problem'
  return invalidItems(items, result.problems.length, result.total, top, Math.max(0, ranked.length - 1))
}

type RecordData = z.output<typeof licenseRecordSchema>
type SessionData = z.output<typeof sessionSchema>

function toLicenseRecord(data: RecordData): LicenseRecord {
  return {
    productId: data.productId,
    productName: productLabel(data.productName, data.productId),
    productUsedCount: data.productUsedCount ?? null,
    productBalance: data.productBalance ?? null,
    globalProductUsedCount: data.globalProductUsedCount ?? null,
    token: data.token,
    time: data.time ?? null,
    reason: data.reason ?? null,
    session: data.session ? toSessionInfo(data.session) : null,
  }
}

function toSessionInfo(session: SessionData): SessionInfo {
  return {
    type: inferSessionType(session),
    userName: session.userName ?? null,
    machineName: session.machineName ?? null,
    systemUserName: session.systemUserName ?? null,
    IPAddress: session.IPAddress ?? null,
    hostType: session.hostType ?? null,
    creationDateTime: session.creationDateTime ?? null,
    state: session.state ?? null,
    ID: session.ID ?? session.sessionID ?? null,
  }
}

function toLicenseInfoProduct(data: z.output<typeof licenseInfoProductSchema>): LicenseInfoProduct {
  return {
    id: data.id,
    name: productLabel(data.name, data.id),
    usedCount: data.usedCount ?? null,
    allowedCount: data.allowedCount ?? null,
    ...(data.rights ? { rights: data.rights.map((right) => right.count ?? null) } : {}),
  }
}

export type RestUnwrapResult = { ok: true; value: unknown } | { ok: false; error: string }

/**
 * A DataStore class function called over REST answers `{"result": value}`;
 * a 4D REST error answers `{"__ERROR": [{"message": ...}, ...]}`.
 */
export function unwrapRestResult(body: unknown): RestUnwrapResult {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>
    const restError = describeRestError(record['__ERROR'])
    if (restError) return { ok: false, error: `4D REST error: ${restError}` }
    if ('result' in record) return { ok: true, value: record['result'] }
  }
  return { ok: false, error: 'unexpected REST answer: expected an object with a "result" property' }
}

/** The messages of a 4D `__ERROR` array, or null when there is none. */
export function describeRestError(errors: unknown): string | null {
  if (!Array.isArray(errors) || errors.length === 0) return null
  const messages = errors.map((entry) => {
    const message = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['message'] : null
    return typeof message === 'string' && message.trim() !== '' ? message.trim() : 'unknown error'
  })
  return messages.join('; ')
}

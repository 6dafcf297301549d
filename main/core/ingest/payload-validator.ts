// The payload validator the poller runs: one pass over each record that checks,
// converts and builds the normalised record at once. The zod schemas in
// payload-schema.ts stay the source of truth (the JSON Schema is generated from
// them) and this file must agree with them exactly: same verdict, same problems
// in the same order, same output. test/core/ingest/payload-validator.test.ts
// feeds both the same documents. Why not zod here: a zod parse per record (a
// preprocess, an object copy, a check per field, then a conversion) cost about
// three quarters of a poll above fetch + JSON.parse (issue 11, bench:monitor).

import type { LicenseInfoProduct, LicenseRecord, SessionInfo } from '../types/index.ts'
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
import type { PayloadEnvelope, PayloadIssue } from './payload-schema.ts'

type Fields = Record<string, unknown>

/** Marks a field that failed; its issue is already pushed. */
const INVALID = Symbol('invalid')
type Checked<T> = T | typeof INVALID

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * What a number field must be, as the zod schema's checks say: any finite
 * number, a 4D product id (whole, 0 to 2^32 - 1), a count (whole, 0 to
 * 2^53 - 1) or a whole number (a balance, a token: safe integers).
 */
type NumberRule = 'number' | 'productId' | 'count' | 'whole'

const RULE_MESSAGE = { productId: PRODUCT_ID_MESSAGE, count: COUNT_MESSAGE, whole: WHOLE_MESSAGE } as const

/** A required number (numeric text accepted): z.number() and the rule's checks, after numericText; one issue per failed check, as zod gives them. */
function requiredNumber(
  value: unknown,
  path: readonly PropertyKey[],
  issues: PayloadIssue[],
  rule: NumberRule = 'number',
): Checked<number> {
  const converted = numericText(value)
  if (typeof converted !== 'number' || !Number.isFinite(converted)) {
    issues.push({ path, message: NUMBER_MESSAGE })
    return INVALID
  }
  if (rule === 'number') return converted
  const message = RULE_MESSAGE[rule]
  // As zod 4 does: a fraction stops at the whole-number check; an unsafe integer fails it and still meets the range checks.
  if (!Number.isInteger(converted)) {
    issues.push({ path, message })
    return INVALID
  }
  const before = issues.length
  if (!Number.isSafeInteger(converted)) issues.push({ path, message })
  if (rule !== 'whole' && converted < 0) issues.push({ path, message })
  if (rule === 'productId' && converted > MAX_PRODUCT_ID) issues.push({ path, message })
  return issues.length === before ? converted : INVALID
}

/** An optional number: null when missing or null, as z.number().nullish() after numericText. */
function optionalNumber(
  value: unknown,
  path: readonly PropertyKey[],
  issues: PayloadIssue[],
  rule: NumberRule = 'number',
): Checked<number | null> {
  if (value === undefined || value === null) return null
  return requiredNumber(value, path, issues, rule)
}

/** An optional text: z.string().nullish(), after numberAsText when `numbersAsText`. */
function optionalText(
  value: unknown,
  numbersAsText: boolean,
  path: readonly PropertyKey[],
  issues: PayloadIssue[],
): Checked<string | null> {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return value
  if (numbersAsText && typeof value === 'number') return String(value)
  issues.push({ path, message: TEXT_MESSAGE })
  return INVALID
}

// Paths are built once: an issue is rare, a record is not.
const PATH = {
  productId: ['productId'],
  productName: ['productName'],
  productUsedCount: ['productUsedCount'],
  productBalance: ['productBalance'],
  globalProductUsedCount: ['globalProductUsedCount'],
  token: ['token'],
  reason: ['reason'],
  session: ['session'],
  id: ['id'],
  name: ['name'],
  usedCount: ['usedCount'],
  allowedCount: ['allowedCount'],
} as const

/** ["session", field] for each session field, in the schema's order (the order problems are reported in). */
const SESSION_PATH = {
  type: ['session', 'type'],
  userName: ['session', 'userName'],
  machineName: ['session', 'machineName'],
  systemUserName: ['session', 'systemUserName'],
  IPAddress: ['session', 'IPAddress'],
  hostType: ['session', 'hostType'],
  creationDateTime: ['session', 'creationDateTime'],
  state: ['session', 'state'],
  ID: ['session', 'ID'],
  sessionID: ['session', 'sessionID'],
  userAgent: ['session', 'userAgent'],
  userId: ['session', 'userId'],
} as const

/** One `License usage` record, as licenseRecordSchema then toLicenseRecord would give it. */
export function readLicenseRecord(item: unknown, issues: PayloadIssue[]): LicenseRecord | null {
  if (!isObject(item)) {
    issues.push({ path: [], message: OBJECT_MESSAGE })
    return null
  }
  // Field by field in the schema's order, so the problems come out in zod's order.
  const productId = requiredNumber(item['productId'], PATH.productId, issues, 'productId')
  const productName = optionalText(item['productName'], false, PATH.productName, issues)
  const productUsedCount = optionalNumber(item['productUsedCount'], PATH.productUsedCount, issues, 'count')
  const productBalance = optionalNumber(item['productBalance'], PATH.productBalance, issues, 'whole')
  const globalProductUsedCount = optionalNumber(item['globalProductUsedCount'], PATH.globalProductUsedCount, issues, 'count')
  const token = requiredNumber(item['token'], PATH.token, issues, 'whole')
  const time = readableTimeOrNull(item['time']) as string | null | undefined
  const reason = optionalText(item['reason'], true, PATH.reason, issues)
  const session = readSession(item['session'], issues)
  if (
    productId === INVALID ||
    productName === INVALID ||
    productUsedCount === INVALID ||
    productBalance === INVALID ||
    globalProductUsedCount === INVALID ||
    token === INVALID ||
    reason === INVALID ||
    session === INVALID
  ) {
    return null
  }
  return {
    productId,
    productName: productLabel(productName, productId),
    productUsedCount,
    productBalance,
    globalProductUsedCount,
    token,
    time: time ?? null,
    reason,
    session,
  }
}

/** The record's session: null when missing or null, a problem when not an object or a field is not text. */
function readSession(value: unknown, issues: PayloadIssue[]): Checked<SessionInfo | null> {
  if (value === undefined || value === null) return null
  if (!isObject(value)) {
    issues.push({ path: PATH.session, message: OBJECT_MESSAGE })
    return INVALID
  }
  // Unrolled rather than a loop over the field names: this runs for every license of every poll.
  const type = optionalText(value['type'], true, SESSION_PATH.type, issues)
  const userName = optionalText(value['userName'], true, SESSION_PATH.userName, issues)
  const machineName = optionalText(value['machineName'], true, SESSION_PATH.machineName, issues)
  const systemUserName = optionalText(value['systemUserName'], true, SESSION_PATH.systemUserName, issues)
  const IPAddress = optionalText(value['IPAddress'], true, SESSION_PATH.IPAddress, issues)
  const hostType = optionalText(value['hostType'], true, SESSION_PATH.hostType, issues)
  const creationDateTime = optionalText(value['creationDateTime'], true, SESSION_PATH.creationDateTime, issues)
  const state = optionalText(value['state'], true, SESSION_PATH.state, issues)
  const ID = optionalText(value['ID'], true, SESSION_PATH.ID, issues)
  const sessionID = optionalText(value['sessionID'], true, SESSION_PATH.sessionID, issues)
  const userAgent = optionalText(value['userAgent'], true, SESSION_PATH.userAgent, issues)
  const userId = optionalText(value['userId'], true, SESSION_PATH.userId, issues)
  if (
    type === INVALID ||
    userName === INVALID ||
    machineName === INVALID ||
    systemUserName === INVALID ||
    IPAddress === INVALID ||
    hostType === INVALID ||
    creationDateTime === INVALID ||
    state === INVALID ||
    ID === INVALID ||
    sessionID === INVALID ||
    userAgent === INVALID ||
    userId === INVALID
  ) {
    return INVALID
  }
  return {
    type: inferSessionType({ type, sessionID, userAgent, userId }),
    userName,
    machineName,
    systemUserName,
    IPAddress,
    hostType,
    creationDateTime,
    state,
    ID: ID ?? sessionID,
  }
}

/** One `License info`.products entry, as licenseInfoProductSchema then toLicenseInfoProduct would give it. */
export function readLicenseInfoProduct(item: unknown, issues: PayloadIssue[]): LicenseInfoProduct | null {
  if (!isObject(item)) {
    issues.push({ path: [], message: OBJECT_MESSAGE })
    return null
  }
  const id = requiredNumber(item['id'], PATH.id, issues, 'productId')
  const name = optionalText(item['name'], false, PATH.name, issues)
  const usedCount = optionalNumber(item['usedCount'], PATH.usedCount, issues, 'count')
  const allowedCount = optionalNumber(item['allowedCount'], PATH.allowedCount, issues, 'count')
  // rightsCounts keeps only valid counts (else null), so rights never fail.
  const rights = rightsCounts(item['rights'])
  if (id === INVALID || name === INVALID || usedCount === INVALID || allowedCount === INVALID) return null
  return {
    id,
    name: productLabel(name, id),
    usedCount,
    allowedCount,
    ...(rights ? { rights: rights.map((right) => right.count) } : {}),
  }
}

/**
 * The envelope, as payloadSchema reads it: a bare array is the usage; an object
 * needs a usage array; the optional blocks are cleaned up, except that a server
 * name, machine or version that is neither text nor number refuses the whole
 * payload (as the schema's union does). null when refused.
 */
export function readEnvelope(body: unknown): PayloadEnvelope | null {
  if (Array.isArray(body)) return { usage: body }
  if (!isObject(body)) return null
  const usage = body['usage']
  if (!Array.isArray(usage)) return null
  const server = readServerIdentity(body['server'])
  if (server === INVALID) return null
  const envelope: PayloadEnvelope = { usage }
  if (server !== undefined) envelope.server = server
  const time = readableTimeOrNull(body['time']) as string | null | undefined
  if (time !== undefined) envelope.time = time
  const ageMs = workerFigureOrUndefined(body['ageMs'])
  if (ageMs !== undefined) envelope.ageMs = ageMs
  const refreshSeconds = workerFigureOrUndefined(body['refreshSeconds'])
  if (refreshSeconds !== undefined) envelope.refreshSeconds = refreshSeconds
  const error = workerErrorOrUndefined(body['error'])
  if (error !== undefined) envelope.error = error
  const info = body['licenseInfo']
  if (info !== undefined) {
    const object = objectOrNull(info) as Fields | null
    const number = object ? licenseNumberText(object['licenseNumber']) : undefined
    envelope.licenseInfo = object
      ? {
          products: Array.isArray(object['products']) ? (object['products'] as unknown[]) : [],
          ...(number === undefined ? {} : { licenseNumber: number }),
        }
      : null
  }
  return envelope
}

type ServerIdentity = NonNullable<PayloadEnvelope['server']>

function readServerIdentity(value: unknown): Checked<ServerIdentity | null | undefined> {
  if (value === undefined) return undefined
  if (!isObject(value)) return null
  const identity: ServerIdentity = {}
  for (const field of ['name', 'machine', 'version'] as const) {
    const text = numberAsText(value[field])
    if (text === undefined) continue
    if (text !== null && typeof text !== 'string') return INVALID
    identity[field] = text
  }
  return identity
}

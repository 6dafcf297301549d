// The field conversions of a 4D payload, shared by the zod schemas (the source
// of truth: the JSON Schema and the tests' oracle, payload-schema.ts) and the
// single-pass validator the poller runs (payload-validator.ts). Kept here, in one
// place, so both read "12" as 12 and a blank text as a problem the same way.

import { timeMs } from '../util/iso-time.ts'

export const NUMBER_MESSAGE = 'expected a number'
export const TEXT_MESSAGE = 'expected a text'
export const OBJECT_MESSAGE = 'expected an object'

/** 4D product ids are four ASCII characters read as a 32-bit number: -1, 1.5 or 1e20 is no product. */
export const MAX_PRODUCT_ID = 0xffff_ffff
export const PRODUCT_ID_MESSAGE = `expected a 4D product id: a whole number from 0 to ${MAX_PRODUCT_ID}`
export const COUNT_MESSAGE = `expected a count: a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`
export const WHOLE_MESSAGE = `expected a whole number from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`

/** Hand-written endpoints send "12" for 12; blank strings stay strings so they fail as "expected a number". */
export function numericText(value: unknown): unknown {
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : value
}

/** Descriptive text fields: a number is turned into its text, anything else that is not text is a problem. */
export function numberAsText(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value
}

/** The retain time is informative only: an unparsable value becomes null rather than invalidating the record. */
export function readableTimeOrNull(value: unknown): unknown {
  if (value === undefined || value === null) return value
  return typeof value === 'string' && !Number.isNaN(timeMs(value)) ? value : null
}

/** `rights` entries keep only their count (a number, else null); anything but an array is dropped. */
export function rightsCounts(value: unknown): { count: number | null }[] | undefined {
  if (!Array.isArray(value)) return undefined
  return value.map((entry: unknown) => {
    const count = typeof entry === 'object' && entry !== null ? numericText((entry as Record<string, unknown>)['count']) : null
    return { count: typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : null }
  })
}

/** Anything that is not an object becomes null: a broken optional block must not cost the usage data. */
export function objectOrNull(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null
}

/** A worker's figure: a non-negative finite number, else left out (an odd figure never costs the records). */
export function workerFigureOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

/** The worker's error text, bounded: it is shown as a warning. */
const WORKER_ERROR_MAX = 300
export function workerErrorOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, WORKER_ERROR_MAX) : undefined
}

/** What the table shows for a product without a usable name. */
export function productLabel(name: string | null | undefined, id: number): string {
  return name?.trim() || `product ${String(id)}`
}

/** SQL sessions carry no type and REST sessions may omit it: infer it from the fields only they have. */
export function inferSessionType(session: {
  type?: string | null
  sessionID?: string | null
  userAgent?: string | null
  userId?: string | null
}): string | null {
  if (session.type) return session.type
  if (session.sessionID != null) return 'rest'
  if (session.userAgent != null || session.userId != null) return 'sql'
  return null
}

/** The license number is evidence only (shared pools): kept as bounded text when usable, else left out, never a reason to refuse the answer. */
const LICENSE_NUMBER_MAX = 100

export function licenseNumberText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, LICENSE_NUMBER_MAX) : undefined
}

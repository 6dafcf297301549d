// What the aggregation derives from one server's records on its own, once per
// records array rather than once per rebuild: the poller keeps the previous
// array when a server repeats its answer (main/core/poll/unchanged-records.ts),
// so a machine rebuilt because of its servers' timings, or of one server that
// changed, does not redo the others' per-license work (bench:monitor).
//
// Safe because record arrays are never changed once in a payload, and what is
// derived here depends on the records alone (times are parsed by their text).

import { timeMs } from '../util/iso-time.ts'
import type { LicenseRecord } from '../types/index.ts'

/** A server's records, one per token, and the tokens it sent more than once with how many times. */
export interface UniqueRecords {
  records: LicenseRecord[]
  duplicates: Map<number, number>
}

/** The records of one product, with the milliseconds of each one's time (-Infinity when unknown). */
export interface ProductRecords {
  records: LicenseRecord[]
  times: number[]
}

const productIdSets = new WeakMap<readonly LicenseRecord[], ReadonlySet<number>>()
const uniques = new WeakMap<readonly LicenseRecord[], UniqueRecords>()
const byProduct = new WeakMap<readonly LicenseRecord[], Map<number, ProductRecords>>()

/** The first record of each token (the aggregation counts a token once and flags the repeats). */
export function uniqueByToken(records: readonly LicenseRecord[]): UniqueRecords {
  let unique = uniques.get(records)
  if (unique === undefined) {
    const byToken = new Map<number, LicenseRecord>()
    const duplicates = new Map<number, number>()
    for (const record of records) {
      if (byToken.has(record.token)) duplicates.set(record.token, (duplicates.get(record.token) ?? 1) + 1)
      else byToken.set(record.token, record)
    }
    // Every token once: the same records, and the same array, as sent.
    unique = { records: byToken.size === records.length ? (records as LicenseRecord[]) : [...byToken.values()], duplicates }
    uniques.set(records, unique)
  }
  return unique
}

/** Milliseconds of an ISO time; unknown or unparsable times sort before every real one. */
function timeValue(time: string | null): number {
  const ms = time === null ? Number.NaN : timeMs(time)
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

/** These records' records of one product, in their order, with their times parsed once. */
export function productRecords(records: readonly LicenseRecord[], productId: number): ProductRecords {
  let products = byProduct.get(records)
  if (products === undefined) {
    products = new Map()
    byProduct.set(records, products)
  }
  let found = products.get(productId)
  if (found === undefined) {
    found = { records: [], times: [] }
    for (const record of records) {
      if (record.productId !== productId) continue
      found.records.push(record)
      found.times.push(timeValue(record.time))
    }
    products.set(productId, found)
  }
  return found
}

/** The products these records hold licenses of. */
export function productIdsOf(records: readonly LicenseRecord[]): ReadonlySet<number> {
  let ids = productIdSets.get(records)
  if (ids === undefined) {
    ids = new Set(records.map((record) => record.productId))
    productIdSets.set(records, ids)
  }
  return ids
}

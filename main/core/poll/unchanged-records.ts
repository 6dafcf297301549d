// A server's answer, with what it repeats from its previous answer kept as the
// previous objects (issue 11). Between two polls a few seconds apart most
// licenses are the same: the same record objects, and the same records array
// when nothing changed at all, let the aggregation reuse what it derived from
// them (license rows, session keys, pool evidence: main/core/usage/license-lists.ts)
// instead of redoing it per license per poll (bench:monitor at 10 x 10,000).
//
// Nothing here changes a value: a record is reused only when every field the
// monitor keeps is equal, so the payload reads exactly as the new answer.
// Records, once in a payload, are never changed by anyone (the aggregation and
// the history only read them), which is what makes sharing them safe.

import type { LicenseInfoProduct, LicenseRecord, ServerPayload, SessionInfo } from '../types/index.ts'

function sameSession(a: SessionInfo | null, b: SessionInfo | null): boolean {
  if (a === b) return true
  if (a === null || b === null) return false
  return (
    a.ID === b.ID &&
    a.userName === b.userName &&
    a.machineName === b.machineName &&
    a.IPAddress === b.IPAddress &&
    a.type === b.type &&
    a.state === b.state &&
    a.hostType === b.hostType &&
    a.systemUserName === b.systemUserName &&
    a.creationDateTime === b.creationDateTime
  )
}

/** Every field of LicenseRecord (and of its session) equal. */
export function sameRecord(a: LicenseRecord, b: LicenseRecord): boolean {
  return (
    a === b ||
    (a.token === b.token &&
      a.productId === b.productId &&
      a.time === b.time &&
      a.productUsedCount === b.productUsedCount &&
      a.productBalance === b.productBalance &&
      a.globalProductUsedCount === b.globalProductUsedCount &&
      a.productName === b.productName &&
      a.reason === b.reason &&
      sameSession(a.session, b.session))
  )
}

/**
 * The new records with each one equal to a previous record replaced by that
 * record; the previous array itself when every record is the same, in the
 * same order. A record is looked for at the same place first (the usual case:
 * 4D lists its licenses in retain order), then by token.
 */
export function keepUnchangedRecords(previous: readonly LicenseRecord[], next: LicenseRecord[]): LicenseRecord[] {
  // The usual case first, without building anything: the same records in the same places.
  let same = 0
  if (next.length === previous.length) {
    while (same < next.length && sameRecord(previous[same] as LicenseRecord, next[same] as LicenseRecord)) same += 1
    if (same === next.length) return previous as LicenseRecord[]
  }
  let byToken: Map<number, LicenseRecord> | null = null
  let reused = same
  const kept = next.slice()
  for (let index = 0; index < same; index++) kept[index] = previous[index] as LicenseRecord
  for (let index = same; index < next.length; index++) {
    const record = next[index] as LicenseRecord
    let candidate = previous[index]
    if (candidate === undefined || candidate.token !== record.token) {
      byToken ??= new Map(previous.map((old) => [old.token, old]))
      candidate = byToken.get(record.token)
    }
    if (candidate !== undefined && sameRecord(candidate, record)) {
      kept[index] = candidate
      reused += 1
    }
  }
  return reused === 0 ? next : kept
}

function sameProduct(a: LicenseInfoProduct, b: LicenseInfoProduct): boolean {
  const rightsA = a.rights
  const rightsB = b.rights
  const sameRights =
    rightsA === rightsB ||
    (rightsA !== undefined &&
      rightsB !== undefined &&
      rightsA.length === rightsB.length &&
      rightsA.every((count, i) => count === rightsB[i]))
  return a.id === b.id && a.name === b.name && a.usedCount === b.usedCount && a.allowedCount === b.allowedCount && sameRights
}

function sameLicenseInfo(a: ServerPayload['licenseInfo'], b: ServerPayload['licenseInfo']): boolean {
  if (a === b) return true
  if (a === null || b === null) return false
  return (
    a.licenseNumber === b.licenseNumber &&
    a.products.length === b.products.length &&
    a.products.every((product, i) => {
      const other = b.products[i]
      return other !== undefined && sameProduct(product, other)
    })
  )
}

function sameTokens(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((token, i) => token === b[i]))
}

/**
 * `next` as it stands, except that its records, License info and the
 * monitor's own tokens are the previous payload's objects wherever they are
 * equal: the same answer reads the same, and costs the aggregation nothing new.
 */
export function keepUnchanged(previous: ServerPayload | null, next: ServerPayload): ServerPayload {
  if (previous === null || previous === next) return next
  const records = keepUnchangedRecords(previous.records, next.records)
  const licenseInfo = sameLicenseInfo(previous.licenseInfo, next.licenseInfo) ? previous.licenseInfo : next.licenseInfo
  const monitorTokens = sameTokens(previous.monitorTokens, next.monitorTokens) ? previous.monitorTokens : next.monitorTokens
  if (records === next.records && licenseInfo === next.licenseInfo && monitorTokens === next.monitorTokens) return next
  return { ...next, records, licenseInfo, ...(monitorTokens === undefined ? {} : { monitorTokens }) }
}

// The changes between two versions of one row's license list (issue 11 item
// 3): an expanded row of 10,000 licenses used to be fetched whole (2.7 MB)
// each time one license came or went. Licenses are told apart by server and
// token (a row's list holds each pair once: main/core/usage/license-lists.ts)
// and compared field by field, since a server's new answer makes new objects
// for licenses that did not change.

import type { LicenseHeld, LicenseKey } from '../types/index.ts'

export interface ListChanges {
  removed: LicenseKey[]
  changed: LicenseHeld[]
}

/** The key of a license within its row; NUL cannot occur in a server name from the servers file. */
export function licenseKey(license: LicenseKey): string {
  return `${license.server}\u0000${String(license.token)}`
}

/** Licenses by key; null when a key occurs twice (then no change list can rebuild the list: send it whole). */
function byKey(licenses: readonly LicenseHeld[]): Map<string, LicenseHeld> | null {
  const keyed = new Map<string, LicenseHeld>()
  for (const license of licenses) {
    const key = licenseKey(license)
    if (keyed.has(key)) return null
    keyed.set(key, license)
  }
  return keyed
}

/** Every field of a license: a field added to LicenseHeld and not here is a compile error, not a change never sent. */
const FIELD_SET: Record<keyof LicenseHeld, true> = {
  server: true,
  token: true,
  productId: true,
  since: true,
  reason: true,
  sessionType: true,
  userName: true,
  clientMachine: true,
  ipAddress: true,
  state: true,
  hostType: true,
  sessionKey: true,
  heldByMonitor: true,
}
const FIELDS = Object.keys(FIELD_SET) as (keyof LicenseHeld)[]

/** Same value in every field; an absent optional field reads as undefined, as it does once sent as JSON. */
export function sameLicense(a: LicenseHeld, b: LicenseHeld): boolean {
  if (a === b) return true
  for (const field of FIELDS) if (a[field] !== b[field]) return false
  return true
}

/** What turns `older` into `newer`; null when either list names a license twice. */
export function listChanges(older: readonly LicenseHeld[], newer: readonly LicenseHeld[]): ListChanges | null {
  const before = byKey(older)
  const after = byKey(newer)
  if (before === null || after === null) return null
  const removed: LicenseKey[] = []
  for (const [key, license] of before) if (!after.has(key)) removed.push({ server: license.server, token: license.token })
  const changed: LicenseHeld[] = []
  for (const [key, license] of after) {
    const was = before.get(key)
    if (was === undefined || !sameLicense(was, license)) changed.push(license)
  }
  return { removed, changed }
}

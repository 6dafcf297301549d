// Applies getLicenseList's changes (LicenseListChanges) to the page's copy of
// an expanded row's list, so a change of one license costs its size, not the
// list's (issue 11 item 3). The copy stays in the list's order
// (license-order.ts): the licenses that stay keep their places, the changed
// ones are sorted and merged in, in one pass over the list. Anything that does
// not add up refuses the changes with its cause; the caller then drops its
// copy and fetches the list whole.

import type { LicenseHeld, LicenseListChanges } from '../../../main/core/types/index.ts'
import { compareLicenses } from './license-order.ts'

export interface HeldList {
  listVersion: number
  licenses: LicenseHeld[]
}

export type ChangesOutcome = { ok: true; licenses: LicenseHeld[] } | { ok: false; cause: string }

function keyOf(license: { server: string; token: number }): string {
  return `${license.server}\u0000${String(license.token)}`
}

function licenseName(license: { server: string; token: number }): string {
  return `license ${String(license.token)} of server "${license.server}"`
}

/** Two lists in the list's order as one; `a` first on a tie (a tie means the same key, which never happens here). */
function merge(a: readonly LicenseHeld[], b: readonly LicenseHeld[]): LicenseHeld[] {
  if (b.length === 0) return [...a]
  const out: LicenseHeld[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as LicenseHeld
    const y = b[j] as LicenseHeld
    if (compareLicenses(y, x) < 0) {
      out.push(y)
      j++
    } else {
      out.push(x)
      i++
    }
  }
  while (i < a.length) out.push(a[i++] as LicenseHeld)
  while (j < b.length) out.push(b[j++] as LicenseHeld)
  return out
}

/** The copy after the changes, or why they cannot apply to it. */
export function applyListChanges(held: HeldList, changes: LicenseListChanges): ChangesOutcome {
  const { since, listVersion } = changes
  if (since !== held.listVersion) {
    return { ok: false, cause: `the changes apply on version ${String(since)} but the page holds version ${String(held.listVersion)}` }
  }
  const empty = changes.removed.length === 0 && changes.changed.length === 0
  if (listVersion < since || (listVersion === since && !empty)) {
    return { ok: false, cause: `version ${String(listVersion)} does not follow version ${String(since)}` }
  }
  const present = new Set(held.licenses.map(keyOf))
  const touched = new Set<string>()
  for (const gone of changes.removed) {
    const key = keyOf(gone)
    if (!present.has(key)) return { ok: false, cause: `the changes remove ${licenseName(gone)}, which the page's copy does not hold` }
    if (touched.has(key)) return { ok: false, cause: `the changes name ${licenseName(gone)} twice` }
    touched.add(key)
  }
  for (const license of changes.changed) {
    const key = keyOf(license)
    if (touched.has(key)) return { ok: false, cause: `the changes name ${licenseName(license)} twice` }
    touched.add(key)
  }
  const kept = touched.size === 0 ? held.licenses : held.licenses.filter((license) => !touched.has(keyOf(license)))
  const licenses = merge(kept, [...changes.changed].sort(compareLicenses))
  if (licenses.length !== changes.count) {
    return { ok: false, cause: `the changes leave ${String(licenses.length)} licenses where the list holds ${String(changes.count)}` }
  }
  return { ok: true, licenses }
}

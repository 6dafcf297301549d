// Applies getLicenseList's changes (LicenseListChanges) to the page's copy of
// an expanded row's list, so a change of one license costs its size, not the
// list's (issue 11 item 3). The copy stays in the list's order
// (license-order.ts): the licenses that stay keep their places, the changed
// ones are sorted and each put in place by binary search. Anything that does
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

/**
 * `changed` (sorted) placed into `kept` (sorted): each by binary search from where the previous one went, then
 * the list copied once. A few changes in 10,000 licenses cost a few dozen comparisons, not one per license.
 */
function placeInOrder(kept: readonly LicenseHeld[], changed: readonly LicenseHeld[]): LicenseHeld[] {
  if (changed.length === 0) return [...kept]
  const pieces: LicenseHeld[][] = []
  let from = 0
  for (const license of changed) {
    // The first kept license that comes after this one (a tie means the same key, which the checks exclude).
    let low = from
    let high = kept.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compareLicenses(license, kept[middle] as LicenseHeld) < 0) high = middle
      else low = middle + 1
    }
    pieces.push(kept.slice(from, low), [license])
    from = low
  }
  pieces.push(kept.slice(from))
  return pieces.flat()
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
  const touched = new Set<string>()
  for (const license of [...changes.removed, ...changes.changed]) {
    const key = keyOf(license)
    if (touched.has(key)) return { ok: false, cause: `the changes name ${licenseName(license)} twice` }
    touched.add(key)
  }
  // One pass over the copy; a key is made only for a license whose token the changes name.
  const tokens = new Set([...changes.removed, ...changes.changed].map((license) => license.token))
  const found = new Set<string>()
  const kept: LicenseHeld[] = []
  for (const license of held.licenses) {
    if (tokens.has(license.token)) {
      const key = keyOf(license)
      if (touched.has(key)) {
        found.add(key)
        continue
      }
    }
    kept.push(license)
  }
  const unknown = changes.removed.find((gone) => !found.has(keyOf(gone)))
  if (unknown !== undefined) return { ok: false, cause: `the changes remove ${licenseName(unknown)}, which the page's copy does not hold` }
  const licenses = placeInOrder(kept, [...changes.changed].sort(compareLicenses))
  if (licenses.length !== changes.count) {
    return { ok: false, cause: `the changes leave ${String(licenses.length)} licenses where the list holds ${String(changes.count)}` }
  }
  return { ok: true, licenses }
}

// The order of a row's license list on the page: the order main builds it in
// (main/core/usage/license-lists.ts, compareHeld): oldest first (longest held
// on top), unknown or unreadable times last, then token, then server in
// natural order. The page keeps it when it applies changes to its copy of a
// list instead of fetching it whole. The dependency rules let the page take
// only types from main, so the rule is written again here, and
// test/renderer/model/license-order.test.ts checks both sort the same lists
// the same way.

import type { LicenseHeld } from '../../../main/core/types/index.ts'

/** As main/core/usage/natural-order.ts: "srv-2" before "srv-10", code points break a tie so the order is total. */
const collator = new Intl.Collator('en', { numeric: true })

function compareText(a: string, b: string): number {
  if (a === b) return 0
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}

/** Milliseconds of the retain time; unknown and unreadable times as -Infinity, which sorts them last. */
function timeOf(license: LicenseHeld): number {
  const ms = license.since === null ? Number.NaN : Date.parse(license.since)
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

/** Negative when `a` comes first in a row's list; 0 only for the same server and token. */
export function compareLicenses(a: LicenseHeld, b: LicenseHeld): number {
  const at = timeOf(a)
  const bt = timeOf(b)
  if (at !== bt) {
    if (at === Number.NEGATIVE_INFINITY) return 1
    if (bt === Number.NEGATIVE_INFINITY) return -1
    return at - bt
  }
  return a.token - b.token || compareText(a.server, b.server)
}

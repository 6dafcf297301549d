// The license list of a product row: every license its servers hold, oldest
// first. Built once per server's records and kept (issue 11): a row is rebuilt
// after every poll of its machine, but a server that repeats its answer keeps
// its records array (main/core/poll/unchanged-records.ts), so its licenses,
// their session keys and their order are reused, and the row keeps the same
// list object while none of its servers' licenses changed (the pushes compare
// lists by object first: main/core/contract/snapshot-pushes.ts).
//
// Lists are shared between snapshots, so nobody may change one: the snapshot
// is read-only for everything downstream (pushes, history, exports, alerts).

import { compareText } from './natural-order.ts'
import { sessionKey } from './session-key.ts'
import type { LicenseHeld, LicenseRecord } from '../types/index.ts'

/** One server's share of a row: its records of the product (unique by token) and their parsed times. */
export interface ListPart {
  server: string
  records: readonly LicenseRecord[]
  times: readonly number[]
  /** Tokens of the licenses the monitor's own session holds there. */
  monitorTokens: readonly number[] | undefined
}

interface Held {
  license: LicenseHeld
  time: number
}

interface PartLicenses {
  server: string
  monitorTokens: readonly number[] | undefined
  /** Oldest first (compareHeld). */
  held: Held[]
}

interface RowList {
  parts: { records: readonly LicenseRecord[]; server: string; monitorTokens: readonly number[] | undefined }[]
  licenses: LicenseHeld[]
}

/** Per server's records of one product. */
const partLists = new WeakMap<readonly LicenseRecord[], PartLicenses>()
/** Per row, under its first server's records: the last list built and the parts it was built from. */
const rowLists = new WeakMap<readonly LicenseRecord[], RowList>()

function sameTokens(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((token, i) => token === b[i]))
}

/** The row's licenses, oldest first (longest held on top), unknown times last, then by token, then by server. */
export function licenseList(parts: readonly ListPart[]): LicenseHeld[] {
  const first = parts[0]
  if (first === undefined) return []
  const known = rowLists.get(first.records)
  if (
    known !== undefined &&
    known.parts.length === parts.length &&
    known.parts.every((part, i) => {
      const now = parts[i]
      return (
        now !== undefined && part.records === now.records && part.server === now.server && sameTokens(part.monitorTokens, now.monitorTokens)
      )
    })
  ) {
    return known.licenses
  }
  // Each server's licenses are in order already: merging them keeps a stable sort's order (earlier servers first on a tie).
  const merged = parts.map(partLicenses).reduce<Held[] | null>((sorted, next) => (sorted === null ? next : merge(sorted, next)), null) ?? []
  const licenses = merged.map(({ license }) => license)
  rowLists.set(first.records, {
    parts: parts.map(({ records, server, monitorTokens }) => ({ records, server, monitorTokens })),
    licenses,
  })
  return licenses
}

const heldByMonitorCounts = new WeakMap<readonly LicenseHeld[], number>()

/** How many of a list's licenses the monitor's own session holds; counted once per list object. */
export function heldByMonitorCount(licenses: readonly LicenseHeld[]): number {
  let count = heldByMonitorCounts.get(licenses)
  if (count === undefined) {
    count = licenses.filter((license) => license.heldByMonitor).length
    heldByMonitorCounts.set(licenses, count)
  }
  return count
}

function partLicenses(part: ListPart): Held[] {
  const known = partLists.get(part.records)
  if (known !== undefined && known.server === part.server && sameTokens(known.monitorTokens, part.monitorTokens)) return known.held
  const own = new Set(part.monitorTokens ?? [])
  const held = part.records.map((record, i) => ({
    time: part.times[i] ?? Number.NEGATIVE_INFINITY,
    license: licenseOf(record, part.server, own),
  }))
  held.sort(compareHeld)
  partLists.set(part.records, { server: part.server, monitorTokens: part.monitorTokens, held })
  return held
}

function licenseOf(record: LicenseRecord, server: string, own: ReadonlySet<number>): LicenseHeld {
  return {
    ...(own.has(record.token) ? { heldByMonitor: true } : {}),
    server,
    token: record.token,
    productId: record.productId,
    since: record.time,
    reason: record.reason,
    sessionType: record.session?.type ?? null,
    userName: record.session?.userName ?? null,
    clientMachine: record.session?.machineName ?? null,
    ipAddress: record.session?.IPAddress ?? null,
    state: record.session?.state ?? null,
    hostType: record.session?.hostType ?? null,
    ...withSessionKey(record.session?.ID),
  }
}

/** Only a session with an ID gets a key: absent rather than null, so a license without one looks as it always did. */
function withSessionKey(id: string | null | undefined): { sessionKey?: string } {
  const key = sessionKey(id)
  return key === null ? {} : { sessionKey: key }
}

/** Two sorted lists as one, `a`'s entries first on a tie. */
function merge(a: readonly Held[], b: readonly Held[]): Held[] {
  const out: Held[] = new Array<Held>(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as Held
    const y = b[j] as Held
    if (compareHeld(y, x) < 0) {
      out[k++] = y
      j++
    } else {
      out[k++] = x
      i++
    }
  }
  while (i < a.length) out[k++] = a[i++] as Held
  while (j < b.length) out[k++] = b[j++] as Held
  return out
}

/** Oldest first (longest held on top), unknown times last, then token, then server. */
function compareHeld(a: Held, b: Held): number {
  const at = a.time
  const bt = b.time
  if (at !== bt) {
    if (at === Number.NEGATIVE_INFINITY) return 1
    if (bt === Number.NEGATIVE_INFINITY) return -1
    return at - bt
  }
  return a.license.token - b.license.token || compareText(a.license.server, b.license.server)
}

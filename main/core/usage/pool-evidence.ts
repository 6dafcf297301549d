// Evidence that servers draw from one license pool, read from what 4D itself
// reports rather than from how the admin typed host names (issue 18). Pure:
// each rule is one function, tested by table in test/core/usage/pool-evidence.test.ts.
//
// E1 sharing: a record whose globalProductUsedCount exceeds its own
//    productUsedCount (both counted at that retain) proves its server shared
//    the product's pool with other servers at that moment: global - own
//    licenses were held on them.
// E2 alone: a record whose global count equals its own proves nobody else
//    held the product in that pool at that moment.
// E3 fit (proof of separation): a license retained on Y in an earlier whole
//    second than X's record r, and still held now, was held when r was
//    retained; if X and Y shared a pool it is among r's global - own others.
//    When the other servers' such licenses outnumber global - own, they do
//    not all share X's pool.
// E4 license number: servers whose License info reports the same license
//    number draw from one license; two different numbers are two licenses.
// E5 pool size: servers of one pool see one size: global + balance of their
//    newest records, and allowedCount when License info sends it.
// Two servers are put in one pool by E4, or by E1 on both with equal sizes
// (E5); never when E3 or E4 says otherwise.

import { latestInstantOf } from './consistency.ts'
import { timeMs } from '../util/iso-time.ts'
import type { LicenseRecord, PoolEvidenceKind, ServerPayload, ServerState } from '../types/index.ts'

/** One retained license as the rules read it: times parsed once. */
export interface RecordPoint {
  token: number
  time: string | null
  /** Earliest instant the retain time stands for (ms); -Infinity when unknown. */
  earliestMs: number
  /** Latest instant it stands for (a whole-second time covers its whole second). */
  latestMs: number
  own: number | null
  global: number | null
  balance: number | null
}

/** What one server's answer says about the pool of one product. */
export interface ProductEvidence {
  server: string
  productId: number
  /** The licenses it holds now, oldest first. */
  held: RecordPoint[]
  /** latestMs of the held licenses whose time is known, ascending (E3 counts them by binary search). */
  knownEnds: number[]
  /** E1: some record counted more licenses in the pool than on this server. */
  shared: boolean
  /** E2: some record counted the pool's licenses as this server's alone. */
  alone: boolean
  /** The newest record with a global count and a balance (latest time, then highest token). */
  newest: RecordPoint | null
  /** E5: global + balance of `newest`. */
  poolSize: number | null
  /** allowedCount from License info, when sent. */
  allowed: number | null
  /** E4: License info's license number, when sent. */
  licenseNumber: string | null
}

function isCount(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value) && value >= 0
}

function pointOf(record: LicenseRecord): RecordPoint {
  const ms = record.time === null ? Number.NaN : timeMs(record.time)
  const earliestMs = Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
  return {
    token: record.token,
    time: record.time,
    earliestMs,
    latestMs: latestInstantOf(record.time),
    own: isCount(record.productUsedCount) ? record.productUsedCount : null,
    global: isCount(record.globalProductUsedCount) ? record.globalProductUsedCount : null,
    balance: isCount(record.productBalance) ? record.productBalance : null,
  }
}

/** E1: the record proves licenses held on other servers of its pool. */
export function provesSharing(point: Pick<RecordPoint, 'own' | 'global'>): boolean {
  return point.own !== null && point.global !== null && point.global > point.own
}

/** E2: the record proves the pool was this server's alone at that moment. */
export function provesAlone(point: Pick<RecordPoint, 'own' | 'global'>): boolean {
  return point.own !== null && point.global !== null && point.global === point.own
}

/** Newer first by time, then by token: the record that knows the pool's latest state. */
function newer(a: RecordPoint, b: RecordPoint): boolean {
  return a.earliestMs > b.earliestMs || (a.earliestMs === b.earliestMs && a.token > b.token)
}

/** E1, E2 and E5 for one server and product, from the records it holds now and its License info. */
export function productEvidence(
  server: string,
  productId: number,
  records: readonly LicenseRecord[],
  info: ServerPayload['licenseInfo'],
): ProductEvidence {
  const byToken = new Map<number, RecordPoint>()
  for (const record of records) if (record.productId === productId && !byToken.has(record.token)) byToken.set(record.token, pointOf(record))
  const held = [...byToken.values()].sort((a, b) => a.earliestMs - b.earliestMs || a.token - b.token)
  let newest: RecordPoint | null = null
  for (const point of held) {
    if (point.global === null || point.balance === null) continue
    if (newest === null || newer(point, newest)) newest = point
  }
  return {
    server,
    productId,
    held,
    knownEnds: held
      .filter((point) => point.earliestMs !== Number.NEGATIVE_INFINITY)
      .map((point) => point.latestMs)
      .sort((a, b) => a - b),
    shared: held.some(provesSharing),
    alone: held.some(provesAlone),
    newest,
    poolSize: newest && newest.global !== null && newest.balance !== null ? newest.global + newest.balance : null,
    allowed: allowedIn(info, productId),
    licenseNumber: info?.licenseNumber ?? null,
  }
}

function allowedIn(info: ServerPayload['licenseInfo'], productId: number): number | null {
  const product = info?.products.find((p) => p.id === productId)
  return isCount(product?.allowedCount) ? product.allowedCount : null
}

// Evidence per records array: the poller keeps a server's array while it repeats its answer
// (main/core/poll/unchanged-records.ts), so its evidence (and E3's pair verdicts) outlive the payload object.
// The few values taken from elsewhere are checked on each use.
const cache = new WeakMap<readonly LicenseRecord[], Map<number, ProductEvidence>>()

/** The evidence of one server for one product; null without a payload or for a counts-only server that does not list it. */
export function evidenceOf(state: ServerState, productId: number): ProductEvidence | null {
  const payload = state.payload
  if (!payload) return null
  if (payload.countsOnly && !payload.licenseInfo?.licenseNumber) return null
  let perProduct = cache.get(payload.records)
  if (!perProduct) {
    perProduct = new Map()
    cache.set(payload.records, perProduct)
  }
  let evidence = perProduct.get(productId)
  if (
    !evidence ||
    evidence.server !== state.name ||
    evidence.licenseNumber !== (payload.licenseInfo?.licenseNumber ?? null) ||
    evidence.allowed !== allowedIn(payload.licenseInfo, productId)
  ) {
    evidence = productEvidence(state.name, productId, payload.records, payload.licenseInfo)
    perProduct.set(productId, evidence)
  }
  return evidence
}

/** How many of these sorted retain ends lie before `at` (an earlier whole second): a binary search. */
function endsBefore(ends: ArrayLike<number>, at: number): number {
  let low = 0
  let high = ends.length
  while (low < high) {
    const mid = (low + high) >> 1
    if ((ends[mid] as number) < at) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * E3 over a set of servers: true unless a record of one of them counted fewer
 * licenses on other servers than the rest of the set provably held at that moment.
 * What the others held before a record is what the whole set held before it,
 * less the record's own server: one search in the set's merged ends rather than
 * one per other server, so a pool of many servers costs its licenses x log, not
 * servers x licenses x log (bench:monitor: a fleet of 200 servers read as one pool).
 */
export function fitTogether(members: readonly ProductEvidence[]): boolean {
  const all = members.length > 2 ? mergedEnds(members) : null
  // A server listed twice is not one of its own "others" (the identity test of the pairwise reading).
  const copies = new Map<ProductEvidence, number>()
  for (const member of members) copies.set(member, (copies.get(member) ?? 0) + 1)
  for (const member of members) {
    const times = copies.get(member) ?? 1
    // `held` is in retain order and 4D writes whole seconds: records of one second share one count.
    let countedAt = Number.NaN
    let before = 0
    for (const point of member.held) {
      if (point.own === null || point.global === null || point.earliestMs === Number.NEGATIVE_INFINITY) continue
      if (point.earliestMs !== countedAt) {
        countedAt = point.earliestMs
        before = 0
        if (all !== null) before = endsBefore(all, countedAt) - times * endsBefore(member.knownEnds, countedAt)
        else for (const other of members) if (other !== member) before += endsBefore(other.knownEnds, countedAt)
      }
      if (before > point.global - point.own) return false
    }
  }
  return true
}

/** Every member's retain ends in one ascending list (a typed array sorts numbers without a comparator call each). */
function mergedEnds(members: readonly ProductEvidence[]): Float64Array {
  const all = new Float64Array(members.reduce((sum, member) => sum + member.knownEnds.length, 0))
  let at = 0
  for (const member of members) {
    all.set(member.knownEnds, at)
    at += member.knownEnds.length
  }
  return all.sort()
}

// E3 verdicts per pair of evidence objects: evidence is kept per payload (above), so the rebuilds of one
// cycle recheck only the pairs where a server answered anew.
const pairVerdicts = new WeakMap<ProductEvidence, WeakMap<ProductEvidence, boolean>>()

/** fitTogether([a, b]), remembered for these two evidence objects. */
export function pairFits(a: ProductEvidence, b: ProductEvidence): boolean {
  let verdicts = pairVerdicts.get(a)
  if (!verdicts) {
    verdicts = new WeakMap()
    pairVerdicts.set(a, verdicts)
  }
  let fit = verdicts.get(b)
  if (fit === undefined) {
    fit = fitTogether([a, b])
    verdicts.set(b, fit)
  }
  return fit
}

// E3 verdicts of whole groups, under the group's first member: the last group checked and its verdict. A
// fleet read as one pool (bench:monitor) is one group of every server; its members' evidence is kept while
// they repeat their answers, so most rebuilds find the same group and skip the merge of every retain time.
const groupVerdicts = new WeakMap<ProductEvidence, { members: readonly ProductEvidence[]; fit: boolean }>()

/** fitTogether(members), remembered for the same evidence objects in the same order. */
export function groupFits(members: readonly ProductEvidence[]): boolean {
  const first = members[0]
  if (first === undefined) return true
  const known = groupVerdicts.get(first)
  if (known !== undefined && known.members.length === members.length && known.members.every((member, i) => member === members[i])) {
    return known.fit
  }
  const fit = fitTogether(members)
  groupVerdicts.set(first, { members: [...members], fit })
  return fit
}

/** Why two servers (listed as different machines) draw from one pool, every rule that says so; empty when none does or one says otherwise. */
export function sharedPoolEvidence(a: ProductEvidence, b: ProductEvidence): PoolEvidenceKind[] {
  const kinds = linkEvidence(a, b)
  // E3 last: the costliest rule, and only a link it would make needs it.
  return kinds.length > 0 && fitTogether([a, b]) ? kinds : []
}

/** sharedPoolEvidence without E3: the rules that would link the two (E1 with E5, E4), or none when E4 or allowedCount part them. */
export function linkEvidence(a: ProductEvidence, b: ProductEvidence): PoolEvidenceKind[] {
  if (a.licenseNumber !== null && b.licenseNumber !== null && a.licenseNumber !== b.licenseNumber) return []
  if (a.allowed !== null && b.allowed !== null && a.allowed !== b.allowed) return []
  const kinds: PoolEvidenceKind[] = []
  if (a.shared && b.shared && a.poolSize !== null && a.poolSize === b.poolSize) kinds.push('globalCount')
  if (a.licenseNumber !== null && a.licenseNumber === b.licenseNumber) kinds.push('licenseNumber')
  return kinds
}

// From what each server last said to what the table shows: license usage per
// machine and product. Pure: no I/O, no clock, and the same servers in any
// order give the same rows. The rules are those of 4d-license-domain.md,
// "What the numbers mean together"; choices the document leaves open:
// - utilization is null when the limit is 0 (0/0 means nothing, and Infinity
//   does not survive JSON in the served mode); status 'exhausted' and the
//   "more licenses held" flag say what matters;
// - shares list every server of the machine that has a payload, with 0 when
//   it holds none of the product (it answered, so 0 is a fact); servers that
//   never answered are not listed (their count is unknown, not 0);
// - a row is stale when any server of the machine with a payload is down or
//   stale, because every one of them feeds `used` (a 0 counts too);
// - the same token sent twice by one server is counted once and flagged, as
//   it means the endpoint is misbehaving;
// - when the latest record lacks globalProductUsedCount or productBalance, the
//   limit comes from the latest record that has both (the pool size rarely
//   changes, an older record still knows it);
// - a single 4D Server sends no globalProductUsedCount (4D gives it only when
//   several servers share a machine): on a machine with one configured server,
//   productUsedCount + productBalance of its latest record is the pool, marked
//   'inferred'; with several servers it would be one server's view only.

import { usageStatus } from './status.ts'
import { applyRound } from './consistency.ts'
import { applySharedPools } from './shared-pools.ts'
import { duplicateToken, INFERRED_LIMIT, limitsDiffer, usedCountDiffers, withFlags } from './row-text.ts'
import { heldByMonitorCount, licenseList } from './license-lists.ts'
import { compareText } from './natural-order.ts'
import { productIdsOf, productRecords, uniqueByToken } from './server-records.ts'
import type { LicenseInfoProduct, LicenseRecord, LocalText, MachineUsage, ProductUsage, ServerState } from '../types/index.ts'

/** `rights.count` value that 4D documents as unlimited; an allowedCount this high reads the same. */
export const UNLIMITED_ALLOWED_COUNT = 32767

export const INFERRED_LIMIT_NOTE = INFERRED_LIMIT.text

/** One answering server as the aggregation sees it: records unique by token. */
interface ServerView {
  state: ServerState
  records: LicenseRecord[]
  /** Tokens this server sent more than once, with how many times. */
  duplicates: Map<number, number>
  infoProducts: LicenseInfoProduct[]
  /** The server reports License info counts only (e.g. the Prometheus exporter): its used is its usedCount. */
  countsOnly: boolean
}

/** One server's part in one product row. */
interface ServerPart {
  view: ServerView
  records: LicenseRecord[]
  /** Milliseconds of each record's time, parsed once per aggregation (sorting must not parse dates in every comparison). */
  times: number[]
  info: LicenseInfoProduct | null
}

interface ResolvedLimit {
  limit: number | null
  unlimited: boolean
  source: ProductUsage['limitSource']
  flags: LocalText[]
  note?: LocalText
}

/** The parsed time of a part's record `i`; recordsOf fills both arrays together, so it is always there. */
function timeAt(part: Pick<ServerPart, 'times'>, i: number): number {
  const time = part.times[i]
  if (time === undefined) throw new Error(`no parsed time for license record ${i}`)
  return time
}

/** Breaks a tie between two records of the same time and token. */
type TieBreak = (a: LicenseRecord, aServer: string, b: LicenseRecord, bServer: string) => number

/**
 * The most recent record that `keep` accepts (latest time, then highest token,
 * then `tieBreak`), in one pass over the parts with their parsed times: a sort
 * would be n log n for one answer, and bench:poll measures this path.
 */
function latestRecord(parts: ServerPart[], keep: (record: LicenseRecord) => boolean, tieBreak: TieBreak): LicenseRecord | undefined {
  let best: LicenseRecord | undefined
  let bestTime = 0
  let bestServer = ''
  for (const part of parts) {
    const server = part.view.state.name
    let i = 0
    for (const record of part.records) {
      const index = i++
      if (!keep(record)) continue
      const time = timeAt(part, index)
      const newer = best === undefined ? -1 : bestTime - time || best.token - record.token || tieBreak(record, server, best, bestServer)
      if (newer < 0) {
        best = record
        bestTime = time
        bestServer = server
      }
    }
  }
  return best
}

function isCount(value: number | null): value is number {
  return value !== null && Number.isFinite(value) && value >= 0
}

/** License usage per machine and product, machines by name, products by name then id; rows of pools shared beyond a machine rated as the pool (shared-pools.ts). */
export function aggregate(servers: readonly ServerState[]): MachineUsage[] {
  return applySharedPools(
    groupByMachine(servers).map(([machine, states]) => machineUsage(machine, states)),
    servers,
  )
}

/**
 * The servers of each machine, machines by name and servers by name then id:
 * the order `aggregate` gives its rows. Exported for the monitor, which
 * recomputes only the machines whose servers changed (main/core/poll/machine-cache.ts).
 */
export function groupByMachine(servers: readonly ServerState[]): [machine: string, states: ServerState[]][] {
  const sorted = [...servers].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id))
  const byMachine = new Map<string, ServerState[]>()
  for (const server of sorted) {
    const group = byMachine.get(server.machine)
    if (group) group.push(server)
    else byMachine.set(server.machine, [server])
  }
  return [...byMachine].sort(([a], [b]) => compareText(a, b))
}

/** One machine's rows from its servers (in groupByMachine's order); what `aggregate` does for each machine. */
export function machineUsage(machine: string, states: ServerState[]): MachineUsage {
  const alone = states.length === 1
  const views = states.flatMap((state) => (state.payload ? [serverView(state)] : []))
  const productIds = new Set<number>()
  for (const view of views) {
    for (const productId of productIdsOf(view.records)) productIds.add(productId)
    for (const product of view.infoProducts) productIds.add(product.id)
  }
  const products = [...productIds]
    .map((productId) => productUsage(productId, views, alone))
    .sort((a, b) => compareText(a.productName, b.productName) || a.productId - b.productId)
  // Last: whether the servers were read as one round decides what the rows may claim (consistency.ts).
  return applyRound({ machine, servers: states.map((state) => state.name), products }, states)
}

function serverView(state: ServerState): ServerView {
  // Kept per records array: a server that repeated its answer costs nothing new here (server-records.ts).
  const { records, duplicates } = uniqueByToken(state.payload?.records ?? [])
  return {
    state,
    records,
    duplicates,
    infoProducts: state.payload?.licenseInfo?.products ?? [],
    countsOnly: state.payload?.countsOnly === true,
  }
}

function productUsage(productId: number, views: ServerView[], alone: boolean): ProductUsage {
  const parts: ServerPart[] = views
    .map((view) => ({ view, ...recordsOf(view, productId), info: view.infoProducts.find((product) => product.id === productId) ?? null }))
    // A counts-only server says nothing about the products it does not list: its count there is unknown, not 0.
    .filter((part) => !part.view.countsOnly || part.info !== null)
  const used = parts.reduce((sum, part) => sum + partUsed(part), 0)
  const resolved = resolveLimit(parts, alone)
  const licenses = licenseList(
    parts.map(({ view, records, times }) => ({
      server: view.state.name,
      records,
      times,
      monitorTokens: view.state.payload?.monitorTokens,
    })),
  )
  const heldByMonitor = heldByMonitorCount(licenses)
  const { limit, unlimited } = resolved
  const known = !unlimited && limit !== null
  return {
    productId,
    productName: productName(productId, parts),
    used,
    limit: known ? limit : null,
    remaining: known ? limit - used : null,
    utilization: known && limit > 0 ? used / limit : null,
    unlimited,
    limitSource: resolved.source,
    ...(resolved.note ? { limitNote: resolved.note.text, limitNoteMessage: resolved.note.message } : {}),
    ...(heldByMonitor > 0 ? { heldByMonitor } : {}),
    status: usageStatus(used, known ? limit : null, unlimited),
    shares: parts.map((part) => ({ server: part.view.state.name, used: partUsed(part) })),
    ...withFlags({ flags: [] }, [...resolved.flags, ...usedCountFlags(parts), ...duplicateFlags(parts)]),
    stale: parts.some((part) => part.view.state.status === 'down' || part.view.state.status === 'stale'),
    licenses,
    ...detailOf(parts),
  }
}

/** A server's records of one product, with their times parsed once (and kept per records array). */
function recordsOf(view: ServerView, productId: number): Pick<ServerPart, 'records' | 'times'> {
  return productRecords(view.records, productId)
}

/** Records count for a server that sends them; a counts-only server's own usedCount otherwise. */
function partUsed(part: ServerPart): number {
  if (!part.view.countsOnly) return part.records.length
  return part.info && isCount(part.info.usedCount) ? part.info.usedCount : 0
}

/** Tells the table when some or all of a row's licenses cannot be listed one by one. */
function detailOf(parts: ServerPart[]): Pick<ProductUsage, 'detail'> {
  const countsOnly = parts.filter((part) => part.view.countsOnly).length
  if (countsOnly === 0) return {}
  return { detail: countsOnly === parts.length ? 'none' : 'partial' }
}

/** License info wins; then the latest record's own view of the pool; then, alone on its machine, a server's own count; else unknown. */
function resolveLimit(parts: ServerPart[], alone: boolean): ResolvedLimit {
  return (
    limitFromLicenseInfo(parts) ??
    limitFromRecords(parts) ??
    (alone ? limitFromOwnCount(parts) : null) ?? { limit: null, unlimited: false, source: 'unknown', flags: [] }
  )
}

/** allowedCount; else the sum of the rights' counts (any one unlimited makes the product unlimited). */
function allowedOf(info: LicenseInfoProduct | null): number | null {
  if (!info) return null
  if (isCount(info.allowedCount)) return Math.min(info.allowedCount, UNLIMITED_ALLOWED_COUNT)
  const counts = (info.rights ?? []).filter(isCount)
  if (counts.length === 0) return null
  if (counts.some((count) => count >= UNLIMITED_ALLOWED_COUNT)) return UNLIMITED_ALLOWED_COUNT
  return Math.min(
    counts.reduce((sum, count) => sum + count, 0),
    UNLIMITED_ALLOWED_COUNT,
  )
}

function limitFromLicenseInfo(parts: ServerPart[]): ResolvedLimit | null {
  const reports = parts.flatMap((part) => {
    const allowed = allowedOf(part.info)
    return allowed === null ? [] : [{ server: part.view.state.name, allowed }]
  })
  if (reports.length === 0) return null
  // The highest: a server that sees a smaller pool is more likely behind (e.g. not yet restarted after a license upgrade).
  const highest = Math.max(...reports.map((report) => report.allowed))
  const flags: LocalText[] = []
  if (new Set(reports.map((report) => report.allowed)).size > 1) flags.push(limitsDiffer(reports, highest, UNLIMITED_ALLOWED_COUNT))
  if (highest === UNLIMITED_ALLOWED_COUNT) return { limit: null, unlimited: true, source: 'licenseInfo', flags }
  return { limit: highest, unlimited: false, source: 'licenseInfo', flags }
}

function limitFromRecords(parts: ServerPart[]): ResolvedLimit | null {
  const latest = latestRecord(
    parts,
    (record) => isCount(record.globalProductUsedCount) && isCount(record.productBalance),
    (_a, aServer, _b, bServer) => compareText(aServer, bServer),
  )
  if (!latest) return null
  const limit = (latest.globalProductUsedCount ?? 0) + (latest.productBalance ?? 0)
  return { limit, unlimited: false, source: 'records', flags: [] }
}

/** A single server's records: its own count is the machine's, so used + balance of the latest one is the pool. */
function limitFromOwnCount(parts: ServerPart[]): ResolvedLimit | null {
  const latest = latestRecord(
    parts,
    (record) => isCount(record.productUsedCount) && isCount(record.productBalance),
    (_a, aServer, _b, bServer) => compareText(aServer, bServer),
  )
  if (!latest) return null
  const limit = (latest.productUsedCount ?? 0) + (latest.productBalance ?? 0)
  return { limit, unlimited: false, source: 'inferred', flags: [], note: INFERRED_LIMIT }
}

/** The name the most recent record uses, else the one License info uses. */
function productName(productId: number, parts: ServerPart[]): string {
  const fromRecords = latestRecord(
    parts,
    (record) => record.productName.trim() !== '',
    (a, _aServer, b) => compareText(a.productName, b.productName),
  )?.productName
  const fromInfo = parts.find((part) => part.info && part.info.name.trim() !== '')?.info?.name
  return fromRecords ?? fromInfo ?? `Product ${productId}`
}

function usedCountFlags(parts: ServerPart[]): LocalText[] {
  return parts.flatMap(({ view, records, info }) =>
    !view.countsOnly && info && isCount(info.usedCount) && info.usedCount !== records.length
      ? [usedCountDiffers(view.state.name, info.usedCount, records.length)]
      : [],
  )
}

function duplicateFlags(parts: ServerPart[]): LocalText[] {
  return parts.flatMap(({ view, records }) =>
    records
      .filter((record) => view.duplicates.has(record.token))
      .sort((a, b) => a.token - b.token)
      .map((record) => duplicateToken(view.state.name, record.token, view.duplicates.get(record.token) ?? 2)),
  )
}

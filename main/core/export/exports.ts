// The four exports an admin can take (issue 4): what each row is and which
// columns it becomes. Row types are plain data so the history store, the
// live snapshot and tests can all produce them. Headers are English and
// name no secret: there is no column for tokens of servers, passwords or
// keys, so nothing can leak. The 4D license `token` (the id of a retain
// operation, public in `License usage`) is exported as "Retain id" so the
// word cannot be mistaken for a credential.

import { STATUS_LABEL } from '../usage/status.ts'
import type { HoldingEndReason, HoldingStartSource, Snapshot, UsageStatus } from '../types/index.ts'
import type { CsvCell, CsvColumn } from './format.ts'

export type ExportKind = 'usage' | 'licenses' | 'history' | 'holdings'
export const EXPORT_KINDS: readonly ExportKind[] = ['usage', 'licenses', 'history', 'holdings']

/** An instant: epoch ms, a Date, or ISO 8601 text with an offset. */
export type TimeValue = number | Date | string

/** Latest usage of one product on one machine. */
export interface UsageRow {
  time: TimeValue
  machine: string
  productId: number
  productName: string
  used: number
  /** null when unknown or unlimited. */
  limit: number | null
  remaining: number | null
  /** used / limit as a ratio (0.8 = 80 %); null when the limit is unknown or unlimited. */
  utilization: number | null
  status: UsageStatus
  stale: boolean
  /** When a stale row stopped being answered (first stale poll); null when current or not known. */
  staleSince: TimeValue | null
}

/** One license held at the latest poll. */
export interface LicenseRow {
  time: TimeValue
  machine: string
  server: string
  productId: number
  productName: string
  /** The 4D retain token of the license (not a credential). */
  token: number
  userName: string | null
  sessionType: string | null
  clientMachine: string | null
  ipAddress: string | null
  state: string | null
  hostType: string | null
  since: TimeValue | null
}

/** Usage of one product on one machine over one period of the chosen granularity. */
export interface HistoryRow {
  periodStart: TimeValue
  machine: string
  productId: number
  productName: string
  minUsed: number
  avgUsed: number
  maxUsed: number
  limit: number | null
  peakUsed: number
  /** When the peak was first reached in the period. */
  peakAt: TimeValue | null
  /** Share (0..1) of the period covered by answered polls; null when not known (rollups from older versions). */
  coverage: number | null
}

/** Why a holding ended (see HoldingEndReason), or 'still-held'. */
export type HoldingEnd = HoldingEndReason | 'still-held'

/** One license held by one session from `from` to `to`. */
export interface HoldingRow {
  machine: string
  server: string
  productId: number
  productName: string
  /** The 4D retain token (not a credential); with the server and `from`, what tells one retain from another. */
  token?: number | null
  userName: string | null
  sessionType: string | null
  clientMachine: string | null
  ipAddress: string | null
  from: TimeValue
  /** Absent: unknown (exported as an empty cell). */
  fromSource?: HoldingStartSource
  /** null while still held; for 'unknown', the last time the server was seen answering. */
  to: TimeValue | null
  endReason: HoldingEnd
}

const END_REASON_LABEL: Readonly<Record<HoldingEnd, string>> = Object.freeze({
  released: 'released',
  'still-held': 'still held',
  unknown: 'unknown (server unreachable)',
  'server-restarted': 'server restarted',
  replaced: 'replaced (token taken by another session)',
})

const FROM_SOURCE_LABEL: Readonly<Record<HoldingStartSource, string>> = Object.freeze({
  'retain-time': 'retain time',
  'first-poll': 'first poll',
})

/** A time column pair: ISO 8601 in UTC, then the same instant as local wall-clock time in a named zone. */
function timeColumns<R>(header: string, value: (row: R) => CsvCell): CsvColumn<R>[] {
  return [
    { header, kind: 'timestamp', value },
    { header, kind: 'local-time', value },
  ]
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no'
}

function epochMs(time: TimeValue): number {
  return typeof time === 'number' ? time : time instanceof Date ? time.getTime() : Date.parse(time)
}

export function usageColumns(): CsvColumn<UsageRow>[] {
  return [
    ...timeColumns<UsageRow>('Time', (row) => row.time),
    { header: 'Machine', kind: 'text', value: (row) => row.machine },
    { header: 'Product id', kind: 'integer', value: (row) => row.productId },
    { header: 'Product', kind: 'text', value: (row) => row.productName },
    { header: 'Used', kind: 'integer', value: (row) => row.used },
    { header: 'Limit', kind: 'integer', value: (row) => row.limit },
    { header: 'Remaining', kind: 'integer', value: (row) => row.remaining },
    { header: 'Utilization %', kind: 'decimal', digits: 1, value: (row) => (row.utilization === null ? null : row.utilization * 100) },
    { header: 'Status', kind: 'text', value: (row) => STATUS_LABEL[row.status] },
    { header: 'Stale', kind: 'text', value: (row) => yesNo(row.stale) },
    ...timeColumns<UsageRow>('Stale since', (row) => row.staleSince),
  ]
}

/** Who held a license, where and which retain: the same columns in the licenses and the holdings exports. */
function holderColumns<T extends LicenseRow | HoldingRow>(): CsvColumn<T>[] {
  return [
    { header: 'Machine', kind: 'text', value: (row) => row.machine },
    { header: 'Server', kind: 'text', value: (row) => row.server },
    { header: 'Product id', kind: 'integer', value: (row) => row.productId },
    { header: 'Product', kind: 'text', value: (row) => row.productName },
    { header: 'Retain id', kind: 'integer', value: (row) => row.token },
    { header: 'User', kind: 'text', value: (row) => row.userName },
    { header: 'Session type', kind: 'text', value: (row) => row.sessionType },
    { header: 'Client machine', kind: 'text', value: (row) => row.clientMachine },
    { header: 'IP address', kind: 'text', value: (row) => row.ipAddress },
  ]
}

export function licenseColumns(): CsvColumn<LicenseRow>[] {
  return [
    ...timeColumns<LicenseRow>('Time', (row) => row.time),
    ...holderColumns<LicenseRow>(),
    { header: 'State', kind: 'text', value: (row) => row.state },
    { header: 'Host type', kind: 'text', value: (row) => row.hostType },
    ...timeColumns<LicenseRow>('Held since', (row) => row.since),
  ]
}

export function historyColumns(): CsvColumn<HistoryRow>[] {
  return [
    ...timeColumns<HistoryRow>('Period start', (row) => row.periodStart),
    { header: 'Machine', kind: 'text', value: (row) => row.machine },
    { header: 'Product id', kind: 'integer', value: (row) => row.productId },
    { header: 'Product', kind: 'text', value: (row) => row.productName },
    { header: 'Min used', kind: 'integer', value: (row) => row.minUsed },
    { header: 'Avg used', kind: 'decimal', digits: 2, value: (row) => row.avgUsed },
    { header: 'Max used', kind: 'integer', value: (row) => row.maxUsed },
    { header: 'Limit', kind: 'integer', value: (row) => row.limit },
    { header: 'Peak used', kind: 'integer', value: (row) => row.peakUsed },
    ...timeColumns<HistoryRow>('Peak time', (row) => row.peakAt),
    { header: 'Coverage %', kind: 'decimal', digits: 1, value: (row) => (row.coverage === null ? null : row.coverage * 100) },
    // Part of the period had no answered poll (server down, or the monitor not running): its figures speak for the rest only.
    { header: 'Stale', kind: 'text', value: (row) => (row.coverage === null ? null : yesNo(row.coverage < 1)) },
  ]
}

/**
 * Columns of the holdings export. A holding still held at export time has
 * no end, and its duration runs to `asOf` (the export's own time).
 */
export function holdingColumns(asOf: TimeValue): CsvColumn<HoldingRow>[] {
  const asOfMs = epochMs(asOf)
  const durationMinutes = (row: HoldingRow): number | null => {
    const minutes = ((row.to === null ? asOfMs : epochMs(row.to)) - epochMs(row.from)) / 60_000
    return Number.isFinite(minutes) && minutes >= 0 ? minutes : null
  }
  return [
    ...holderColumns<HoldingRow>(),
    ...timeColumns<HoldingRow>('From', (row) => row.from),
    { header: 'From given by', kind: 'text', value: (row) => (row.fromSource === undefined ? null : FROM_SOURCE_LABEL[row.fromSource]) },
    ...timeColumns<HoldingRow>('To', (row) => row.to),
    { header: 'Duration (minutes)', kind: 'decimal', digits: 1, value: durationMinutes },
    { header: 'End reason', kind: 'text', value: (row) => END_REASON_LABEL[row.endReason] },
  ]
}

/** When a machine's servers last answered (the newest of them); null when none ever did. */
function lastAnswerOf(snapshot: Snapshot, servers: readonly string[]): string | null {
  const times = snapshot.servers.flatMap((server) =>
    servers.includes(server.name) && server.lastSuccessAt !== null ? [server.lastSuccessAt] : [],
  )
  return times.sort().at(-1) ?? null
}

/**
 * Latest usage per machine and product, straight from the live snapshot. A
 * stale row is dated by its servers' last answer (the numbers are from then),
 * not by the snapshot; when it turned stale the snapshot does not say.
 */
export function usageRowsFromSnapshot(snapshot: Snapshot): UsageRow[] {
  return snapshot.machines.flatMap((machine) =>
    machine.products.map((product) => ({
      time: product.stale ? (lastAnswerOf(snapshot, machine.servers) ?? snapshot.generatedAt) : snapshot.generatedAt,
      staleSince: null,
      machine: machine.machine,
      productId: product.productId,
      productName: product.productName,
      used: product.used,
      limit: product.limit,
      remaining: product.remaining,
      utilization: product.utilization,
      status: product.status,
      stale: product.stale,
    })),
  )
}

/** The licenses held in the live snapshot, one row each. */
export function licenseRowsFromSnapshot(snapshot: Snapshot): LicenseRow[] {
  return snapshot.machines.flatMap((machine) =>
    machine.products.flatMap((product) =>
      product.licenses.map((license) => ({
        time: snapshot.generatedAt,
        machine: machine.machine,
        server: license.server,
        productId: product.productId,
        productName: product.productName,
        token: license.token,
        userName: license.userName,
        sessionType: license.sessionType,
        clientMachine: license.clientMachine,
        ipAddress: license.ipAddress,
        state: license.state,
        hostType: license.hostType,
        since: license.since,
      })),
    ),
  )
}

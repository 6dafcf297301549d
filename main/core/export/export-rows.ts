// History query rows -> the CSV export rows and columns of main/core/export.
// Everything is a lazy iterable: the writer pulls rows as it streams.
import type { DatabaseSync } from 'node:sqlite'
import {
  historyColumns,
  holdingColumns,
  licenseColumns,
  usageColumns,
  type ExportKind,
  type HistoryRow,
  type HoldingRow,
  type LicenseRow,
  type UsageRow,
} from './exports.ts'
import type { CsvColumn } from './writer.ts'
import type { Granularity } from '../history/periods.ts'
import { currentLicenses, holdingsInRange, lastRecordAt, latestUsage, usageOverRange } from '../history/queries.ts'
import type { UsageStatus } from '../types/index.ts'

export interface ExportRange {
  from: number
  to: number
  granularity: Granularity
  /** Zone whose hours and days the history's periods follow: the export's local-time zone (default: this system's). */
  timeZone?: string
}

/** Column set and rows of one export; `R` is erased because the four kinds differ. */
export interface ExportPlan {
  columns: readonly CsvColumn<never>[]
  rows: Iterable<never>
}

export function exportPlan(db: DatabaseSync, kind: ExportKind, range: ExportRange): ExportPlan {
  switch (kind) {
    case 'usage':
      return plan(usageColumns(), usageRows(db))
    case 'licenses':
      return plan(licenseColumns(), licenseRows(db))
    case 'history':
      return plan(historyColumns(), historyRows(db, range))
    case 'holdings':
      // Open holdings run to the last recorded poll, not to the export time: that is as far as the history knows.
      return plan(holdingColumns(lastRecordAt(db) ?? Date.now()), holdingRows(db, range))
  }
}

function plan<R>(columns: CsvColumn<R>[], rows: Iterable<R>): ExportPlan {
  return { columns: columns as unknown as CsvColumn<never>[], rows: rows as Iterable<never> }
}

export function* usageRows(db: DatabaseSync): Generator<UsageRow> {
  for (const row of latestUsage(db)) {
    yield {
      // A stale row is dated by the answer it shows, not by the poll that found nobody answering.
      time: row.answeredAt ?? row.at,
      machine: row.machine,
      productId: row.productId,
      productName: row.productName,
      used: row.used,
      limit: row.limit,
      remaining: row.remaining,
      utilization: row.limit !== null && row.limit > 0 ? row.used / row.limit : null,
      status: row.status as UsageStatus,
      stale: row.stale,
      staleSince: row.staleSince,
    }
  }
}

export function* licenseRows(db: DatabaseSync): Generator<LicenseRow> {
  const time = lastRecordAt(db) ?? Date.now()
  for (const row of currentLicenses(db)) {
    yield {
      time,
      machine: row.machine,
      server: row.server,
      productId: row.productId,
      productName: row.productName,
      token: row.token,
      userName: row.userName,
      sessionType: row.sessionType,
      clientMachine: row.clientMachine,
      ipAddress: row.ipAddress,
      state: row.state,
      hostType: row.hostType,
      since: row.start,
    }
  }
}

export function* historyRows(db: DatabaseSync, range: ExportRange): Generator<HistoryRow> {
  for (const row of usageOverRange(db, range)) {
    yield {
      periodStart: row.periodStart,
      machine: row.machine,
      productId: row.productId,
      productName: row.productName,
      minUsed: row.min,
      avgUsed: row.avg,
      maxUsed: row.peak,
      limit: row.limit,
      peakUsed: row.peak,
      peakAt: row.peakAt,
      coverage: row.coverage,
    }
  }
}

export function* holdingRows(db: DatabaseSync, range: ExportRange): Generator<HoldingRow> {
  for (const row of holdingsInRange(db, range.from, range.to)) {
    yield {
      machine: row.machine,
      server: row.server,
      productId: row.productId,
      productName: row.productName,
      token: row.token,
      userName: row.userName,
      sessionType: row.sessionType,
      clientMachine: row.clientMachine,
      ipAddress: row.ipAddress,
      from: row.start,
      fromSource: row.startSource,
      to: row.end,
      endReason: row.endReason ?? 'still-held',
    }
  }
}

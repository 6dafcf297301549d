// CSV exports of the capacity figures (issue 14): per day, per user, per
// client machine, per group. Columns only: the writer and the cell rules
// (RFC 4180, formula-injection guard, locale, BOM, temp file + rename) are
// the ones every other export uses, in main/core/export/.
import type { DatabaseSync } from 'node:sqlite'
import { writeCsvFile, type CsvColumn, type CsvOptions, type CsvWriteResult } from '../export/writer.ts'
import type { CapacityReport, CapacitySettings, CsvExportKind, DailyPeak, HolderUsage } from '../types/index.ts'
import { capacityReport, capacityUsers, isoDate } from './capacity.ts'

export type CapacityCsvKind = 'days' | 'users' | 'clients' | 'groups'
export const CAPACITY_CSV_KINDS: readonly CapacityCsvKind[] = ['days', 'users', 'clients', 'groups']

/** The same exports as kinds of the app's exportCsv call and the served download. */
export type CapacityExportKind = `capacity-${CapacityCsvKind}` & CsvExportKind
export const CAPACITY_EXPORT_KINDS: readonly CapacityExportKind[] = [
  'capacity-days',
  'capacity-users',
  'capacity-clients',
  'capacity-groups',
]

export function isCapacityExportKind(kind: string): kind is CapacityExportKind {
  return (CAPACITY_EXPORT_KINDS as readonly string[]).includes(kind)
}

interface PairCells {
  machine: string
  productId: number
  productName: string
}

export type DayRow = PairCells & DailyPeak
export type HolderRow = PairCells & HolderUsage

const pairColumns = <R extends PairCells>(): CsvColumn<R>[] => [
  { header: 'Machine', kind: 'text', value: (r) => r.machine },
  { header: 'Product ID', kind: 'integer', value: (r) => r.productId },
  { header: 'Product', kind: 'text', value: (r) => r.productName },
]

export const DAY_COLUMNS: readonly CsvColumn<DayRow>[] = [
  ...pairColumns<DayRow>(),
  // The local day as a date: the day the history grouped by, in this machine's zone.
  { header: 'Day', kind: 'text', value: (r) => isoDate(r.day) },
  { header: 'Daily peak', kind: 'integer', value: (r) => r.peak },
  { header: 'Peak time', kind: 'timestamp', value: (r) => r.peakAt },
  { header: 'Limit', kind: 'integer', value: (r) => r.limit },
  { header: 'Peak / limit', kind: 'decimal', digits: 3, value: (r) => (r.limit ? r.peak / r.limit : null) },
]

function holderColumns(keyHeader: string): CsvColumn<HolderRow>[] {
  return [
    ...pairColumns<HolderRow>(),
    { header: keyHeader, kind: 'text', value: (r) => r.key },
    { header: 'License-hours', kind: 'decimal', digits: 2, value: (r) => r.licenseHours },
    { header: 'Peak concurrent licenses', kind: 'integer', value: (r) => r.peakConcurrent },
    { header: 'First seen', kind: 'timestamp', value: (r) => r.firstSeen },
    { header: 'Last seen', kind: 'timestamp', value: (r) => r.lastSeen },
    { header: 'Holdings', kind: 'integer', value: (r) => r.holdings },
  ]
}

/** Columns and rows of one capacity export over the report's pairs and period; rows are produced lazily. */
export function capacityCsvPlan(
  db: DatabaseSync,
  kind: CapacityCsvKind,
  report: CapacityReport,
  settings: CapacitySettings,
):
  | { columns: readonly CsvColumn<DayRow>[]; rows: Iterable<DayRow> }
  | { columns: readonly CsvColumn<HolderRow>[]; rows: Iterable<HolderRow> } {
  if (kind === 'days') {
    return {
      columns: DAY_COLUMNS,
      rows: report.pairs.flatMap((p) =>
        p.dailyPeaks.map((d) => ({ machine: p.machine, productId: p.productId, productName: p.productName, ...d })),
      ),
    }
  }
  const header = kind === 'users' ? 'User' : kind === 'clients' ? 'Client machine' : 'Group'
  function* rows(): Generator<HolderRow> {
    for (const p of report.pairs) {
      const users = capacityUsers(db, { machine: p.machine, productId: p.productId, from: report.from, to: report.to }, settings)
      const list = kind === 'users' ? users.byUser : kind === 'clients' ? users.byClientMachine : users.byGroup
      for (const holder of list) yield { machine: p.machine, productId: p.productId, productName: p.productName, ...holder }
    }
  }
  return { columns: holderColumns(header), rows: rows() }
}

/**
 * One capacity export over a period, every machine and product (or one), written through the
 * atomic CSV writer: `npm run capacity -- --csv`, the exportCsv call and the served download
 * all end here, so they give the same rows.
 */
export function writeCapacityCsv(
  db: DatabaseSync,
  request: { kind: CapacityCsvKind; from: number; to: number; machine?: string; productId?: number; settings: CapacitySettings },
  outPath: string,
  csv: CsvOptions,
): Promise<CsvWriteResult> {
  const report = capacityReport(db, { ...request, now: request.to })
  const plan = capacityCsvPlan(db, request.kind, report, request.settings)
  return writeCsvFile(outPath, plan.columns as readonly CsvColumn<unknown>[], plan.rows as Iterable<unknown>, csv)
}

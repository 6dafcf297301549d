// One export from the history: the plan of main/export (the same rows and
// columns as `npm run export`) through the atomic writer to a file (the
// Electron save dialog, the CLI), or as a stream read from the query's cursor
// (the served download). The capacity kinds go to the capacity export (the
// rows of `npm run capacity -- --csv`), which needs the capacity settings for
// its user groups.
import type { DatabaseSync } from 'node:sqlite'
import type { Readable } from 'node:stream'
import { csvStream, resolveCsvFormat, writeCsvFile, type CsvColumn, type CsvWriteResult } from './writer.ts'
import { exportPlan } from './export-rows.ts'
import type { ExportJob } from './export-request.ts'
import { capacityCsvPlan, isCapacityExportKind, writeCapacityCsv, type CapacityCsvKind } from '../capacity/capacity-csv.ts'
import { capacityReport } from '../capacity/capacity.ts'
import { DEFAULT_CAPACITY_SETTINGS } from '../capacity/capacity-settings.ts'
import type { CapacitySettings } from '../types/index.ts'

export function writeExportFile(
  db: DatabaseSync,
  job: ExportJob,
  outPath: string,
  capacitySettings: CapacitySettings = DEFAULT_CAPACITY_SETTINGS,
): Promise<CsvWriteResult> {
  if (isCapacityExportKind(job.kind)) {
    const kind = job.kind.slice('capacity-'.length) as CapacityCsvKind
    return writeCapacityCsv(db, { kind, from: job.from, to: job.to, settings: capacitySettings }, outPath, job.csv)
  }
  // Periods follow the zone the local-time columns are written in, so a day row is that zone's day.
  const { columns, rows } = exportPlan(db, job.kind, { ...job, timeZone: resolveCsvFormat(job.csv).timeZone })
  return writeCsvFile(outPath, columns, rows, job.csv)
}

/** The export as CSV text, its rows pulled from the query's cursor as the stream is read. */
export function streamExport(
  db: DatabaseSync,
  job: ExportJob,
  capacitySettings: CapacitySettings = DEFAULT_CAPACITY_SETTINGS,
): { stream: Readable; counter: { rows: number } } {
  if (isCapacityExportKind(job.kind)) {
    const kind = job.kind.slice('capacity-'.length) as CapacityCsvKind
    const report = capacityReport(db, { from: job.from, to: job.to, now: job.to, settings: capacitySettings })
    const plan = capacityCsvPlan(db, kind, report, capacitySettings)
    return csvStream(plan.columns as readonly CsvColumn<unknown>[], plan.rows as Iterable<unknown>, job.csv)
  }
  const { columns, rows } = exportPlan(db, job.kind, { ...job, timeZone: resolveCsvFormat(job.csv).timeZone })
  return csvStream(columns, rows, job.csv)
}

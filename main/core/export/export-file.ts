// One export from the history to a CSV file: the plan of main/export (the
// same rows and columns as `npm run export`) through the atomic writer. The
// served download and the Electron save dialog both end here. The capacity
// kinds go to the capacity export (the rows of `npm run capacity -- --csv`),
// which needs the capacity settings for its user groups.
import type { DatabaseSync } from 'node:sqlite'
import { resolveCsvFormat, writeCsvFile, type CsvWriteResult } from './writer.ts'
import { exportPlan } from './export-rows.ts'
import type { ExportJob } from './export-request.ts'
import { isCapacityExportKind, writeCapacityCsv, type CapacityCsvKind } from '../capacity/capacity-csv.ts'
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

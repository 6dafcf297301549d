// One export from the history to a CSV file: the plan of main/export (the
// same rows and columns as `npm run export`) through the atomic writer. The
// served download and the Electron save dialog both end here.
import type { DatabaseSync } from 'node:sqlite'
import { resolveCsvFormat, writeCsvFile, type CsvWriteResult } from './writer.ts'
import { exportPlan } from './export-rows.ts'
import type { ExportJob } from './export-request.ts'

export function writeExportFile(db: DatabaseSync, job: ExportJob, outPath: string): Promise<CsvWriteResult> {
  // Periods follow the zone the local-time columns are written in, so a day row is that zone's day.
  const { columns, rows } = exportPlan(db, job.kind, { ...job, timeZone: resolveCsvFormat(job.csv).timeZone })
  return writeCsvFile(outPath, columns, rows, job.csv)
}

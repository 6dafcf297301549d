// One export from the history: the plan of main/export (the same rows and
// columns as `npm run export`) through the atomic writer to a file (the
// Electron save dialog, the CLI), or as a stream read from the query's cursor
// (the served download).
import type { DatabaseSync } from 'node:sqlite'
import type { Readable } from 'node:stream'
import { csvStream, writeCsvFile, type CsvWriteResult } from './writer.ts'
import { exportPlan } from './export-rows.ts'
import type { ExportJob } from './export-request.ts'

export function writeExportFile(db: DatabaseSync, job: ExportJob, outPath: string): Promise<CsvWriteResult> {
  const { columns, rows } = exportPlan(db, job.kind, job)
  return writeCsvFile(outPath, columns, rows, job.csv)
}

/** The export as CSV text, its rows pulled from the query's cursor as the stream is read. */
export function streamExport(db: DatabaseSync, job: ExportJob): { stream: Readable; counter: { rows: number } } {
  const { columns, rows } = exportPlan(db, job.kind, job)
  return csvStream(columns, rows, job.csv)
}

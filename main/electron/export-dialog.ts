// The Electron side of a CSV export: ask where to save (Downloads and a dated
// name proposed), then write through the same atomic writer as every export.
// Used by the exportCsv call and by the tray's "Export usage CSV…".
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron'
import type { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { writeExportFile } from '../core/export/export-file.ts'
import { exportFileName, parseExportRequest, type ExportJob } from '../core/export/export-request.ts'
import type { CapacitySettings, ExportCsvOutcome } from '../core/types/index.ts'
import { errorSentence } from '../core/util/errors.ts'
import { dialogTitle } from './dialog-text.ts'
import { sayEnglish, type Say } from './tray-text.ts'

export interface ExportDialogOptions {
  db: DatabaseSync
  /** The window the dialog belongs to (modal on it); none for the tray. */
  window?: () => BrowserWindow | null
  now?: () => number
  /** The saved capacity settings (user groups for the capacity exports), read at each export. */
  capacitySettings?: () => CapacitySettings
  /** The dialog's words in the user's language (the desktop language); English when absent. */
  say?: Say
}

export type SaveExport = (job: ExportJob) => Promise<ExportCsvOutcome>

export function createSaveExport(options: ExportDialogOptions): SaveExport {
  const now = options.now ?? Date.now
  return async (job) => {
    const dialogOptions: SaveDialogOptions = {
      title: dialogTitle(options.say ?? sayEnglish, 'exportCsv'),
      defaultPath: join(app.getPath('downloads'), exportFileName(job.kind, now())),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    }
    const parent = options.window?.() ?? null
    const choice = parent ? await dialog.showSaveDialog(parent, dialogOptions) : await dialog.showSaveDialog(dialogOptions)
    if (choice.canceled || !choice.filePath) return { status: 'cancelled' }
    const written = await writeExportFile(options.db, job, choice.filePath, options.capacitySettings?.())
    return { status: 'saved', path: choice.filePath, rows: written.rows }
  }
}

/**
 * The tray's "Export usage CSV…": latest usage in the system's locale, its column names in the
 * system's language as the tray speaks it (scripts take the CLI, English by default); a failure
 * is shown, never thrown.
 */
export async function exportUsageFromTray(
  saveExport: SaveExport,
  now: () => number = Date.now,
  say: Say = sayEnglish,
): Promise<ExportCsvOutcome | null> {
  const parsed = parseExportRequest({ kind: 'usage', locale: app.getLocale() || undefined, headerLanguage: 'locale' }, now())
  try {
    if (!parsed.ok) throw new Error(parsed.error)
    return await saveExport(parsed.job)
  } catch (error) {
    dialog.showErrorBox(dialogTitle(say, 'usageExportFailed'), errorSentence(error))
    return null
  }
}

// The Electron side of the monthly capacity report: ask where to save (Downloads
// and capacity-report-YYYY-MM.pdf proposed), print the page core built
// (main/core/capacity/monthly-report.ts, the same page `npm run report`
// prints) in a hidden window with printToPDF, and write the PDF atomically.
import { app, BrowserWindow, dialog, type SaveDialogOptions } from 'electron'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SaveReport } from '../core/contract/capacity-handlers.ts'
import { writeFileAtomically } from '../core/util/atomic-file.ts'
import { dialogTitle } from './dialog-text.ts'
import { sayEnglish, type Say } from './tray-text.ts'

export interface ReportPdfOptions {
  /** The window the dialog belongs to (modal on it). */
  window?: () => BrowserWindow | null
  /** The dialog's words in the user's language (the desktop language); English when absent. */
  say?: Say
}

export function createSaveReport(options: ReportPdfOptions = {}): SaveReport {
  return async (page) => {
    const dialogOptions: SaveDialogOptions = {
      title: dialogTitle(options.say ?? sayEnglish, 'saveReport'),
      defaultPath: join(app.getPath('downloads'), `capacity-report-${page.month}.pdf`),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    }
    const parent = options.window?.() ?? null
    const choice = parent ? await dialog.showSaveDialog(parent, dialogOptions) : await dialog.showSaveDialog(dialogOptions)
    if (choice.canceled || !choice.filePath) return { status: 'cancelled' }
    const pdf = await printPage(page.html)
    writeFileAtomically(choice.filePath, pdf)
    return { status: 'saved', path: choice.filePath, pages: page.pages }
  }
}

/**
 * The page, printed by a hidden window of its own: no preload, sandboxed, no
 * script (the page has none; its CSP says so too). Loaded from a private temp
 * file rather than a data: URL, whose length Chromium caps below a long report.
 */
async function printPage(html: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'lm-report-'))
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      javascript: false,
    },
  })
  try {
    const file = join(dir, 'report.html')
    await writeFile(file, html, 'utf8')
    await window.loadFile(file)
    // The page's own @page rule (A4, margins) decides the paper; its colours print as on screen.
    return await window.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true })
  } finally {
    window.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}

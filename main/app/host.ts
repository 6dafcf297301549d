// What a host gives the composition root (create-app.ts): the pieces that
// differ between the desktop app, the served mode and the tests. Everything
// else is built the same way for all of them.
import type { AlertSettingsStore } from '../core/alerts/alert-settings.ts'
import type { SaveReport } from '../core/contract/capacity-handlers.ts'
import type { ExportJob } from '../core/export/export-request.ts'
import type { HistorySettingsStore } from '../core/history/history-settings.ts'
import type { HistoryStore } from '../core/history/store.ts'
import type { ServerPersistence } from '../core/servers/persistence.ts'
import type { ExportCsvOutcome, TextMessage } from '../core/types/index.ts'
import type { DemoServers } from './workspace.ts'

/** Writes one export where the user chose (the exportCsv call, the tray's export). */
export type SaveExport = (job: ExportJob) => Promise<ExportCsvOutcome>

/** What a problem is about; the desktop app titles its dialog by it. */
export type ProblemTopic = 'alert-settings' | 'history'

export interface AppHost {
  /** The app's data folder: the real workspace's history and alert state; the demo's are in <dataDir>/demo. */
  dataDir: string
  /** Where the server list is kept, with its secrets (electron-store + safeStorage, or a servers.json). */
  servers: ServerPersistence
  /** Where the alert thresholds and the notifications switch are kept. */
  alertSettings: AlertSettingsStore
  /** Where the history retention is kept. */
  historySettings: HistorySettingsStore
  /** Starts the built-in simulator (main/simulator/demo.ts), while no server is listed. */
  startDemo: () => Promise<DemoServers>
  /**
   * Tells the user about a problem they should know of (a dialog, a printed line): the English
   * sentence, and its catalogue message when core has one (the desktop says it in the user's language).
   */
  showProblem: (topic: ProblemTopic, sentence: string, message?: TextMessage) => void
  /**
   * How an export is saved when the page asks for one (Electron: a save
   * dialog), given the history to read at each export. Absent: the export
   * call answers with the served download route instead.
   */
  saveExport?: (history: Pick<HistoryStore, 'db'>) => SaveExport
  /** How the monthly capacity report is saved (Electron: printToPDF through a save dialog). Absent: the call answers with the served page's URL. */
  saveReport?: SaveReport
  /** Where recording failures are logged (default console.error): they repeat, so not as a problem to show. */
  log?: (line: string) => void
}

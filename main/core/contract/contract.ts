// The one IPC contract: channel names and types, no runtime import of electron
// or Node. One definition becomes calls (promises) and pushes (events) on both
// ends, VS Code style:
// - main implements `InvokeHandlers` (a mapped type: a missing handler is a
//   compile error) in main/core/contract/, transport-free;
// - Electron: main/electron/ipc.ts registers each call on ipcMain and sends
//   each push to our windows; the preload exposes the same names;
// - browser-served mode: `POST /api/call/<name>` and server-sent events
//   `event: <push name>` (main/serve), read by renderer/src/api/browser-api.ts.
// The renderer imports this file with `import type` only.
//
// To add a call: a method on MonitorCalls, its channel in InvokeChannel, its
// handler in main/core/contract/. To add a push: a field on MonitorPushes and its
// channel in PushChannel; the listener method `on<Name>` follows by itself.

import type {
  AlertPreviewRow,
  AlertSettingsView,
  AlertThresholds,
  FocusRowRequest,
  Notice,
  Snapshot,
  SnoozePreset,
  SnoozeTarget,
  TextMessage,
} from '../types/index.ts'
import type {
  ExportCsvOutcome,
  ExportCsvRequest,
  HistoryChart,
  HistoryChartRequest,
  HistoryInfo,
  HistorySettingsView,
  HoldersRequest,
  LicenseHolder,
} from '../types/index.ts'
import type {
  CapacityReport,
  CapacityRequest,
  CapacitySettings,
  CapacitySettingsView,
  CapacityUsers,
  HistoryRetention,
  MonthlyReportOrder,
  MonthlyReportOutcome,
} from '../types/index.ts'
import type { AppearanceView, LanguageChoice, ThemeChoice } from '../types/index.ts'
import type { LicenseListAnswer, LiveSnapshot, SnapshotPatch } from '../types/index.ts'
import type { ConnectionTestResult, ImportOutcome, SaveServersOutcome, ServerDraft, ServerList, ServerProblem } from '../types/index.ts'

/** One row of the license table: a product on a machine. */
export interface RowId {
  machine: string
  productId: number
}

/**
 * Calls that can fail cross the boundary as a value, never as a thrown error. `errorMessage` is
 * `error` as a catalogue message, for the page's language, when the failure has one (a servers
 * file that cannot be written, secrets this system cannot encrypt); the English is shown without.
 */
export type Result<T> = { ok: true; data: T } | { ok: false; error: string; errorMessage?: TextMessage }

/** Request/response calls. Every argument is validated by its handler: the renderer is not trusted. */
export interface MonitorCalls {
  /** The latest snapshot, whole, license lists included (as /api/snapshot answers it). */
  getSnapshot(): Promise<Result<Snapshot>>
  /** The snapshot pushes apply on: license lists left out, numbered; later changes arrive through onSnapshotPatch. */
  getLiveSnapshot(): Promise<Result<LiveSnapshot>>
  /**
   * The license list of one row (machine and product id), for a row the page shows expanded. With `since`, the
   * list version the page holds: the changes from it when main still keeps that version (LicenseListChanges),
   * else the whole list.
   */
  getLicenseList(machine: string, productId: number, since?: number): Promise<Result<LicenseListAnswer>>
  /**
   * The rows of the whole snapshot (license lists included) that the table's filter text matches, by the rule of
   * main/core/contract/row-filter.ts: the page holds no list for collapsed rows, so it asks which ones a user name
   * puts in. Empty for a text without terms (then every row shows anyway).
   */
  findMatchingRows(filterText: string): Promise<Result<RowId[]>>
  /** Alerts: mute notices of one alert (key as in ActiveAlert.key) or of all, until the preset's end. */
  snooze(target: SnoozeTarget, preset: SnoozePreset): Promise<Result<{ until: string }>>
  unsnooze(target: SnoozeTarget): Promise<Result<null>>
  getAlertConfig(): Promise<Result<AlertSettingsView>>
  /** Validated (the error says what to fix), applied from the next poll on, and saved. */
  setAlertConfig(config: AlertThresholds): Promise<Result<AlertSettingsView>>
  /** The level each current row would reach under `config`; changes nothing. */
  previewAlertConfig(config: AlertThresholds): Promise<Result<AlertPreviewRow[]>>
  setNotificationsEnabled(enabled: boolean): Promise<Result<AlertSettingsView>>
  /** Alerts: one harmless notice through every display (desktop notification, in-page notice), to check they show. */
  sendTestNotification(): Promise<Result<null>>
  /** History: used against limit over a range for one machine and product, with its peaks. */
  getHistoryChart(request: HistoryChartRequest): Promise<Result<HistoryChart>>
  /** History: the licenses of the product held on the machine at that moment. */
  getHoldersAt(request: HoldersRequest): Promise<Result<LicenseHolder[]>>
  /** History: a CSV export from the local history (works with every server unreachable). */
  exportCsv(request: ExportCsvRequest): Promise<Result<ExportCsvOutcome>>
  /** History: a damaged-file notice from start, a recording problem, the latest recorded poll. */
  getHistoryInfo(): Promise<Result<HistoryInfo>>
  /** History: how long raw samples, per-minute and per-hour rollups and closed holdings are kept. */
  getHistorySettings(): Promise<Result<HistorySettingsView>>
  /** History: validated (the error says what to fix), saved, and applied at the next retention run. */
  setHistorySettings(settings: { retention: HistoryRetention }): Promise<Result<HistorySettingsView>>
  /** Capacity: figures per machine and product over a period (default the last 30 days), from the local history. */
  getCapacity(request?: CapacityRequest): Promise<Result<CapacityReport>>
  /** Capacity: license-hours, peak concurrent, first and last seen by user, client machine and group (the 200 largest each). */
  getCapacityUsers(request: CapacityRequest & { machine: string; productId: number }): Promise<Result<CapacityUsers>>
  /** Capacity: the monthly report; Electron prints it to a PDF the user names, the served mode answers with the page's URL. */
  saveMonthlyReport(order: MonthlyReportOrder): Promise<Result<MonthlyReportOutcome>>
  /** Capacity: the margin and the user groups, from <data>/capacity-config.json. */
  getCapacitySettings(): Promise<Result<CapacitySettingsView>>
  /** Capacity: validated (the error names the field), saved to the same file, used by the next capacity call. */
  setCapacitySettings(settings: CapacitySettings): Promise<Result<CapacitySettingsView>>
  /** Servers: the saved list, without secrets (each says whether its secret is set). */
  listServers(): Promise<Result<ServerList>>
  /** Servers: what to fix in a list being edited, per field; saves nothing. */
  validateServers(drafts: ServerDraft[]): Promise<Result<ServerProblem[]>>
  /** Servers: the whole list in order (add, edit, remove, reorder, enable); saved and polled at once when valid. */
  saveServers(drafts: ServerDraft[]): Promise<Result<SaveServersOutcome>>
  /** Servers: polls a draft once, with its own REST session, and says what came back. */
  testConnection(draft: ServerDraft): Promise<Result<ConnectionTestResult>>
  /** Servers: the list as JSON text, without any secret. */
  exportServers(): Promise<Result<string>>
  /** Servers: adds the valid entries of an export (or servers.json); reports each entry. */
  importServers(json: string): Promise<Result<ImportOutcome>>
  /** Servers: sets one machine label on these servers (ids) and saves the list, as saveServers would (issue 18). */
  putOnOneMachine(serverIds: string[], machine: string): Promise<Result<SaveServersOutcome>>
  /** Issue 20: the theme choice (system, light, dark), kept beside the other settings. */
  getAppearance(): Promise<Result<AppearanceView>>
  /** Saves the theme choice; Electron also sets nativeTheme.themeSource from it. */
  setTheme(theme: ThemeChoice): Promise<Result<AppearanceView>>
  /** Saves the language choice ('system' follows the OS / browser); the tray and notifications follow it too. */
  setLanguage(language: LanguageChoice): Promise<Result<AppearanceView>>
}

/** What main pushes to the renderer, by name. */
export interface MonitorPushes {
  /** A live snapshot (LiveSnapshot: lists left out, numbered), once when an event stream opens; IPC never sends it. */
  snapshot: Snapshot
  /** Every change after that, as a patch keyed by id; a page whose number does not match `base` asks getLiveSnapshot. */
  snapshotPatch: SnapshotPatch
  /** Alerts: each grouped notice the engine decided (not sent while notifications are off). */
  notice: Notice
  /** Alerts: a clicked desktop notification asks the window to show this row. */
  focusRow: FocusRowRequest
}

/** `onSnapshot(listener)` for push `snapshot`: returns its unsubscribe function. */
export type PushListeners = {
  [K in keyof MonitorPushes as `on${Capitalize<K & string>}`]: (listener: (payload: MonitorPushes[K]) => void) => () => void
}

/** The renderer's whole view of the backend: exactly this, nothing more. */
export type MonitorApi = MonitorCalls & PushListeners

export type CallName = keyof MonitorCalls
export type PushName = keyof MonitorPushes

/** Request/response channels (ipcMain.handle / ipcRenderer.invoke; POST /api/call/<name>). */
export const InvokeChannel = {
  getSnapshot: 'monitor:get-snapshot',
  getLiveSnapshot: 'monitor:get-live-snapshot',
  getLicenseList: 'monitor:get-license-list',
  findMatchingRows: 'monitor:find-matching-rows',
  snooze: 'alerts:snooze',
  unsnooze: 'alerts:unsnooze',
  getAlertConfig: 'alerts:get-config',
  setAlertConfig: 'alerts:set-config',
  previewAlertConfig: 'alerts:preview-config',
  setNotificationsEnabled: 'alerts:set-notifications-enabled',
  sendTestNotification: 'alerts:send-test-notification',
  getHistoryChart: 'history:get-chart',
  getHoldersAt: 'history:get-holders-at',
  exportCsv: 'history:export-csv',
  getHistoryInfo: 'history:get-info',
  getHistorySettings: 'history:get-settings',
  setHistorySettings: 'history:set-settings',
  getCapacity: 'capacity:get',
  getCapacityUsers: 'capacity:get-users',
  saveMonthlyReport: 'capacity:save-monthly-report',
  getCapacitySettings: 'capacity:get-settings',
  setCapacitySettings: 'capacity:set-settings',
  listServers: 'servers:list',
  validateServers: 'servers:validate',
  saveServers: 'servers:save',
  testConnection: 'servers:test-connection',
  exportServers: 'servers:export',
  importServers: 'servers:import',
  putOnOneMachine: 'servers:put-on-one-machine',
  getAppearance: 'appearance:get',
  setTheme: 'appearance:set-theme',
  setLanguage: 'appearance:set-language',
} as const satisfies Record<CallName, string>

/** Pushes from main to the renderer (webContents.send / ipcRenderer.on; SSE `event: <name>`). */
export const PushChannel = {
  snapshot: 'monitor:snapshot',
  snapshotPatch: 'monitor:snapshot-patch',
  notice: 'alerts:notice',
  focusRow: 'alerts:focus-row',
} as const satisfies Record<PushName, string>

/** Handlers main must provide: one per call; arguments arrive unvalidated. */
export type InvokeHandlers = {
  [K in CallName]: (...args: unknown[]) => ReturnType<MonitorCalls[K]>
}

/** The listener method name of a push: snapshot -> onSnapshot. */
export function listenerName(push: PushName): keyof PushListeners {
  return `on${push.charAt(0).toUpperCase()}${push.slice(1)}` as keyof PushListeners
}

/** Name of the global the preload defines in the renderer. */
export const API_GLOBAL = 'licenseMonitor'

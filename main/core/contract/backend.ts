// The backend as both transports see it: the contract's call handlers and its
// pushes, built from the running services. Electron's IPC (main/electron/ipc.ts)
// and the served mode (main/serve) only carry these; neither knows a feature.
import type { CallName, InvokeHandlers, MonitorPushes, PushName, Result } from './contract.ts'
import type { Monitor } from '../poll/monitor.ts'
import { capacityHandlers, noCapacityHandlers, type SaveReport } from './capacity-handlers.ts'
import type { SavedCapacitySettings } from '../capacity/capacity-settings.ts'
import type { ReportWordsFor } from '../capacity/report-words.ts'
import type { CapacitySettings } from '../types/index.ts'
import { alertHandlers, noAlertHandlers, type AlertServices } from './alert-handlers.ts'
import { historyHandlers, noHistoryHandlers, type HistoryServices } from './history-handlers.ts'
import { noServerHandlers, serverHandlers } from './server-handlers.ts'
import type { ServerListService } from '../servers/server-list.ts'
import { snapshotHandlers } from './snapshot-handlers.ts'
import { createSnapshotPublisher } from './snapshot-pushes.ts'
import type { LiveSnapshot } from '../types/index.ts'
import { appearanceHandlers, noAppearanceHandlers } from './appearance-handlers.ts'
import type { AppearanceService } from '../appearance/appearance-file.ts'
import { failure } from './failure.ts'

/** What the features behind the contract need; later features add optional services here. */
export interface BackendServices {
  monitor: Pick<Monitor, 'getSnapshot' | 'onSnapshot'>
  /** Snooze, thresholds, notices (main/core/contract/alert-handlers.ts); the alert calls answer "not running" when absent. */
  alerts?: AlertServices
  /** Chart, holders, CSV exports from the local history (main/core/contract/history-handlers.ts); the calls answer "not open" when absent. */
  history?: HistoryServices
  /** The server settings (main/core/servers/server-list.ts); the server calls answer "not available" when absent. */
  servers?: ServerListService
  /** Capacity settings (margin, user groups), read at each capacity call; the defaults when absent. */
  capacitySettings?: () => { settings: CapacitySettings; problem: string | null }
  /** Saves capacity settings from the Capacity view; absent: setCapacitySettings refuses with a sentence. */
  saveCapacitySettings?: (value: unknown) => SavedCapacitySettings
  /** How the monthly report is saved (Electron: printToPDF through a save dialog); absent: the call answers with the page's URL. */
  saveReport?: SaveReport
  /** The report's words from the catalogue (main/app/report-words.ts), for saveReport's page. */
  reportWords?: ReportWordsFor
  /** The theme choice (main/core/appearance/); the calls answer "system" and refuse a change when absent. */
  appearance?: AppearanceService
}

export type PushSubscribe = <K extends PushName>(name: K, listener: (payload: MonitorPushes[K]) => void) => () => void

export interface Backend {
  handlers: InvokeHandlers
  subscribe: PushSubscribe
  /** What an event stream sends first: pushes after it are patches on it. */
  liveSnapshot(): LiveSnapshot
}

type PushSources = { [K in PushName]: (listener: (payload: MonitorPushes[K]) => void) => () => void }

export function createBackend(services: BackendServices): Backend {
  const publisher = createSnapshotPublisher(services.monitor)
  const handlers: InvokeHandlers = {
    ...snapshotHandlers(services.monitor, publisher),
    ...(services.alerts ? alertHandlers(services.alerts) : noAlertHandlers()),
    ...(services.history ? historyHandlers(services.history) : noHistoryHandlers()),
    ...(services.history
      ? capacityHandlers({
          store: services.history.store,
          settings: services.capacitySettings,
          now: services.history.now,
          saveReport: services.saveReport,
          reportWords: services.reportWords,
          saveSettings: services.saveCapacitySettings,
        })
      : noCapacityHandlers()),
    ...(services.servers ? serverHandlers(services.servers) : noServerHandlers()),
    ...(services.appearance ? appearanceHandlers(services.appearance) : noAppearanceHandlers()),
  }
  const pushes: PushSources = {
    // The whole snapshot goes out only when a stream opens (main/serve/events.ts); changes go as patches.
    snapshot: () => () => undefined,
    snapshotPatch: (listener) => publisher.onPatch(listener),
    notice: (listener) => services.alerts?.notices.onNotice(listener) ?? (() => undefined),
    focusRow: (listener) => services.alerts?.notices.onFocusRow(listener) ?? (() => undefined),
  }
  return {
    handlers,
    subscribe: (name, listener) => pushes[name](listener),
    liveSnapshot: () => publisher.live(),
  }
}

export function isCallName(backend: Backend, name: string): name is CallName {
  return Object.hasOwn(backend.handlers, name)
}

/** Runs one call by name; never throws: unknown names and failures come back as { ok: false, error }. */
export async function dispatchCall(backend: Backend, name: string, args: unknown[]): Promise<Result<unknown>> {
  if (!isCallName(backend, name)) return { ok: false, error: `there is no call named "${name}"` }
  try {
    const handler = backend.handlers[name] as (...a: unknown[]) => Promise<Result<unknown>>
    return await handler(...args)
  } catch (error) {
    return failure(error)
  }
}

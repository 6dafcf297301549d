// The composition root: the whole backend, built once from what the host
// gives (host.ts), the same way for the desktop app, the served mode and the
// tests. Hosts add only their own concerns (windows, tray, IPC; the HTTP
// server) on top of what this returns.
//
//   settings -> alerts (rules, notice hub) -> monitor -> history service
//            -> workspace (demo or real: servers, alert state, history)
//            -> server list (saving it switches the workspace) -> backend
import type { NoticeHub } from '../core/alerts/notice-hub.ts'
import { loadCapacitySettings, saveCapacitySettings } from '../core/capacity/capacity-settings.ts'
import { openAppearance, type AppearanceService } from '../core/appearance/appearance-file.ts'
import { createBackend, type Backend } from '../core/contract/backend.ts'
import type { HistoryService } from '../core/history/history-service.ts'
import { createMonitor, type Monitor } from '../core/poll/monitor.ts'
import { createServerList } from '../core/servers/server-list.ts'
import type { AppHost, SaveExport } from './host.ts'
import { reportWordsFor } from './report-words.ts'
import { setupAlerts } from './setup-alerts.ts'
import { setupHistory } from './setup-history.ts'
import { createWorkspaces, type Workspaces } from './workspace.ts'

export interface App {
  /** The contract's calls and pushes, for IPC or the served API. */
  backend: Backend
  /** Started; the tray and the served snapshot read it. */
  monitor: Monitor
  /** Every notice, for the desktop notifications (the page gets them as pushes). */
  notices: NoticeHub
  /** The history of the open workspace, for the served export route. */
  history: HistoryService
  /** The host's saveExport bound to the history (the tray's export); null when the host gave none. */
  saveExport: SaveExport | null
  workspaces: Workspaces
  /** The theme choice, kept in <data>/appearance.json (Electron sets nativeTheme from it). */
  appearance: AppearanceService
  /** Stops polling (logging out of REST sessions, each holding a 4D Client license: within about 2 s) and closes the workspace. */
  stop(): Promise<void>
}

/** Throws a sentence when the saved server list cannot be read, or the demo cannot start; nothing is left running then. */
export async function createApp(host: AppHost): Promise<App> {
  // Read first: a malformed server list stops the start before anything opens.
  const listed = host.servers.read().length
  const alerts = setupAlerts(host.alertSettings, host.showProblem)
  const monitor = createMonitor({ servers: [], alerts: alerts.monitorOptions })
  const history = setupHistory(monitor, host)
  const workspaces = createWorkspaces({
    dataDir: host.dataDir,
    monitor,
    history: history.service,
    startDemo: host.startDemo,
    onProblem: (sentence, message) => host.showProblem('history', sentence, message),
  })
  const servers = createServerList({ persistence: host.servers, apply: (configs, count) => workspaces.apply(configs, count) })
  // Hosts are resolved once here and on each save (issue 18), never per poll.
  await workspaces.apply(await servers.resolvedConfigs(), listed)
  monitor.start()
  const appearance = openAppearance(host.dataDir)
  const backend = createBackend({
    appearance,
    monitor,
    alerts: alerts.services(monitor),
    history: history.services,
    servers,
    capacitySettings: () => loadCapacitySettings(host.dataDir),
    saveCapacitySettings: (value) => saveCapacitySettings(host.dataDir, value),
    ...(host.saveReport ? { saveReport: host.saveReport } : {}),
    // A report the page orders names the page's language; without one, the saved language.
    reportWords: reportWordsFor(() => appearance.view().language),
  })
  let stopping: Promise<void> | null = null
  return {
    backend,
    monitor,
    notices: alerts.notices,
    history: history.service,
    saveExport: history.saveExport,
    workspaces,
    appearance,
    stop() {
      stopping ??= Promise.allSettled([monitor.stop(), workspaces.close()]).then(() => undefined)
      return stopping
    },
  }
}

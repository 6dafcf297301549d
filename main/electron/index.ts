// Electron entry: one instance, then settings -> servers (the demo simulator
// when none are configured) -> monitor -> window, tray, IPC. Everything that
// is not glue lives in main/core and main/simulator.
import { app, dialog } from 'electron'
import { createBackend } from '../core/contract/backend.ts'
import { join } from 'node:path'
import { monitorDataDir } from '../app/data-dir.ts'
import { createHistoryHolder } from '../core/history/history-holder.ts'
import { retentionSettingsOf } from '../core/history/history-settings.ts'
import { recordIntervalMs } from '../core/history/running-history.ts'
import { ALERT_STATE_FILE, setupAlerts } from '../app/alert-setup.ts'
import { followDemoFolder } from '../app/demo-folder.ts'
import { createMonitor } from '../core/poll/monitor.ts'
import { createServerApplier } from '../app/apply-servers.ts'
import { createServerList } from '../core/servers/server-list.ts'
import type { SimulatorHandle } from '../simulator/api.ts'
import { startDemo } from '../simulator/demo.ts'
import { registerAppScheme, setupAppProtocol } from './app-protocol.ts'
import { createSaveExport, exportUsageFromTray } from './export-dialog.ts'
import { setupIpc } from './ipc.ts'
import { setupNotifications } from './notifications.ts'
import { guardNavigation } from './navigation.ts'
import { setupSettings } from './settings.ts'
import { setupTray } from './tray.ts'
import { setupWindow, type MainWindow } from './window.ts'

let quitting = false
let mainWindow: MainWindow | null = null
/** Set once started; taken (and cleared) by the first will-quit so shutdown runs once. */
let shutdown: (() => Promise<void>) | null = null

async function start(): Promise<void> {
  const settings = setupSettings()
  if (settings.recovery !== null) {
    void dialog.showMessageBox({ type: 'warning', message: 'Your settings could not be read', detail: settings.recovery })
  }
  if (settings.notices.length > 0) {
    void dialog.showMessageBox({ type: 'warning', message: 'Your settings were upgraded', detail: settings.notices.join('\n') })
  }
  let servers = settings.servers()
  let simulator: SimulatorHandle | null = null
  // The demo runs while no server is listed; disabled servers count as listed (the admin paused them).
  if (settings.serverList.read().length === 0) {
    const demo = await startDemo()
    servers = demo.servers
    simulator = demo.simulator
  }
  // Alert state in userData (the demo's in userData/demo); thresholds in the settings store under `alerts`.
  const userData = app.getPath('userData')
  const demo = simulator !== null
  const alerts = setupAlerts(monitorDataDir(userData, demo), settings.alerts)
  if (alerts.problem) void dialog.showMessageBox({ type: 'warning', message: 'Your alert settings could not be used', detail: alerts.problem })
  const statePathFor = (isDemo: boolean): string => join(monitorDataDir(userData, isDemo), ALERT_STATE_FILE)
  const monitor = createMonitor({ servers, demo, alerts: { ...alerts.monitorOptions, statePathFor } })
  monitor.start()
  setupAppProtocol()
  mainWindow = setupWindow(() => quitting)
  const showHistoryProblem = (detail: string): void => void dialog.showMessageBox({ type: 'warning', message: 'The local history had a problem', detail })
  const retention = settings.history.load()
  if (retention.problem) showHistoryProblem(retention.problem)
  // History and alert state follow the demo flag between userData/demo and userData (the first real server saved, the last removed).
  const history = createHistoryHolder(monitor, {
    intervalMs: recordIntervalMs(servers),
    retention: retentionSettingsOf(retention.retention),
    onError: (sentence) => console.error(sentence),
  })
  const started = await history.open(monitorDataDir(userData, demo), demo)
  const historyProblem = started.ok ? started.history.store.notice : started.error
  if (historyProblem !== null) showHistoryProblem(historyProblem)
  const follower = followDemoFolder({ monitor, history, dataDir: userData, demo, onProblem: showHistoryProblem })
  // The holder, not a store: exports read whichever history is open when they run.
  const saveExport = createSaveExport({
    get db() {
      return history.store.db
    },
    window: () => mainWindow?.current() ?? null,
  })
  const historyServices = {
    store: history.store,
    recordingProblem: history.problem,
    saveExport,
    retention: { settings: settings.history, loaded: retention, apply: (next: typeof retention.retention) => history.setRetention(retentionSettingsOf(next)) },
  }
  const applier = createServerApplier(monitor, startDemo, simulator ? { servers, simulator } : null)
  const serverList = createServerList({ persistence: settings.serverList, apply: (configs, listed) => applier.apply(configs, listed) })
  const stopIpc = setupIpc(createBackend({ monitor, history: historyServices, alerts: alerts.services(monitor), servers: serverList }))
  const stopNotifications = setupNotifications(alerts.hub, { showWindow: () => mainWindow?.show() })
  const stopTray = setupTray(monitor, {
    open: () => mainWindow?.show(),
    quit: () => app.quit(),
    exportUsage: () => void exportUsageFromTray(saveExport),
  })
  shutdown = async () => {
    stopNotifications()
    stopTray()
    stopIpc()
    // monitor.stop() also logs out of REST sessions (each holds a 4D Client license), within about 2 s.
    await Promise.allSettled([monitor.stop(), applier.stop(), follower.stop()])
    await history.close()
  }
}

function failToStart(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error)
  dialog.showErrorBox('4D License Monitor could not start', reason)
  app.exit(1)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // Scheme privileges are fixed when Chromium starts: this must happen before ready.
  registerAppScheme()
  // A second launch focuses the running window instead of starting a second monitor.
  app.on('second-instance', () => mainWindow?.show())
  // Same navigation rules for any web contents, including ones we never expected to exist.
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents))
  // Closing the window leaves the monitor running in the tray; only Quit ends it.
  app.on('window-all-closed', () => undefined)
  app.on('before-quit', () => {
    quitting = true
  })
  app.on('will-quit', (event) => {
    const stop = shutdown
    if (stop === null) return
    shutdown = null
    event.preventDefault()
    void stop().finally(() => app.quit())
  })
  app.whenReady().then(start).catch(failToStart)
}

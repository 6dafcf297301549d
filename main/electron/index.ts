// Electron entry: one instance, then settings -> servers (the demo simulator
// when none are configured) -> monitor -> window, tray, IPC. Everything that
// is not glue lives in main/core and main/simulator.
import { app, dialog } from 'electron'
import { createBackend } from '../core/api/backend.ts'
import { createMonitor } from '../core/monitor.ts'
import type { SimulatorHandle } from '../simulator/api.ts'
import { startDemo } from '../simulator/demo.ts'
import { registerAppScheme, setupAppProtocol } from './app-protocol.ts'
import { setupIpc } from './ipc.ts'
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
  if (servers.length === 0) {
    const demo = await startDemo()
    servers = demo.servers
    simulator = demo.simulator
  }
  const monitor = createMonitor({ servers, demo: simulator !== null })
  monitor.start()
  setupAppProtocol()
  mainWindow = setupWindow(() => quitting)
  const stopIpc = setupIpc(createBackend({ monitor }))
  const stopTray = setupTray(monitor, { open: () => mainWindow?.show(), quit: () => app.quit() })
  shutdown = async () => {
    stopTray()
    stopIpc()
    await Promise.allSettled([monitor.stop(), simulator?.stop()])
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

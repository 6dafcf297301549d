// Electron entry: one instance; on ready, the settings, the backend from the
// composition root (main/app), then one setupX() per desktop feature: window,
// IPC, notifications, tray. Everything that is not glue lives in main/core.
import { app, dialog } from 'electron'
import { createApp } from '../app/create-app.ts'
import { openDesktopSettings } from '../app/desktop-settings.ts'
import { setupDesktopMetrics } from '../app/desktop-metrics.ts'
import type { ProblemTopic } from '../app/host.ts'
import { loadCapacitySettings } from '../core/capacity/capacity-settings.ts'
import { startDemo } from '../simulator/demo.ts'
import { registerAppScheme, setupAppProtocol } from './app-protocol.ts'
import { createSaveExport, exportUsageFromTray } from './export-dialog.ts'
import { createSaveReport } from './report-pdf.ts'
import { setupIpc } from './ipc.ts'
import { setupTheme } from './theme.ts'
import { guardNavigation } from './navigation.ts'
import { setupNotifications } from './notifications.ts'
import { setupPower } from './power.ts'
import { setupAppIdentity } from './app-identity.ts'
import { setupSettings } from './settings.ts'
import { askStartAtLogin, offerStartAtLoginOnFirstServer, reapplyStartAtLogin, setupStartAtLogin, startedHidden } from './start-at-login.ts'
import { setupTray } from './tray.ts'
import { setupTrayPanel } from './tray-panel.ts'
import { setupDesktopLanguage } from './desktop-language.ts'
import { dialogTitle, startupSay, type DialogTitle } from './dialog-text.ts'
import { sayEnglish, type Say } from './tray-text.ts'
import { setupWindow, type MainWindow } from './window.ts'
import { errorSentence } from '../core/util/errors.ts'

const PROBLEM_TITLES: Record<ProblemTopic, DialogTitle> = {
  'alert-settings': 'alertSettingsUnusable',
  history: 'historyProblem',
}

let quitting = false
let mainWindow: MainWindow | null = null
/** Set once started; taken (and cleared) by the first will-quit so shutdown runs once. */
let shutdown: (() => Promise<void>) | null = null

/**
 * The desktop's words for its dialogs: from start, the language saved in the page's menu else the
 * OS's (startupSay); once the app is built, the desktop language that also re-words the tray.
 */
let say: Say = sayEnglish
/** Late-bound: the save dialogs are made before the desktop language exists, and must follow its changes. */
const sayNow: Say = (message, english) => say(message, english)

/** A warning dialog: its title in the user's language, its detail as given (callers say core's message through `say`; English when it has none). */
function warn(title: DialogTitle, detail: string): void {
  void dialog.showMessageBox({ type: 'warning', message: dialogTitle(say, title), detail })
}

async function onReady(): Promise<void> {
  say = startupSay(app.getPath('userData'), () => app.getPreferredSystemLanguages())
  const settings = setupSettings()
  if (settings.recovery !== null) warn('settingsUnreadable', say(settings.recovery.message, settings.recovery.text))
  if (settings.notices.length > 0) warn('settingsUpgraded', settings.notices.map((notice) => say(notice.message, notice.text)).join('\n'))
  const desktop = openDesktopSettings(app.getPath('userData'))
  if (desktop.problem !== null) warn('desktopPreferencesUnreadable', say(desktop.problem.message, desktop.problem.text))
  const startAtLogin = setupStartAtLogin({ settings: desktop })
  const loginProblem = reapplyStartAtLogin(startAtLogin)
  if (loginProblem !== null) warn('startAtLogin', loginProblem)
  const core = await createApp({
    dataDir: app.getPath('userData'),
    // The first real server added offers start at login, once.
    servers: offerStartAtLoginOnFirstServer(
      settings.serverList,
      () => void askStartAtLogin(startAtLogin, desktop, sayNow),
      () => desktop.read().startAtLoginOffered,
    ),
    alertSettings: settings.alerts,
    historySettings: settings.history,
    startDemo,
    showProblem: (topic, sentence, message) => warn(PROBLEM_TITLES[topic], say(message, sentence)),
    // The history is read at each export (getter): it is whichever workspace's is open then.
    saveExport: (history) =>
      createSaveExport({
        get db() {
          return history.db
        },
        window: () => mainWindow?.current() ?? null,
        capacitySettings: () => loadCapacitySettings(app.getPath('userData')).settings,
        say: sayNow,
      }),
    saveReport: createSaveReport({ window: () => mainWindow?.current() ?? null, say: sayNow }),
  })
  setupAppProtocol()
  mainWindow = setupWindow(() => quitting, startedHidden())
  const stopIpc = setupIpc(core.backend)
  // The tray and notifications speak the language chosen in the page (appearance.json), else the OS's.
  const language = setupDesktopLanguage(core.appearance, () => app.getPreferredSystemLanguages())
  say = language.say
  const stopTheme = setupTheme(core.appearance)
  const stopNotifications = setupNotifications(core.notices, { showWindow: () => mainWindow?.show(), say: language.say })
  const panel = setupTrayPanel({ openMainWindow: () => mainWindow?.show(), isQuitting: () => quitting })
  // Prometheus metrics (off by default): the served mode's listener, set in desktop.json and the tray.
  const metrics = await setupDesktopMetrics({
    monitor: core.monitor,
    settings: desktop,
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
  })
  if (metrics.startProblem !== null) warn('metricsOff', metrics.startProblem)
  const stopTray = setupTray(core.monitor, {
    togglePanel: (bounds) => panel.toggle(bounds),
    open: () => mainWindow?.show(),
    quit: () => app.quit(),
    say: language.say,
    onLanguageChange: (listener) => language.onChange(listener),
    startAtLogin: {
      enabled: () => startAtLogin.enabled(),
      set: (on) => startAtLogin.set(on),
      onError: (sentence) => warn('startAtLogin', sentence),
    },
    exportUsage: () => {
      if (core.saveExport) void exportUsageFromTray(core.saveExport, Date.now, sayNow)
    },
    metrics: {
      running: () => metrics.running(),
      where: () => metrics.where(),
      set: (enabled) => metrics.set(enabled),
      onError: (sentence) => warn('metrics', sentence),
    },
  })
  const stopPower = setupPower(core.monitor, core.history)
  shutdown = async () => {
    stopPower()
    await metrics.stop()
    stopNotifications()
    stopTray()
    language.stop()
    panel.destroy()
    stopIpc()
    stopTheme()
    await core.stop()
  }
}

function failToStart(error: unknown): void {
  const reason = errorSentence(error)
  dialog.showErrorBox(dialogTitle(say, 'couldNotStart'), reason)
  app.exit(1)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // Scheme privileges are fixed when Chromium starts: this must happen before ready.
  registerAppScheme()
  // Windows shows toasts only for an app with an AppUserModelID; set before any notification.
  setupAppIdentity()
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
  app.whenReady().then(onReady).catch(failToStart)
}

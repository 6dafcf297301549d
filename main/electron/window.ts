// The main window: the only place a BrowserWindow is made, with its security
// options written inline so reviewers and scanners see them at a glance.
import { BrowserWindow, type Session } from 'electron'
import { PRELOAD_PATH, RENDERER_URL } from './app-paths.ts'
import { guardNavigation } from './navigation.ts'
import { trackOwnWindow } from './own-windows.ts'

export interface MainWindow {
  /** Shows and focuses the window, creating it again if it was destroyed. */
  show(): void
  current(): BrowserWindow
}

/** The renderer needs no browser permission (notifications come from main), so every request and check is denied. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** `showWhenReady` false: made but left hidden (started at login, to the tray) until show() is called. */
export function createMainWindow(isQuitting: () => boolean, showWhenReady = true): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 780,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: '4D License Monitor',
    webPreferences: {
      // Electronegativity PRELOAD_JS_CHECK (review): the preload is ours, sandboxed, and exposes only the contract (docs/security.md).
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click would otherwise try to open a new window (denied anyway by setWindowOpenHandler).
      disableBlinkFeatures: 'Auxclick',
    },
  })
  trackOwnWindow(window)
  guardNavigation(window.webContents)
  denyAllPermissions(window.webContents.session)
  if (showWhenReady) window.once('ready-to-show', () => window.show())
  // The monitor keeps polling from the tray: closing only hides, unless the app is quitting.
  window.on('close', (event) => {
    if (isQuitting()) return
    event.preventDefault()
    window.hide()
  })
  // Our privileged app:// origin, not file:// (see app-paths.ts); the protocol is set up before any window.
  void window.loadURL(RENDERER_URL)
  return window
}

export function setupWindow(isQuitting: () => boolean, startHidden = false): MainWindow {
  let window = createMainWindow(isQuitting, !startHidden)
  return {
    show() {
      if (window.isDestroyed()) window = createMainWindow(isQuitting)
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
    },
    current: () => window,
  }
}

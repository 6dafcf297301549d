// The compact tray panel: a small frameless window beside the tray showing the
// renderer's #/panel view (renderer/src/views/TrayPanelView.vue). A click on
// the tray toggles it; it hides on blur and on Escape (the view's
// window.close() becomes a hide here), and its "Open the full window" link,
// which leaves the panel route, opens the main window instead.
import { BrowserWindow, screen, type Rectangle } from 'electron'
import { PRELOAD_PATH, RENDERER_URL } from './app-paths.ts'
import { guardNavigation } from './navigation.ts'
import { trackOwnWindow } from './own-windows.ts'
import { panelPosition } from './panel-position.ts'
import { denyAllPermissions } from './window.ts'

export const PANEL_SIZE = { width: 360, height: 440 } as const
export const PANEL_URL = `${RENDERER_URL}#/panel`

export interface TrayPanel {
  /** Shows the panel beside the tray icon at `trayBounds` (empty bounds: at the cursor), or hides it when shown. */
  toggle(trayBounds: Rectangle): void
  hide(): void
  destroy(): void
}

function createPanelWindow(): BrowserWindow {
  return new BrowserWindow({
    width: PANEL_SIZE.width,
    height: PANEL_SIZE.height,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: '4D License Monitor',
    // The same security as the main window (window.ts): the panel runs the same renderer and preload.
    webPreferences: {
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
      disableBlinkFeatures: 'Auxclick',
    },
  })
}

function isEmpty(bounds: Rectangle): boolean {
  return bounds.width === 0 && bounds.height === 0
}

export function setupTrayPanel(actions: { openMainWindow(): void; isQuitting(): boolean }): TrayPanel {
  let window: BrowserWindow | null = null

  function create(): BrowserWindow {
    const panel = createPanelWindow()
    trackOwnWindow(panel)
    guardNavigation(panel.webContents)
    denyAllPermissions(panel.webContents.session)
    // A panel that stays up behind other windows is clutter: it goes when focus does.
    panel.on('blur', () => panel.hide())
    panel.on('close', (event) => {
      if (actions.isQuitting()) return
      event.preventDefault()
      panel.hide()
    })
    // "Open the full window" leaves the panel route: the main window opens, the panel goes back to its route.
    panel.webContents.on('did-navigate-in-page', (_event, url) => {
      if (url === PANEL_URL) return
      panel.hide()
      actions.openMainWindow()
      void panel.loadURL(PANEL_URL)
    })
    void panel.loadURL(PANEL_URL)
    return panel
  }

  function show(trayBounds: Rectangle): void {
    if (window === null || window.isDestroyed()) window = create()
    // Linux trays often give empty bounds: the cursor is where the click was.
    const anchor = isEmpty(trayBounds) ? { ...screen.getCursorScreenPoint(), width: 0, height: 0 } : trayBounds
    const { workArea } = screen.getDisplayNearestPoint({ x: Math.round(anchor.x), y: Math.round(anchor.y) })
    const { x, y } = panelPosition(anchor, workArea, PANEL_SIZE)
    window.setPosition(x, y)
    window.show()
    window.focus()
  }

  return {
    toggle(trayBounds) {
      if (window !== null && !window.isDestroyed() && window.isVisible()) window.hide()
      else show(trayBounds)
    },
    hide() {
      if (window !== null && !window.isDestroyed()) window.hide()
    },
    destroy() {
      if (window !== null && !window.isDestroyed()) window.destroy()
      window = null
    },
  }
}

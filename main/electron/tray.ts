// The tray: an icon per alert state (shape + glyph + outline, see
// main/electron/status-icon.ts), a tooltip with the worst rows, and a menu: Open
// window, Snooze all for 1 h, Pause/Resume polling, Quit. What it says is
// decided in main/electron/tray-summary.ts; this only displays it, on every
// snapshot, so the icon changes within one poll of a state change.
import { Menu, nativeImage, Tray, type NativeImage, type Rectangle } from 'electron'
import { snoozeEnd } from '../core/alerts/snooze.ts'
import type { Monitor } from '../core/poll/monitor.ts'
import { trayIconPng, type TrayState } from './status-icon.ts'
import { traySummary } from './tray-summary.ts'
import { fixed, sayEnglish, type Say } from './tray-text.ts'

export interface TrayActions {
  open(): void
  quit(): void
  /** "Export usage (CSV)…" from the local history; the item is absent when there is no history. */
  exportUsage?: () => void
  /**
   * The compact panel (tray-panel.ts): a left click on the icon toggles it
   * (Windows, and Linux trays that report clicks), and a "Summary panel"
   * item reaches it where a click shows the menu instead (macOS, most Linux
   * trays). Absent: a click opens the window.
   */
  togglePanel?: (trayBounds: Rectangle) => void
  /** The "Start at login" check box; absent, no item. set() throws a sentence when the OS refuses. */
  startAtLogin?: { enabled(): boolean; set(enabled: boolean): void; onError(sentence: string): void }
  /** Clock for "Snooze all for 1 h"; default Date.now. */
  now?: () => number
  /** The tooltip's and menu's language (tray-text.ts desktopTranslator); default English. */
  say?: Say
}

export type TrayMonitor = Pick<Monitor, 'getSnapshot' | 'onSnapshot' | 'snooze' | 'pause' | 'resume' | 'isPaused'>

/** From the menu there is no icon position: the panel opens at the cursor. */
const NO_BOUNDS: Rectangle = { x: 0, y: 0, width: 0, height: 0 }

export function trayIcon(state: TrayState): NativeImage {
  const image = nativeImage.createFromBuffer(trayIconPng(state, 16))
  image.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(state, 32) })
  return image
}

/** Creates the tray and keeps it in step with the monitor; returns the teardown. */
export function setupTray(monitor: TrayMonitor, actions: TrayActions): () => void {
  const now = actions.now ?? Date.now
  const say = actions.say ?? sayEnglish
  let summary = traySummary(monitor.getSnapshot(), say)
  const tray = new Tray(trayIcon(summary.state))
  let tooltip = ''

  function showTooltip(): void {
    const next = monitor.isPaused() ? `${summary.tooltip}\n${say(fixed('tray.paused'), 'Polling paused')}` : summary.tooltip
    if (next !== tooltip) tray.setToolTip(next)
    tooltip = next
  }

  function buildMenu(): void {
    const paused = monitor.isPaused()
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: say(fixed('tray.menu.open'), 'Open window'), click: () => actions.open() },
        ...(actions.togglePanel
          ? [{ label: say(fixed('tray.menu.panel'), 'Summary panel'), click: () => actions.togglePanel?.(NO_BOUNDS) }]
          : []),
        {
          label: say(fixed('tray.menu.snooze'), 'Snooze all for 1 h'),
          click: () => monitor.snooze({ kind: 'all' }, snoozeEnd('1h', now())),
        },
        {
          label: paused ? say(fixed('tray.menu.resume'), 'Resume polling') : say(fixed('tray.menu.pause'), 'Pause polling'),
          click: () => void togglePause(),
        },
        ...(actions.exportUsage ? [{ label: say(fixed('tray.menu.export'), 'Export usage (CSV)…'), click: actions.exportUsage }] : []),
        ...(actions.startAtLogin ? [startAtLoginItem(actions.startAtLogin)] : []),
        { type: 'separator' },
        { label: say(fixed('tray.menu.quit'), 'Quit'), click: () => actions.quit() },
      ]),
    )
  }

  function startAtLoginItem(login: NonNullable<TrayActions['startAtLogin']>): Electron.MenuItemConstructorOptions {
    return {
      label: say(fixed('tray.menu.startAtLogin'), 'Start at login'),
      type: 'checkbox',
      checked: login.enabled(),
      click: () => {
        try {
          login.set(!login.enabled())
        } catch (error) {
          login.onError((error as Error).message)
        }
        buildMenu()
      },
    }
  }

  async function togglePause(): Promise<void> {
    if (monitor.isPaused()) monitor.resume()
    else await monitor.pause()
    buildMenu()
    showTooltip()
  }

  buildMenu()
  showTooltip()
  tray.on('click', (_event, bounds) => (actions.togglePanel ? actions.togglePanel(bounds) : actions.open()))
  const unsubscribe = monitor.onSnapshot((snapshot) => {
    const next = traySummary(snapshot, say)
    if (next.state !== summary.state) tray.setImage(trayIcon(next.state))
    summary = next
    showTooltip()
  })
  return () => {
    unsubscribe()
    tray.destroy()
  }
}

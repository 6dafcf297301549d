// The tray: an icon per alert state (shape + glyph + outline, see
// main/electron/status-icon.ts), a tooltip with the worst rows, and a menu: Open
// window, Snooze all for 1 h, Pause/Resume polling, Quit. What it says is
// decided in main/electron/tray-summary.ts; this only displays it, on every
// snapshot, so the icon changes within one poll of a state change.
//
// macOS differs in two ways: the menu-bar icon is a template image (black +
// alpha, tinted by macOS for light and dark menu bars), and a tray with a
// context menu opens that menu on every click, so there the menu is popped up
// on a right click only and a click opens the panel.
import { Menu, nativeImage, Tray, type NativeImage, type Rectangle } from 'electron'
import { snoozeEnd } from '../core/alerts/snooze.ts'
import type { Monitor } from '../core/poll/monitor.ts'
import { trayIconPng, trayTemplatePng, type TrayState } from './status-icon.ts'
import { traySummary } from './tray-summary.ts'
import { errorSentence } from '../core/util/errors.ts'
import { fixed, sayEnglish, type Say } from './tray-text.ts'

export interface TrayActions {
  open(): void
  quit(): void
  /** "Export usage (CSV)…" from the local history; the item is absent when there is no history. */
  exportUsage?: () => void
  /**
   * The compact panel (tray-panel.ts): a left click on the icon toggles it
   * (Windows, macOS, and Linux trays that report clicks), and a "Summary
   * panel" item reaches it where a click shows the menu instead (most Linux
   * trays). Absent: a click opens the window.
   */
  togglePanel?: (trayBounds: Rectangle) => void
  /**
   * The "Prometheus metrics" check box (main/app/desktop-metrics.ts): checked
   * while the listener runs, labelled with where it listens; absent, no item.
   * set() rejects with a sentence, shown by onError.
   */
  metrics?: { running(): boolean; where(): string; set(enabled: boolean): Promise<void>; onError(sentence: string): void }
  /** The "Start at login" check box; absent, no item. set() throws a sentence when the OS refuses. */
  startAtLogin?: { enabled(): boolean; set(enabled: boolean): void; onError(sentence: string): void }
  /** Clock for "Snooze all for 1 h"; default Date.now. */
  now?: () => number
  /** Which OS's tray conventions to follow; default process.platform (tests inject it). */
  platform?: NodeJS.Platform
  /** The tooltip's and menu's language (tray-text.ts desktopTranslator); default English. */
  say?: Say
  /** Subscribes to changes of `say`'s language (desktop-language.ts): the tooltip and menu are re-worded at once. */
  onLanguageChange?: (listener: () => void) => () => void
}

export type TrayMonitor = Pick<Monitor, 'getSnapshot' | 'onSnapshot' | 'snooze' | 'pause' | 'resume' | 'isPaused'>

/** From the menu there is no icon position: the panel opens at the cursor. */
const NO_BOUNDS: Rectangle = { x: 0, y: 0, width: 0, height: 0 }

/** The state's icon at 1x and 2x: in colour, or as a macOS template image. */
export function trayIcon(state: TrayState, platform: NodeJS.Platform = process.platform): NativeImage {
  const template = platform === 'darwin'
  const draw = template ? trayTemplatePng : trayIconPng
  const image = nativeImage.createFromBuffer(draw(state, 16))
  image.addRepresentation({ scaleFactor: 2, buffer: draw(state, 32) })
  // Buffers carry no "Template" file name suffix: macOS learns it from this flag.
  if (template) image.setTemplateImage(true)
  return image
}

/** Creates the tray and keeps it in step with the monitor; returns the teardown. */
export function setupTray(monitor: TrayMonitor, actions: TrayActions): () => void {
  const now = actions.now ?? Date.now
  const platform = actions.platform ?? process.platform
  const menuOnRightClickOnly = platform === 'darwin'
  const say = actions.say ?? sayEnglish
  let summary = traySummary(monitor.getSnapshot(), say)
  const tray = new Tray(trayIcon(summary.state, platform))
  // Typed as what popUpContextMenu takes: the same Menu, without claiming a constructor made it.
  let menu: Parameters<Tray['popUpContextMenu']>[0] | null = null
  let tooltip = ''

  function showTooltip(): void {
    const next = monitor.isPaused() ? `${summary.tooltip}\n${say(fixed('tray.paused'), 'Polling paused')}` : summary.tooltip
    if (next !== tooltip) tray.setToolTip(next)
    tooltip = next
  }

  function buildMenu(): void {
    const paused = monitor.isPaused()
    menu = Menu.buildFromTemplate([
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
      ...(actions.metrics ? [metricsItem(actions.metrics)] : []),
      { type: 'separator' },
      { label: say(fixed('tray.menu.quit'), 'Quit'), click: () => actions.quit() },
    ])
    if (!menuOnRightClickOnly) tray.setContextMenu(menu)
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

  function metricsItem(metrics: NonNullable<TrayActions['metrics']>): Electron.MenuItemConstructorOptions {
    return {
      label: `Prometheus metrics (${metrics.where()})`,
      type: 'checkbox',
      checked: metrics.running(),
      click: () => {
        metrics
          .set(!metrics.running())
          .catch((error: unknown) => metrics.onError(errorSentence(error)))
          .finally(buildMenu)
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
  if (menuOnRightClickOnly)
    tray.on('right-click', () => {
      if (menu !== null) tray.popUpContextMenu(menu)
    })
  const unsubscribe = monitor.onSnapshot((snapshot) => {
    const next = traySummary(snapshot, say)
    if (next.state !== summary.state) tray.setImage(trayIcon(next.state, platform))
    summary = next
    showTooltip()
  })
  const stopLanguage =
    actions.onLanguageChange?.(() => {
      summary = traySummary(monitor.getSnapshot(), say)
      showTooltip()
      buildMenu()
    }) ?? (() => undefined)
  return () => {
    unsubscribe()
    stopLanguage()
    tray.destroy()
  }
}

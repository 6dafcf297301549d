// The tray: a status-coloured icon, a one-line tooltip, Open and Quit.
// What it says is decided in main/core/tray-summary.ts; this only displays it.
import { Menu, nativeImage, Tray, type NativeImage } from 'electron'
import { statusIconPng } from '../core/status-icon.ts'
import { traySummary } from '../core/tray-summary.ts'
import type { UsageStatus } from '../core/types.ts'
import type { SnapshotSource } from '../serve/snapshot-source.ts'

export interface TrayActions {
  open(): void
  quit(): void
}

export function trayIcon(status: UsageStatus): NativeImage {
  const image = nativeImage.createFromBuffer(statusIconPng(status, 16))
  image.addRepresentation({ scaleFactor: 2, buffer: statusIconPng(status, 32) })
  return image
}

/** Creates the tray and keeps it in step with the monitor; returns the teardown. */
export function setupTray(monitor: SnapshotSource, actions: TrayActions): () => void {
  let summary = traySummary(monitor.getSnapshot())
  const tray = new Tray(trayIcon(summary.status))
  tray.setToolTip(summary.tooltip)
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open', click: () => actions.open() },
      { type: 'separator' },
      { label: 'Quit', click: () => actions.quit() },
    ]),
  )
  tray.on('click', () => actions.open())
  const unsubscribe = monitor.onSnapshot((snapshot) => {
    const next = traySummary(snapshot)
    if (next.status !== summary.status) tray.setImage(trayIcon(next.status))
    if (next.tooltip !== summary.tooltip) tray.setToolTip(next.tooltip)
    summary = next
  })
  return () => {
    unsubscribe()
    tray.destroy()
  }
}

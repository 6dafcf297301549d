// Served mode (issue 20, item 5): the browser's Notification API, beside the
// in-page toasts, once the user granted it. Permission is asked only from a
// button (askPermission), never on load; Electron shows its own notifications
// from main and never uses this.

import type { Notice } from '../../../main/core/types/index.ts'

export type BrowserPermission = NotificationPermission | 'unsupported'

/** Electron has the preload's API and its own notifications; the served page has neither. */
export function isServedPage(): boolean {
  return window.licenseMonitor === undefined
}

export function browserPermission(): BrowserPermission {
  return typeof Notification === 'function' ? Notification.permission : 'unsupported'
}

/** Asks the browser (from a click: browsers ignore or block a request without one). */
export async function askPermission(): Promise<BrowserPermission> {
  if (typeof Notification !== 'function') return 'unsupported'
  return Notification.requestPermission()
}

/** Shows `notice` as a browser notification when permitted; returns whether it did. */
export function showBrowserNotification(notice: Notice, onClick: () => void = () => window.focus()): boolean {
  if (!isServedPage() || browserPermission() !== 'granted') return false
  // One tag per evaluation: the same notice reaching two tabs shows once.
  const shown = new Notification(notice.title, { body: notice.body, tag: `license-monitor-${notice.at}` })
  shown.onclick = onClick
  return true
}

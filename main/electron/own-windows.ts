// The windows this app created. IPC answers and pushes go to these only:
// anything else that manages to load in the process is a stranger.
import type { BrowserWindow, WebContents } from 'electron'

const windows = new Set<BrowserWindow>()

export function trackOwnWindow(window: BrowserWindow): void {
  windows.add(window)
  window.once('closed', () => windows.delete(window))
}

export function ownWindows(): BrowserWindow[] {
  return [...windows].filter((window) => !window.isDestroyed())
}

export function isOwnWebContents(contents: WebContents): boolean {
  return ownWindows().some((window) => window.webContents === contents)
}

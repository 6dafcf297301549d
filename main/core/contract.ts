// The one IPC contract: channel names and types, no runtime import of electron
// or Node. Main implements `MonitorApi` as handlers, the preload exposes it on
// `window.licenseMonitor`, and the browser-served mode implements the same
// interface over HTTP + server-sent events. The renderer imports this file
// with `import type` only (channel names are read by preload and main).

import type { Snapshot } from './types.ts'

/** Calls that can fail cross the boundary as a value, never as a thrown error. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: string }

/** The renderer's whole view of the backend: exactly this, nothing more. */
export interface MonitorApi {
  /** The latest snapshot (a full one; later changes arrive through onSnapshot). */
  getSnapshot(): Promise<Result<Snapshot>>
  /** Called with every changed snapshot; returns its unsubscribe function. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void
}

/** Request/response calls (ipcMain.handle / ipcRenderer.invoke). */
export const InvokeChannel = {
  getSnapshot: 'monitor:get-snapshot',
} as const satisfies Record<keyof Pick<MonitorApi, 'getSnapshot'>, string>

/** Pushes from main to the renderer (webContents.send / ipcRenderer.on). */
export const PushChannel = {
  snapshot: 'monitor:snapshot',
} as const

/** Handlers main must provide: one per invoke channel, checked at compile time. */
export type InvokeHandlers = {
  [K in keyof typeof InvokeChannel]: MonitorApi[K]
}

/** Name of the global the preload defines in the renderer. */
export const API_GLOBAL = 'licenseMonitor'

// The one IPC contract: channel names and types, no runtime import of electron
// or Node. One definition becomes calls (promises) and pushes (events) on both
// ends, VS Code style:
// - main implements `InvokeHandlers` (a mapped type: a missing handler is a
//   compile error) in main/core/api/, transport-free;
// - Electron: main/electron/ipc.ts registers each call on ipcMain and sends
//   each push to our windows; the preload exposes the same names;
// - browser-served mode: `POST /api/call/<name>` and server-sent events
//   `event: <push name>` (main/serve), read by renderer/src/api/browser-api.ts.
// The renderer imports this file with `import type` only.
//
// To add a call: a method on MonitorCalls, its channel in InvokeChannel, its
// handler in main/core/api/. To add a push: a field on MonitorPushes and its
// channel in PushChannel; the listener method `on<Name>` follows by itself.

import type { Snapshot } from './types.ts'

/** Calls that can fail cross the boundary as a value, never as a thrown error. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: string }

/** Request/response calls. Every argument is validated by its handler: the renderer is not trusted. */
export interface MonitorCalls {
  /** The latest snapshot (a full one; later changes arrive through onSnapshot). */
  getSnapshot(): Promise<Result<Snapshot>>
}

/** What main pushes to the renderer, by name. */
export interface MonitorPushes {
  /** Every changed snapshot. */
  snapshot: Snapshot
}

/** `onSnapshot(listener)` for push `snapshot`: returns its unsubscribe function. */
export type PushListeners = {
  [K in keyof MonitorPushes as `on${Capitalize<K & string>}`]: (listener: (payload: MonitorPushes[K]) => void) => () => void
}

/** The renderer's whole view of the backend: exactly this, nothing more. */
export type MonitorApi = MonitorCalls & PushListeners

export type CallName = keyof MonitorCalls
export type PushName = keyof MonitorPushes

/** Request/response channels (ipcMain.handle / ipcRenderer.invoke; POST /api/call/<name>). */
export const InvokeChannel = {
  getSnapshot: 'monitor:get-snapshot',
} as const satisfies Record<CallName, string>

/** Pushes from main to the renderer (webContents.send / ipcRenderer.on; SSE `event: <name>`). */
export const PushChannel = {
  snapshot: 'monitor:snapshot',
} as const satisfies Record<PushName, string>

/** Handlers main must provide: one per call; arguments arrive unvalidated. */
export type InvokeHandlers = {
  [K in CallName]: (...args: unknown[]) => ReturnType<MonitorCalls[K]>
}

/** The listener method name of a push: snapshot -> onSnapshot. */
export function listenerName(push: PushName): keyof PushListeners {
  return `on${push.charAt(0).toUpperCase()}${push.slice(1)}` as keyof PushListeners
}

/** Name of the global the preload defines in the renderer. */
export const API_GLOBAL = 'licenseMonitor'

// How a live link to the monitor reports its health. The Electron preload has
// no such notion (IPC does not drop), so the browser-served API adds it and
// the monitor store uses it when present.

import type { MonitorApi } from '../../../main/core/contract/contract.ts'

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting'

export interface ConnectionState {
  status: ConnectionStatus
  /** Sentence naming why the link is not open; null while open or connecting for the first time. */
  reason: string | null
}

export interface ConnectionReporter {
  /** Called now with the current state, then on every change; returns its unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void
}

/** What useApi() hands the stores: the contract, plus connection reports where the transport has them. */
export type RendererApi = MonitorApi & Partial<ConnectionReporter>

// The history as both compositions (served mode, Electron) run it: open the
// store in the data folder, record while the monitor runs, close on the way
// out. A history that cannot open costs the history, never the monitor.
import type { ServerConfig, Snapshot } from '../types/index.ts'
import { openHistoryStore, type HistoryStore, type HistoryStoreOptions } from './store.ts'
import { DEFAULT_RECORD_INTERVAL_MS, startHistoryRecording, type HistoryRecording, type HistoryRecordingOptions } from './recording.ts'

export interface RunningHistory {
  store: HistoryStore
  recording: HistoryRecording
  /** Stops recording (waiting for a record in progress), then closes the file. */
  close(): Promise<void>
}

export type StartedHistory = { ok: true; history: RunningHistory } | { ok: false; error: string }

/** Record as often as the most frequently polled server (default 5 s), but not more than 4 times a second. */
export function recordIntervalMs(servers: readonly ServerConfig[]): number {
  const intervals = servers.map((server) => server.intervalMs ?? DEFAULT_RECORD_INTERVAL_MS)
  return Math.max(250, Math.min(DEFAULT_RECORD_INTERVAL_MS, ...intervals))
}

export function startHistory(
  dataDir: string,
  monitor: { getSnapshot(): Snapshot },
  options: HistoryRecordingOptions & { store?: HistoryStoreOptions } = {},
): StartedHistory {
  let store: HistoryStore
  try {
    // Three missed records in a row: the app was asleep or stalled, not just late.
    const resumeAfterMs = 3 * (options.intervalMs ?? DEFAULT_RECORD_INTERVAL_MS)
    store = openHistoryStore(dataDir, { resumeAfterMs, ...options.store })
  } catch (error) {
    return { ok: false, error: `The local history could not be opened, so nothing will be recorded or exported: ${error instanceof Error ? error.message : String(error)}` }
  }
  const recording = startHistoryRecording(store, monitor, options)
  return {
    ok: true,
    history: {
      store,
      recording,
      async close() {
        await recording.stop()
        store.close()
      },
    },
  }
}

// The one history the app records into, which can be closed and reopened in
// another folder while the app runs (the demo's <data>/demo and the real
// <data>, see monitorDataDir). Handlers, the export route and the export
// dialog keep this holder, never a store: they read the open store at each
// use, so after a switch they see the new file, not a closed one.
import type { Snapshot } from '../types/index.ts'
import type { HistoryRecordingOptions } from './recording.ts'
import type { RetentionSettings } from './retention.ts'
import { startHistory, type RunningHistory, type StartedHistory } from './running-history.ts'
import type { HistoryStore, HistoryStoreOptions } from './store.ts'

export interface HistoryHolderOptions extends HistoryRecordingOptions {
  /** Retention at each open; setRetention changes it for the open store and the next ones. */
  retention?: Partial<RetentionSettings>
  store?: Omit<HistoryStoreOptions, 'retention'>
}

export interface HistoryHolder {
  /** The open store, read at each use; its `db` throws a sentence while none is open. */
  readonly store: Pick<HistoryStore, 'db' | 'notice'>
  current(): RunningHistory | null
  /** Folder of the open history; null while none is open. */
  folder(): string | null
  /** The recording's failure sentence, or why the history could not be opened; null when fine. */
  problem(): string | null
  /**
   * Closes the open history (a record in progress finishes first) and opens
   * the one in `dataDir`, which records only snapshots whose demo flag is
   * `demo`: a demo poll never lands in the real history, nor the reverse.
   */
  open(dataDir: string, demo: boolean): Promise<StartedHistory>
  setRetention(retention: Partial<RetentionSettings>): void
  close(): Promise<void>
}

const NOT_OPEN = 'The local history is not open in this monitor, so there is no chart or export.'

export function createHistoryHolder(monitor: { getSnapshot(): Snapshot }, options: HistoryHolderOptions = {}): HistoryHolder {
  let running: RunningHistory | null = null
  let folder: string | null = null
  let openError: string | null = null
  let retention = options.retention

  const store = {
    get db() {
      if (running === null) throw new Error(openError ?? NOT_OPEN)
      return running.store.db
    },
    get notice() {
      return running?.store.notice ?? null
    },
  }

  async function close(): Promise<void> {
    const closing = running
    running = null
    folder = null
    await closing?.close()
  }

  return {
    store,
    current: () => running,
    folder: () => folder,
    problem: () => running?.recording.problem() ?? openError,
    async open(dataDir, demo) {
      await close()
      // A snapshot of the other kind looks like "nothing polled yet", which the recording skips.
      const ofThisKind = { getSnapshot: (): Snapshot => {
        const snapshot = monitor.getSnapshot()
        return snapshot.demo === demo ? snapshot : { ...snapshot, machines: [], servers: [] }
      } }
      const started = startHistory(dataDir, ofThisKind, { ...options, store: { ...options.store, retention } })
      running = started.ok ? started.history : null
      folder = started.ok ? dataDir : null
      openError = started.ok ? null : started.error
      return started
    },
    setRetention(next) {
      retention = next
      running?.store.setRetention(next)
    },
    close,
  }
}

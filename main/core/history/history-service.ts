// The history the app records into: one service, opened in a data folder and
// closed again (the workspace does both: the demo's <data>/demo, the real
// <data>, and on quit). While open it records the monitor's latest snapshot
// about once per record interval and runs retention about once a minute,
// then brings the capacity summaries up to date a step per record (see
// capacity/day-summariser.ts).
//
// One timer chain: the next tick is armed only once the previous one has
// finished, so a slow retention never overlaps a record. Failures are
// reported, never thrown: a full disk must not stop the live table, and a
// history that cannot open costs the history, never the monitor.
//
// Handlers, the export route and the export dialog keep this service, never a
// store: `store` reads the open file at each use, so after a switch they see
// the new file, not a closed one.
import { summariseStep } from '../capacity/day-summariser.ts'
import type { PollerClock } from '../poll/poller.ts'
import { systemClock } from '../poll/poller.ts'
import type { ServerConfig, Snapshot, TextMessage } from '../types/index.ts'
import type { RetentionSettings } from './retention.ts'
import { openHistoryStore, type HistoryStore, type HistoryStoreOptions } from './store.ts'
import { errorSentence } from '../util/errors.ts'

export const DEFAULT_RECORD_INTERVAL_MS = 5_000
export const DEFAULT_RETENTION_EVERY_MS = 60_000
/** Three missed records in a row: the app was asleep or stalled, not just late (see the recorder's unknown gaps). */
const MISSED_RECORDS_FOR_A_GAP = 3

export interface HistoryServiceOptions {
  /** Retention at each open; setRetention changes it for the open file and the next ones. */
  retention?: Partial<RetentionSettings>
  /** Between retention runs (default 1 min). */
  retentionEveryMs?: number
  clock?: PollerClock
  /** Called with a sentence when a record or a retention run fails (once per distinct failure in a row). */
  onError?: (sentence: string) => void
  /** Passed to the store at each open (its clock, whether a damaged file is moved aside). */
  store?: Pick<HistoryStoreOptions, 'now' | 'recover'>
  /** Opens the file (default openHistoryStore); tests wrap the real store to watch or fail its calls. */
  openStore?: (dataDir: string, options: HistoryStoreOptions) => HistoryStore
}

export interface HistoryOpenOptions {
  /** Between records (default 5 s, the default poll interval); see recordIntervalMs. */
  intervalMs?: number
}

/** `notice`: a damaged file was moved aside and a new one started (tell the user); `error`: nothing will be recorded. */
export type HistoryOpened = { ok: true; notice: string | null; noticeMessage?: TextMessage } | { ok: false; error: string }

export interface HistoryService {
  /** The open file, read at each use; its `db` throws a sentence while none is open. */
  readonly store: Pick<HistoryStore, 'db' | 'notice'>
  /** Folder of the open history; null while none is open. */
  folder(): string | null
  /** The current record or retention failure, or why the history could not be opened; null when fine. */
  problem(): string | null
  /** Closes the open history, if any, and opens (creating or migrating) the one in `dataDir`. */
  open(dataDir: string, options?: HistoryOpenOptions): HistoryOpened
  /** Retention from the next run on (the History view saved it). */
  setRetention(retention: Partial<RetentionSettings>): void
  /** Stops recording, keeping the file open (the machine goes to sleep): the snapshot would only repeat old data. */
  pause(): void
  /**
   * Records again. The first record comes one interval later; if the pause
   * was longer than 3 record intervals it marks the time in between as not
   * recorded (open holdings unknown from the last record on).
   */
  resume(): void
  /** Stops recording and closes the file; a tick never runs half-way, as ticks are synchronous. */
  close(): void
}

const NOT_OPEN = 'The local history is not open in this monitor, so there is no chart or export.'

/** Record as often as the most frequently polled server (default 5 s), but not more than 4 times a second. */
export function recordIntervalMs(servers: readonly ServerConfig[]): number {
  const intervals = servers.map((server) => server.intervalMs ?? DEFAULT_RECORD_INTERVAL_MS)
  return Math.max(250, Math.min(DEFAULT_RECORD_INTERVAL_MS, ...intervals))
}

/** Before any server has ever answered there is nothing to record (an empty snapshot is not "zero in use"). */
function hasData(snapshot: Snapshot): boolean {
  return snapshot.servers.some((server) => server.lastSuccessAt !== null)
}

export function createHistoryService(monitor: { getSnapshot(): Snapshot }, options: HistoryServiceOptions = {}): HistoryService {
  const clock = options.clock ?? systemClock
  const retentionEveryMs = options.retentionEveryMs ?? DEFAULT_RETENTION_EVERY_MS
  const openStore = options.openStore ?? openHistoryStore
  let retention = options.retention
  let open: { store: HistoryStore; folder: string; intervalMs: number } | null = null
  let openError: string | null = null
  let timer: unknown = null
  let lastRetention = Number.NEGATIVE_INFINITY
  let summaryPending = false
  let paused = false
  let problem: string | null = null
  /** The cause last reported: the same failure every 5 s is said once, not every 5 s. */
  let reportedCause: string | null = null

  function report(cause: unknown, sentence: (cause: string) => string): void {
    const text = errorSentence(cause)
    problem = sentence(text)
    if (text === reportedCause) return
    reportedCause = text
    options.onError?.(problem)
  }

  function tick(store: HistoryStore): void {
    const at = clock.now()
    try {
      const snapshot = monitor.getSnapshot()
      if (hasData(snapshot)) store.record(snapshot, at)
      problem = null
      reportedCause = null
    } catch (error) {
      report(error, (cause) => `The history could not record the poll of ${new Date(at).toISOString()}: ${cause}`)
    }
    const retentionDue = at - lastRetention >= retentionEveryMs
    if (retentionDue) {
      lastRetention = at
      try {
        store.runRetention(at)
      } catch (error) {
        report(error, (cause) => `The history retention run of ${new Date(at).toISOString()} failed: ${cause}`)
      }
    }
    // Capacity summaries: looked for after each retention run (new complete days, days it dropped), then one
    // step per tick while there are days to summarise, so a long history is summarised in the background.
    if (!retentionDue && !summaryPending) return
    try {
      summaryPending = summariseStep(store.db) > 0
    } catch (error) {
      summaryPending = false
      report(error, (cause) => `The capacity summaries of the history could not be brought up to date: ${cause}`)
    }
  }

  function schedule(): void {
    const current = open
    if (current === null || paused) return
    timer = clock.setTimeout(() => {
      timer = null
      // Closed or switched while the timer waited: that file is not ours to write any more.
      if (open !== current) return
      tick(current.store)
      schedule()
    }, current.intervalMs)
  }

  function close(): void {
    if (timer !== null) clock.clearTimeout(timer)
    timer = null
    const closing = open
    open = null
    problem = null
    reportedCause = null
    lastRetention = Number.NEGATIVE_INFINITY
    summaryPending = false
    closing?.store.close()
  }

  return {
    store: {
      get db() {
        if (open === null) throw new Error(openError ?? NOT_OPEN)
        return open.store.db
      },
      get notice() {
        return open?.store.notice ?? null
      },
    },
    folder: () => open?.folder ?? null,
    problem: () => (open === null ? openError : problem),
    open(dataDir, openOptions = {}) {
      close()
      const intervalMs = openOptions.intervalMs ?? DEFAULT_RECORD_INTERVAL_MS
      try {
        const store = openStore(dataDir, { ...options.store, retention, resumeAfterMs: MISSED_RECORDS_FOR_A_GAP * intervalMs })
        open = { store, folder: dataDir, intervalMs }
        openError = null
      } catch (error) {
        openError = `The local history could not be opened, so nothing will be recorded or exported: ${errorSentence(error)}`
        return { ok: false, error: openError }
      }
      schedule()
      const { notice, noticeMessage } = open.store
      return noticeMessage ? { ok: true, notice, noticeMessage } : { ok: true, notice }
    },
    setRetention(next) {
      retention = next
      open?.store.setRetention(next)
    },
    pause() {
      paused = true
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
    },
    resume() {
      if (!paused) return
      paused = false
      schedule()
    },
    close,
  }
}

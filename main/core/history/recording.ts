// Keeps the history recording while the app runs: the latest snapshot about
// once per poll interval, retention about once a minute. One timer chain: the
// next tick is scheduled only when the previous one has finished, so a slow
// retention never overlaps a record. Failures are reported, never thrown: a
// full disk must not stop the live table.
import type { PollerClock } from '../poll/poller.ts'
import { systemClock } from '../poll/poller.ts'
import type { Snapshot } from '../types/index.ts'

/** What the scheduler drives; HistoryStore fits. Either call may return a promise, which is awaited. */
export interface RecordingTarget {
  record(snapshot: Snapshot, at: number): unknown
  runRetention(now: number): unknown
}

export interface HistoryRecordingOptions {
  /** Between records (default 5 s, the default poll interval). */
  intervalMs?: number
  /** Between retention runs (default 1 min). */
  retentionEveryMs?: number
  clock?: PollerClock
  /** Called with a sentence when a record or a retention run fails (once per distinct failure in a row). */
  onError?: (sentence: string) => void
}

export interface HistoryRecording {
  /** The current failure sentence, or null once a record succeeds again. */
  problem(): string | null
  /** No tick starts after this; resolves when a tick in progress has finished. */
  stop(): Promise<void>
}

export const DEFAULT_RECORD_INTERVAL_MS = 5_000
export const DEFAULT_RETENTION_EVERY_MS = 60_000

/** Before any server has ever answered there is nothing to record (an empty snapshot is not "zero in use"). */
function hasData(snapshot: Snapshot): boolean {
  return snapshot.servers.some((server) => server.lastSuccessAt !== null)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function startHistoryRecording(
  store: RecordingTarget,
  monitor: { getSnapshot(): Snapshot },
  options: HistoryRecordingOptions = {},
): HistoryRecording {
  const clock = options.clock ?? systemClock
  const intervalMs = options.intervalMs ?? DEFAULT_RECORD_INTERVAL_MS
  const retentionEveryMs = options.retentionEveryMs ?? DEFAULT_RETENTION_EVERY_MS
  let lastRetention = Number.NEGATIVE_INFINITY
  let timer: unknown = null
  let running: Promise<void> | null = null
  let stopped = false
  let problem: string | null = null
  /** The cause last reported: the same failure every 5 s is said once, not every 5 s. */
  let reportedCause: string | null = null

  function report(cause: unknown, sentence: (cause: string) => string): void {
    const text = messageOf(cause)
    problem = sentence(text)
    if (text === reportedCause) return
    reportedCause = text
    options.onError?.(problem)
  }

  async function tick(): Promise<void> {
    const at = clock.now()
    try {
      const snapshot = monitor.getSnapshot()
      if (hasData(snapshot)) await store.record(snapshot, at)
      problem = null
      reportedCause = null
    } catch (error) {
      report(error, (cause) => `The history could not record the poll of ${new Date(at).toISOString()}: ${cause}`)
    }
    if (at - lastRetention < retentionEveryMs) return
    lastRetention = at
    try {
      await store.runRetention(at)
    } catch (error) {
      report(error, (cause) => `The history retention run of ${new Date(at).toISOString()} failed: ${cause}`)
    }
  }

  function schedule(): void {
    if (stopped) return
    timer = clock.setTimeout(() => {
      timer = null
      running = tick().finally(() => {
        running = null
        schedule()
      })
    }, intervalMs)
  }

  schedule()
  return {
    problem: () => problem,
    async stop() {
      stopped = true
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      await running
    },
  }
}

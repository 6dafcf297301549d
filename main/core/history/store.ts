// The history as the app uses it: open once at start, record every poll
// interval, run retention now and then, back up on demand. Exports read the
// same db through queries.ts (or open it with recover: false, as the CLI does).
import type { DatabaseSync } from 'node:sqlite'
import type { Snapshot, TextMessage } from '../types/index.ts'
import { openHistory, type OpenHistoryOptions } from './db.ts'
import { createRecorder, type RecorderOptions, type RecordSummary } from './recorder.ts'
import { runRetention, type RetentionSettings, type RetentionSummary } from './retention.ts'

export interface HistoryStore {
  readonly db: DatabaseSync
  readonly file: string
  /** A sentence to show the user when a damaged file was moved aside at open; null otherwise. */
  readonly notice: string | null
  /** `notice` as a catalogue message, for the user's language; present with it. */
  readonly noticeMessage?: TextMessage
  record(snapshot: Snapshot, at?: number): RecordSummary
  runRetention(now?: number): RetentionSummary
  /** Retention from the next run on (the settings screen saved it). */
  setRetention(retention: Partial<RetentionSettings>): void
  backup(target: string): void
  close(): void
}

export interface HistoryStoreOptions extends OpenHistoryOptions, RecorderOptions {
  retention?: Partial<RetentionSettings>
}

export function openHistoryStore(dataDir: string, options: HistoryStoreOptions = {}): HistoryStore {
  const history = openHistory(dataDir, options)
  const now = options.now ?? Date.now
  const recorder = createRecorder(history.db, now, { resumeAfterMs: options.resumeAfterMs })
  let retention = options.retention
  return {
    db: history.db,
    file: history.file,
    notice: history.notice,
    ...(history.noticeMessage ? { noticeMessage: history.noticeMessage } : {}),
    record: (snapshot, at) => recorder.record(snapshot, at),
    runRetention: (at = now()) => runRetention(history.db, at, retention),
    setRetention(next) {
      retention = { ...options.retention, ...next }
    },
    backup: (target) => history.backup(target),
    close: () => history.close(),
  }
}

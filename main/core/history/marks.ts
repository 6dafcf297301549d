// Small named values kept in the history's `meta` table.
import type { DatabaseSync } from 'node:sqlite'

/** minute_done / hour_done: rolled up before this time (ms); last_record_at: time of the last record call. */
export type MarkKey = 'minute_done' | 'hour_done' | 'last_record_at'

export function readMark(db: DatabaseSync, key: MarkKey): number | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: number } | undefined
  return row?.value ?? null
}

export function writeMark(db: DatabaseSync, key: MarkKey, value: number): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
}

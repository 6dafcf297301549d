// A few hours of recorded usage with gaps, for retention and query tests, and
// the reference rollups computed from the raw rows in plain TypeScript.
import type { DatabaseSync } from 'node:sqlite'
import type { Recorder } from '../../../main/core/history/recorder.ts'
import { snapshot, type LicenseSpec, type ServerSpec } from './snapshots.ts'

export const SERVERS: ServerSpec[] = [
  { name: 'A1', machine: 'srv-01' },
  { name: 'A2', machine: 'srv-01' },
  { name: 'B', machine: 'srv-02' },
]

/** Mulberry32: a seeded PRNG so failures replay. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Polls every `stepMs` from `start` for `durationMs`, skipping [gapFrom, gapTo) (the app was closed). Returns the last poll time. */
export function recordUsage(
  recorder: Recorder,
  options: { start: number; durationMs: number; stepMs: number; gap?: [number, number]; seed?: number },
): number {
  const random = prng(options.seed ?? 7)
  let last = options.start
  for (let at = options.start; at < options.start + options.durationMs; at += options.stepMs) {
    if (options.gap && at >= options.gap[0] && at < options.gap[1]) continue
    const licenses: LicenseSpec[] = []
    for (const server of SERVERS) {
      const count = Math.floor(random() * 6)
      for (let token = 1; token <= count; token++) licenses.push({ server: server.name, token, productId: token % 2 === 0 ? 2 : 1 })
    }
    // The limit changes now and then, so the rollup's limit (highest seen) is exercised.
    recorder.record(snapshot(SERVERS, licenses, random() < 0.05 ? 12 : 10), at)
    last = at
  }
  return last
}

export interface RollupRow {
  at: number
  series_id: number
  n: number
  sum_used: number
  min_used: number
  max_used: number
  max_at: number
  lim: number | null
}

/** Reference rollups from raw rows: group by series and period start, earliest peak. */
export function referenceRollups(db: DatabaseSync, periodStart: (at: number) => number, where = '1'): RollupRow[] {
  const raw = db.prepare(`SELECT at, series_id, used, lim FROM samples WHERE ${where} ORDER BY at`).all() as {
    at: number
    series_id: number
    used: number
    lim: number | null
  }[]
  const groups = new Map<string, RollupRow>()
  for (const row of raw) {
    const at = periodStart(row.at)
    const key = `${at}/${row.series_id}`
    const group = groups.get(key)
    if (!group) {
      groups.set(key, {
        at,
        series_id: row.series_id,
        n: 1,
        sum_used: row.used,
        min_used: row.used,
        max_used: row.used,
        max_at: row.at,
        lim: row.lim,
      })
      continue
    }
    group.n++
    group.sum_used += row.used
    group.min_used = Math.min(group.min_used, row.used)
    if (row.used > group.max_used) {
      group.max_used = row.used
      group.max_at = row.at
    }
    if (row.lim !== null && (group.lim === null || row.lim > group.lim)) group.lim = row.lim
  }
  return [...groups.values()].sort((a, b) => a.at - b.at || a.series_id - b.series_id)
}

export function tableRows(db: DatabaseSync, table: string, where = '1'): RollupRow[] {
  return db
    .prepare(`SELECT at, series_id, n, sum_used, min_used, max_used, max_at, lim FROM ${table} WHERE ${where} ORDER BY at, series_id`)
    .all() as unknown as RollupRow[]
}

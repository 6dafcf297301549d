// SQL for usage at a granularity over a time range, stitched from what exists:
// stored rollups up to their progress mark, and the same grouping computed on
// the fly from finer rows after it (retention may not have run for a while).
import type { SQLInputValue } from 'node:sqlite'
import type { Granularity } from './periods.ts'
import { groupSql, rawAsRollup } from './periods.ts'

export interface SqlPart {
  sql: string
  params: SQLInputValue[]
}

export interface SourceRange {
  from: number
  to: number
  /** Rolled-up marks (null: nothing rolled up yet). */
  minuteDone: number | null
  hourDone: number | null
  /** Restricts leaf rows to these series: a `series` WHERE clause and its parameters. */
  series: SqlPart
}

/** Rows in the rollup shape (at = period start) for every period of `granularity` with start in [from, to). */
export function usageSource(granularity: Granularity, range: SourceRange): SqlPart {
  switch (granularity) {
    case 'raw':
      return leafRaw(range.from, range.to, range.series)
    case 'minute':
      return minutes(range.from, range.to, range)
    case 'hour':
      return hours(range.from, range.to, range)
    case 'day': {
      const inner = hours(range.from, range.to, range)
      return { sql: groupSql(inner.sql, 'day'), params: inner.params }
    }
  }
}

function minutes(from: number, to: number, range: SourceRange): SqlPart {
  const done = range.minuteDone ?? -Infinity
  const stored = leafTable('rollup_minute', from, Math.min(to, done), range.series)
  const fresh = leafRaw(Math.max(from, done), to, range.series)
  return union(stored, { sql: groupSql(fresh.sql, 'minute'), params: fresh.params })
}

function hours(from: number, to: number, range: SourceRange): SqlPart {
  const done = range.hourDone ?? -Infinity
  const stored = leafTable('rollup_hour', from, Math.min(to, done), range.series)
  const fresh = minutes(Math.max(from, done), to, range)
  return union(stored, { sql: groupSql(fresh.sql, 'hour'), params: fresh.params })
}

function leafRaw(from: number, to: number, series: SqlPart): SqlPart {
  return {
    sql: rawAsRollup(`at >= ? AND at < ? AND series_id IN (SELECT id FROM series WHERE ${series.sql})`),
    params: [bound(from), bound(to), ...series.params],
  }
}

function leafTable(table: 'rollup_minute' | 'rollup_hour', from: number, to: number, series: SqlPart): SqlPart {
  return {
    sql: `SELECT at, series_id, n, sum_used, min_used, max_used, max_at, lim, covered_ms FROM ${table} WHERE at >= ? AND at < ? AND series_id IN (SELECT id FROM series WHERE ${series.sql})`,
    params: [bound(from), bound(to), ...series.params],
  }
}

function union(a: SqlPart, b: SqlPart): SqlPart {
  return { sql: `${a.sql} UNION ALL ${b.sql}`, params: [...a.params, ...b.params] }
}

/** SQLite integers have no infinities: clamp to the safe range (an empty side of the stitch). */
function bound(value: number): number {
  if (value === Infinity) return Number.MAX_SAFE_INTEGER
  if (value === -Infinity) return Number.MIN_SAFE_INTEGER
  return value
}

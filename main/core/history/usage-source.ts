// SQL for usage at a granularity over a time range, stitched from what exists:
// stored rollups up to their progress mark, and the same grouping computed on
// the fly from finer rows after it (retention may not have run for a while).
import type { SQLInputValue } from 'node:sqlite'
import type { Granularity } from './periods.ts'
import { groupSql, HOUR_MS, rawAsRollup } from './periods.ts'

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
  /** Hours and days of this zone; absent: UTC hours and SQLite's 'localtime' days. */
  zone?: ZoneSource
}

export interface ZoneSource {
  /** IANA name, checked by the caller. */
  zone: string
  /** The zone's offset is whole hours over the range: UTC hours tile its hours and days. */
  wholeHours: boolean
  /** Where minute-level rows begin (a UTC hour start): before it only hour rollups are left. */
  minutesFrom: number
}

/** Rows in the rollup shape (at = period start) for every period of `granularity` with start in [from, to). */
export function usageSource(granularity: Granularity, range: SourceRange): SqlPart {
  switch (granularity) {
    case 'raw':
      return leafRaw(range.from, range.to, range.series)
    case 'minute':
      return minutes(range.from, range.to, range)
    case 'hour':
      return range.zone === undefined || range.zone.wholeHours ? hours(range.from, range.to, range) : localHours(range, range.zone)
    case 'day': {
      const inner =
        range.zone === undefined || range.zone.wholeHours ? hours(range.from, range.to, range) : hoursThenMinutes(range, range.zone)
      return { sql: groupSql(inner.sql, 'day', range.zone && { zone: range.zone.zone }), params: inner.params }
    }
  }
}

/**
 * A zone whose offset is not whole hours: its hours are grouped from minutes.
 * Periods older than the minute rows stay the UTC hours they were rolled up
 * as (their start says so: 09:00Z reads 14:30 in Kolkata); the first local
 * hour after them starts where the minutes do, so no two periods overlap.
 */
function localHours(range: SourceRange, zone: ZoneSource): SqlPart {
  const cut = Math.min(Math.max(zone.minutesFrom, floorHour(range.from)), range.to)
  const older = hours(floorHour(range.from), cut, range)
  const recent = minutes(Math.max(range.from, cut), range.to, range)
  const notBefore = Number.isFinite(cut) ? cut : undefined
  return union(older, { sql: groupSql(recent.sql, 'hour', { zone: zone.zone, notBefore }), params: recent.params })
}

/**
 * A zone whose offset is not whole hours, for its days: minutes where they
 * are kept, else the hour rollups, each in the day its start falls in (days
 * older than the minute retention are then off by the offset's part hour).
 */
function hoursThenMinutes(range: SourceRange, zone: ZoneSource): SqlPart {
  const first = ceilHour(range.from)
  const cut = Math.min(Math.max(zone.minutesFrom, first), range.to)
  return union(hours(first, cut, range), minutes(Math.max(range.from, cut), range.to, range))
}

function floorHour(at: number): number {
  return Number.isFinite(at) ? Math.floor(at / HOUR_MS) * HOUR_MS : at
}

function ceilHour(at: number): number {
  return Number.isFinite(at) ? Math.ceil(at / HOUR_MS) * HOUR_MS : at
}

function minutes(from: number, to: number, range: SourceRange): SqlPart {
  const split = minuteSplit(from, to, range.minuteDone)
  const stored = leafTable('rollup_minute', split.stored.from, split.stored.to, range.series)
  return union(stored, freshMinutes(split.fresh.from, split.fresh.to, range.series))
}

/** Where minutes come from over [from, to): stored rollups up to the mark, raw samples grouped on the fly after it. */
export function minuteSplit(
  from: number,
  to: number,
  minuteDone: number | null,
): { stored: { from: number; to: number }; fresh: { from: number; to: number } } {
  const done = minuteDone ?? -Infinity
  return { stored: { from, to: Math.min(to, done) }, fresh: { from: Math.max(from, done), to } }
}

/** Minutes grouped from raw samples in [from, to), in the rollup shape. */
export function freshMinutes(from: number, to: number, series: SqlPart): SqlPart {
  const fresh = leafRaw(from, to, series)
  return { sql: groupSql(fresh.sql, 'minute'), params: fresh.params }
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
export function bound(value: number): number {
  if (value === Infinity) return Number.MAX_SAFE_INTEGER
  if (value === -Infinity) return Number.MIN_SAFE_INTEGER
  return value
}

// Read side of the history, for exports: every query yields rows lazily
// (StatementSync.iterate), so a million-row export never holds them all.
// Times are ms since the epoch; the CSV layer formats them.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { readMark } from './marks.ts'
import { HOUR_MS, periodEnd, periodStartSql, type Granularity } from './periods.ts'
// One row shape for every granularity: the minute cursor's (minute-rows.ts).
import { minuteRowsInOrder, type MinuteRowDb as PeriodRowDb } from './minute-rows.ts'
import { usageSource, type SourceRange, type SqlPart, type ZoneSource } from './usage-source.ts'
import { registerZoneFunctions, zonePeriods } from './zone-periods.ts'
import { systemTimeZone } from '../util/time-zone.ts'
import type { HoldingEndReason, HoldingStartSource } from '../types/history.ts'

export interface LatestUsageRow {
  at: number
  machine: string
  productId: number
  productName: string
  used: number
  limit: number | null
  remaining: number | null
  status: string
  stale: boolean
  /** The poll whose answer these numbers are: `at` when current, the last answered poll when stale (null: no longer in the raw history). */
  answeredAt: number | null
  /** The first poll after that answer that found the row stale; null when current. */
  staleSince: number | null
}

export interface UsagePeriodRow {
  machine: string
  /** null for the machine as a whole; a server name for that server's share. */
  server: string | null
  productId: number
  productName: string
  periodStart: number
  /** Start of the next period (for raw rows, the sample time itself). */
  periodEnd: number
  samples: number
  min: number
  avg: number
  /** Highest `used` in the period, and the earliest time it was reached. */
  peak: number
  peakAt: number
  /** Highest limit seen in the period; null when unknown. */
  limit: number | null
  /** Share (0..1) of the period covered by answered polls; null for rollups older than this figure. Raw rows: 1. */
  coverage: number | null
}

export interface HoldingRow {
  id: number
  server: string
  machine: string
  token: number
  productId: number
  productName: string
  userName: string | null
  sessionType: string | null
  clientMachine: string | null
  ipAddress: string | null
  hostType: string | null
  state: string | null
  reason: string | null
  /** The record's retain time (4D's `time`) when it parsed; null for records without one. */
  retainedAt: number | null
  /** Digest of the session's ID (usage/session-key.ts); null when the record had none, or from before schema v3. */
  sessionKey: string | null
  /** When 4D retained it when the record said so, else when the monitor first saw it: `startSource` tells which. */
  start: number
  startSource: HoldingStartSource
  firstSeenAt: number
  end: number | null
  /** null: still held; see HoldingEndReason. */
  endReason: HoldingEndReason | null
  /** Up to `end`, or to the last recorded poll while still held. */
  durationMs: number
  /** Time within the holding during which its server did not answer. */
  unknownMs: number
  /** Set while the holding's server is unreachable: since when. */
  unknownSince: number | null
}

export interface UsageRangeQuery {
  from: number
  to: number
  granularity: Granularity
  machine?: string
  productId?: number
  /** Also yield each server's share on machines with several servers (default false: machine totals only). */
  perServer?: boolean
  /** IANA zone whose hours and days the periods follow (default: this system's, as TZ names it). */
  timeZone?: string
}

/** Time of the last record call, or null for an empty history. */
export function lastRecordAt(db: DatabaseSync): number | null {
  return readMark(db, 'last_record_at')
}

/** Usage per machine and product at the latest recorded poll. */
export function* latestUsage(db: DatabaseSync): Generator<LatestUsageRow> {
  const statement = db.prepare(`
    SELECT s.at, se.machine, se.product_id, coalesce(s.product_name, se.product_name) AS product_name, s.used, s.lim, s.remaining, s.status, s.stale, a.answered_at,
      (SELECT min(at) FROM samples x WHERE x.series_id = s.series_id AND x.stale = 1 AND x.at > coalesce(a.answered_at, -1)) AS stale_since
    FROM samples s JOIN series se ON se.id = s.series_id
      JOIN (SELECT s2.series_id, (SELECT max(at) FROM samples y WHERE y.series_id = s2.series_id AND y.stale = 0) AS answered_at
            FROM samples s2 WHERE s2.at = (SELECT max(at) FROM samples)) a ON a.series_id = s.series_id
    WHERE s.at = (SELECT max(at) FROM samples) AND se.server = ''
    ORDER BY se.machine, se.product_id`)
  for (const row of statement.iterate() as Iterable<LatestRowDb>) {
    const stale = row.stale === 1
    yield {
      at: row.at,
      machine: row.machine,
      productId: row.product_id,
      productName: row.product_name,
      used: row.used,
      limit: row.lim,
      remaining: row.remaining,
      status: row.status,
      stale,
      answeredAt: stale ? row.answered_at : row.at,
      staleSince: stale ? row.stale_since : null,
    }
  }
}

/** Licenses held at the latest poll: the open holdings (those of an unreachable server carry unknownSince). */
export function* currentLicenses(db: DatabaseSync): Generator<HoldingRow> {
  yield* holdingRows(db, 'h.end_at IS NULL', [])
}

/** Holdings that overlap [from, to), oldest first. */
export function* holdingsInRange(db: DatabaseSync, from: number, to: number): Generator<HoldingRow> {
  yield* holdingRows(db, `${START_SQL} < ? AND (h.end_at IS NULL OR h.end_at > ?)`, [to, from])
}

/** Holdings of one product on one machine that were open at `time` (started at or before it, not yet ended), oldest first. */
export function* holdingsAt(db: DatabaseSync, query: { machine: string; productId: number; time: number }): Generator<HoldingRow> {
  const where = `h.machine = ? AND h.product_id = ? AND ${START_SQL} <= ? AND (h.end_at IS NULL OR h.end_at > ?)`
  yield* holdingRows(db, where, [query.machine, query.productId, query.time, query.time])
}

/** Usage per period over a range; periods whose start is in [from, to), widened to whole periods, in the zone's hours and days. */
export function* usageOverRange(db: DatabaseSync, query: UsageRangeQuery): Generator<UsagePeriodRow> {
  const { granularity } = query
  const zone = granularity === 'hour' || granularity === 'day' ? zoneSource(db, query.timeZone ?? systemTimeZone(), query) : undefined
  const from = granularity === 'raw' ? query.from : periodFloor(db, granularity, query.from, zone)
  const range = {
    from,
    to: query.to,
    minuteDone: readMark(db, 'minute_done'),
    hourDone: readMark(db, 'hour_done'),
    series: seriesFilter(query),
    zone,
  }
  // Minutes stream from a cursor in their order (a month is too many rows to sort before the first one).
  const rows = granularity === 'minute' ? minuteRowsInOrder(db, range) : periodRows(db, granularity, range)
  for (const row of rows) {
    const end = endOf(granularity, row.at, zone)
    const coverage = granularity === 'raw' ? 1 : row.covered_ms === null ? null : Math.min(1, row.covered_ms / (end - row.at))
    yield {
      machine: row.machine,
      server: row.server === '' ? null : row.server,
      productId: row.product_id,
      productName: row.product_name,
      periodStart: row.at,
      periodEnd: end,
      samples: row.n,
      min: row.min_used,
      avg: row.sum_used / row.n,
      peak: row.max_used,
      peakAt: row.max_at,
      limit: row.lim,
      coverage,
    }
  }
}

/** Periods of one granularity from one statement, sorted by SQLite (hours and days: few rows; raw: a short range). */
function periodRows(db: DatabaseSync, granularity: Granularity, range: SourceRange): Iterable<PeriodRowDb> {
  const source = usageSource(granularity, range)
  // A raw sample names its product as its server did then (a rename does not relabel the past); a rollup, the newest name.
  const name =
    granularity === 'raw'
      ? 'coalesce((SELECT x.product_name FROM samples x WHERE x.at = r.at AND x.series_id = r.series_id), se.product_name)'
      : 'se.product_name'
  const statement = db.prepare(`
    SELECT r.at, r.n, r.sum_used, r.min_used, r.max_used, r.max_at, r.lim, r.covered_ms, se.machine, se.server, se.product_id,
      ${name} AS product_name
    FROM (${source.sql}) r JOIN series se ON se.id = r.series_id
    WHERE r.n > 0
    ORDER BY r.at, se.machine, se.product_id, se.server`)
  return statement.iterate(...source.params) as Iterable<PeriodRowDb>
}

/** The zone as the rollup SQL needs it: checked, its functions registered, and where its minute rows begin. */
function zoneSource(db: DatabaseSync, timeZone: string, range: { from: number; to: number }): ZoneSource {
  const periods = zonePeriods(timeZone)
  registerZoneFunctions(db)
  return { zone: timeZone, wholeHours: periods.wholeHours(range.from, range.to), minutesFrom: minutesFrom(db) }
}

/**
 * Where the minutes that queries read begin (stored minute rollups, then raw
 * samples past minute_done), rounded up to a UTC hour: retention deletes
 * minutes only once their hour is rolled up, so before it the hour rollups
 * hold everything. -Infinity when no hour rollup lies before it.
 */
function minutesFrom(db: DatabaseSync): number {
  const hourDone = readMark(db, 'hour_done')
  if (hourDone === null) return -Infinity
  const minuteDone = readMark(db, 'minute_done') ?? Number.MIN_SAFE_INTEGER
  const oldest = (
    db
      .prepare('SELECT coalesce((SELECT min(at) FROM rollup_minute), (SELECT min(at) FROM samples WHERE at >= ?)) AS v')
      .get(minuteDone) as {
      v: number | null
    }
  ).v
  const cut = oldest === null ? hourDone : Math.min(hourDone, Math.ceil(oldest / HOUR_MS) * HOUR_MS)
  const firstHour = (db.prepare('SELECT min(at) AS v FROM rollup_hour').get() as { v: number | null }).v
  return firstHour === null || firstHour >= cut ? -Infinity : cut
}

function endOf(granularity: Granularity, start: number, zone: ZoneSource | undefined): number {
  if (zone === undefined || granularity === 'raw' || granularity === 'minute') return periodEnd(granularity, start)
  if (granularity === 'hour' && (zone.wholeHours || start < zone.minutesFrom)) return start + HOUR_MS
  return zonePeriods(zone.zone).next(granularity, start)
}

/**
 * Start of the period of `granularity` containing `time`: in `zone`'s hours
 * and days when given, else as SQLite computes it (UTC hours, 'localtime' days).
 */
export function periodFloor(db: DatabaseSync, granularity: Exclude<Granularity, 'raw'>, time: number, zone?: ZoneSource): number {
  if (zone !== undefined && granularity !== 'minute') {
    if (granularity === 'hour' && (zone.wholeHours || time < zone.minutesFrom)) return Math.floor(time / HOUR_MS) * HOUR_MS
    return zonePeriods(zone.zone).start(granularity, time)
  }
  // JS numbers bind as REAL, and `/` on a REAL does not truncate: make it an integer first.
  const row = db.prepare(`SELECT ${periodStartSql(granularity)} AS v FROM (SELECT CAST(? AS INTEGER) AS at)`).get(Math.floor(time)) as {
    v: number
  }
  return row.v
}

function seriesFilter(query: UsageRangeQuery): SqlPart {
  const clauses: string[] = []
  const params: SQLInputValue[] = []
  if (!query.perServer) clauses.push(`server = ''`)
  if (query.machine !== undefined) {
    clauses.push('machine = ?')
    params.push(query.machine)
  }
  if (query.productId !== undefined) {
    clauses.push('product_id = ?')
    params.push(query.productId)
  }
  return { sql: clauses.length > 0 ? clauses.join(' AND ') : '1', params }
}

// Rows as SQLite returns them (column names of the statements below).
interface LatestRowDb {
  at: number
  machine: string
  product_id: number
  product_name: string
  used: number
  lim: number | null
  remaining: number | null
  status: string
  stale: number
  answered_at: number | null
  stale_since: number | null
}
interface HoldingRowDb {
  id: number
  server: string
  machine: string
  token: number
  product_id: number
  product_name: string
  user_name: string | null
  session_type: string | null
  client_machine: string | null
  ip_address: string | null
  host_type: string | null
  state: string | null
  reason: string | null
  retained_at: number | null
  session_key: string | null
  start: number
  start_at: number
  end_at: number | null
  end_reason: HoldingEndReason | null
  unknown_since: number | null
  gap_ms: number
}

// A retain time after the first sighting would be clock skew between server and monitor: keep the earlier.
const START_SQL = 'min(coalesce(h.retained_at, h.start_at), h.start_at)'

function* holdingRows(db: DatabaseSync, where: string, params: SQLInputValue[]): Generator<HoldingRow> {
  const asOf = lastRecordAt(db) ?? Date.now()
  const statement = db.prepare(`
    SELECT h.*, ${START_SQL} AS start,
      (SELECT coalesce(sum(g.to_at - g.from_at), 0) FROM holding_gaps g WHERE g.holding_id = h.id) AS gap_ms
    FROM holdings h WHERE ${where}
    ORDER BY start, h.server, h.token`)
  for (const row of statement.iterate(...params) as Iterable<HoldingRowDb>) {
    const end = row.end_at
    const unknownSince = row.unknown_since
    yield {
      id: row.id,
      server: row.server,
      machine: row.machine,
      token: row.token,
      productId: row.product_id,
      productName: row.product_name,
      userName: row.user_name,
      sessionType: row.session_type,
      clientMachine: row.client_machine,
      ipAddress: row.ip_address,
      hostType: row.host_type,
      state: row.state,
      reason: row.reason,
      retainedAt: row.retained_at,
      sessionKey: row.session_key,
      start: row.start,
      startSource: row.retained_at !== null && row.retained_at <= row.start_at ? 'retain-time' : 'first-poll',
      firstSeenAt: row.start_at,
      end,
      endReason: row.end_reason,
      durationMs: Math.max(0, (end ?? asOf) - row.start),
      unknownMs: row.gap_ms + (unknownSince === null ? 0 : Math.max(0, asOf - unknownSince)),
      unknownSince,
    }
  }
}

// Per-minute usage over a range, in the export's order (time, machine,
// product, server), straight from a cursor. As one statement (the stored
// rollups and the fresh minutes joined to their series, then ORDER BY) SQLite
// sorted the whole range before the first row: about 2 s for a month of 5
// series, synchronously, before the first byte of a download (issue 11 item 6).
// Here the stored rollups are read in their primary key's order (time, then
// series id), which needs no sort, and each minute's few rows (one per series)
// are put in the series' order in memory; the fresh minutes (raw samples past
// the rollup mark: hours, not a month) keep their own ordered statement, and
// the two ordered streams are merged.
import type { DatabaseSync } from 'node:sqlite'
import { bound, freshMinutes, minuteSplit, type SqlPart } from './usage-source.ts'

/** One period (here a minute) of one series, as the usage queries read it at every granularity. */
export interface MinuteRowDb {
  at: number
  series_id: number
  n: number
  sum_used: number
  min_used: number
  max_used: number
  max_at: number
  lim: number | null
  covered_ms: number | null
  machine: string
  server: string
  product_id: number
  product_name: string
}

export interface MinuteRange {
  from: number
  to: number
  minuteDone: number | null
  /** A `series` WHERE clause and its parameters. */
  series: SqlPart
}

const COLUMNS = `r.at, r.series_id, r.n, r.sum_used, r.min_used, r.max_used, r.max_at, r.lim, r.covered_ms,
  se.machine, se.server, se.product_id, se.product_name`

/**
 * The stored minutes in primary-key order. CROSS JOIN keeps rollup_minute as
 * the outer loop and the unary + keeps the series filter off the per-series
 * index, which the planner may otherwise prefer and then sort its rows by time.
 */
export function storedMinutesSql(series: SqlPart): string {
  return `SELECT ${COLUMNS}
    FROM rollup_minute r CROSS JOIN series se ON se.id = r.series_id
    WHERE r.at >= ? AND r.at < ? AND +r.series_id IN (SELECT id FROM series WHERE ${series.sql}) AND r.n > 0
    ORDER BY r.at, r.series_id`
}

/** Minutes whose start is in [from, to), ordered by time, machine, product id and server, as SQLite orders them. */
export function* minuteRowsInOrder(db: DatabaseSync, range: MinuteRange): Generator<MinuteRowDb> {
  const rank = seriesRanks(db)
  const split = minuteSplit(range.from, range.to, range.minuteDone)
  const stored = split.stored.from < split.stored.to ? storedInOrder(db, range.series, split.stored.from, split.stored.to, rank) : empty()
  const fresh = split.fresh.from < split.fresh.to ? freshInOrder(db, freshMinutes(split.fresh.from, split.fresh.to, range.series)) : empty()
  yield* merged(stored, fresh, rank)
}

/** Each series' place in the order machine, product id, server (SQLite's own comparison; the three are unique together). */
function seriesRanks(db: DatabaseSync): Map<number, number> {
  const ids = db.prepare('SELECT id FROM series ORDER BY machine, product_id, server').all() as { id: number }[]
  return new Map(ids.map(({ id }, index) => [id, index]))
}

function rankOf(rank: Map<number, number>, row: MinuteRowDb): number {
  return rank.get(row.series_id) ?? Number.MAX_SAFE_INTEGER
}

function* storedInOrder(db: DatabaseSync, series: SqlPart, from: number, to: number, rank: Map<number, number>): Generator<MinuteRowDb> {
  const statement = db.prepare(storedMinutesSql(series))
  let minute: MinuteRowDb[] = []
  const inSeriesOrder = (rows: MinuteRowDb[]) => rows.sort((a, b) => rankOf(rank, a) - rankOf(rank, b))
  for (const row of statement.iterate(bound(from), bound(to), ...series.params) as Iterable<MinuteRowDb>) {
    if (minute.length > 0 && (minute[0] as MinuteRowDb).at !== row.at) {
      yield* inSeriesOrder(minute)
      minute = []
    }
    minute.push(row)
  }
  yield* inSeriesOrder(minute)
}

function* freshInOrder(db: DatabaseSync, source: SqlPart): Generator<MinuteRowDb> {
  const statement = db.prepare(`SELECT ${COLUMNS}
    FROM (${source.sql}) r JOIN series se ON se.id = r.series_id
    WHERE r.n > 0
    ORDER BY r.at, se.machine, se.product_id, se.server`)
  yield* statement.iterate(...source.params) as Iterable<MinuteRowDb>
}

function* empty(): Generator<MinuteRowDb> {
  // nothing in this part of the range
}

/** Two streams, each in (time, series order), as one: the stored minutes come before the fresh ones but need not. */
function* merged(a: Iterator<MinuteRowDb>, b: Iterator<MinuteRowDb>, rank: Map<number, number>): Generator<MinuteRowDb> {
  let left = a.next()
  let right = b.next()
  while (!left.done || !right.done) {
    const takeLeft =
      right.done ||
      (!left.done &&
        (left.value.at < right.value.at || (left.value.at === right.value.at && rankOf(rank, left.value) <= rankOf(rank, right.value))))
    if (takeLeft && !left.done) {
      yield left.value
      left = a.next()
    } else if (!right.done) {
      yield right.value
      right = b.next()
    }
  }
}

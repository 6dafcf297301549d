// The local days of a capacity period, as SQLite numbers them (the history's
// days are SQLite's 'localtime' days), kept in a temporary table so one query
// can group every series by day through an index: SQLite groups without a sort
// only by columns it reads in order, and computing the day of each row with
// strftime costs more than the rest of a year's figures.
import type { DatabaseSync } from 'node:sqlite'
import { HOUR_MS } from '../history/periods.ts'
import { periodStartSql } from '../history/periods.ts'

export interface PeriodDay {
  start: number
  next: number
}

export const DAYS_TABLE = 'temp.capacity_days'

/**
 * The days from the one containing `from` to the one containing `to - 1`,
 * written to DAYS_TABLE. `tiles` is false when SQLite's day of some instant is
 * not the day whose [start, next) holds it (a zone whose midnight does not
 * exist on some date); callers then group by SQLite's day of each row instead.
 */
export function periodDays(db: DatabaseSync, from: number, to: number): { days: PeriodDay[]; tiles: boolean } {
  const floor = db.prepare(`SELECT ${periodStartSql('day')} AS v FROM (SELECT CAST(? AS INTEGER) AS at)`)
  const dayOf = (time: number): number => (floor.get(Math.floor(time)) as { v: number }).v
  const days: PeriodDay[] = []
  let start = dayOf(from)
  let tiles = dayOf(start) === start
  while (start < to) {
    // 36 h after a start is always inside the next day (days last 23 to 25 hours).
    const next = dayOf(start + 36 * HOUR_MS)
    if (next <= start) return { days, tiles: false }
    if (dayOf(next - 1) !== start || dayOf(next) !== next) tiles = false
    days.push({ start, next })
    start = next
  }
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS capacity_days (start INTEGER PRIMARY KEY, next INTEGER NOT NULL)`)
  db.exec(`DELETE FROM ${DAYS_TABLE}`)
  const insert = db.prepare(`INSERT INTO ${DAYS_TABLE} (start, next) VALUES (?, ?)`)
  for (const day of days) insert.run(day.start, day.next)
  return { days, tiles }
}

/** The day holding `time` (binary search over starts), if any. */
export function dayAt(days: readonly PeriodDay[], time: number): PeriodDay | undefined {
  let lo = 0
  let hi = days.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const day = days[mid]
    if (day === undefined || time < day.start) hi = mid - 1
    else if (time >= day.next) lo = mid + 1
    else return day
  }
  return undefined
}

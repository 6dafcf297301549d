// Local hours and days of a named zone, for rollups read in that zone.
//
// The stored rollups are UTC minutes and UTC hours. Every zone's offset is a
// whole number of minutes, so minutes tile any zone's hours and days; UTC
// hours tile a zone's days only while its offset is a whole number of hours
// (not Asia/Kolkata +05:30, Asia/Kathmandu +05:45, Australia/Lord_Howe
// +10:30/+11). Queries ask `wholeHours` and regroup minutes where it is false.
//
// A local hour starts when the wall clock reaches a whole hour or the offset
// changes: a repeated wall-clock hour (autumn) is two periods with distinct
// UTC starts, and Lord Howe's half-hour shifts make 30-minute hours. A local
// day runs from the first instant of its date to the first of the next (23 h
// and 25 h days at DST changes; a date whose midnight does not exist starts
// at the transition).
import type { DatabaseSync } from 'node:sqlite'
import { createOffsetLookup } from '../util/time-zone.ts'

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export type LocalUnit = 'hour' | 'day'

export interface ZonePeriods {
  readonly zone: string
  /** Start of the local hour or day that contains `at`. */
  start(unit: LocalUnit, at: number): number
  /** Start of the local hour or day after the one that contains `at`. */
  next(unit: LocalUnit, at: number): number
  /** Whether the zone's offset is a whole number of hours throughout [from, to], so UTC hours tile its days. */
  wholeHours(from: number, to: number): boolean
}

const cache = new Map<string, ZonePeriods>()

/** The periods of `zone` (an IANA name; a RangeError names it otherwise), shared per zone. */
export function zonePeriods(zone: string): ZonePeriods {
  let periods = cache.get(zone)
  if (periods === undefined) {
    periods = createZonePeriods(zone)
    // A handful of zones at most in practice; a bound keeps a caller looping over zone names harmless.
    if (cache.size >= 64) cache.clear()
    cache.set(zone, periods)
  }
  return periods
}

function createZonePeriods(zone: string): ZonePeriods {
  const offsetAt = createOffsetLookup(zone)

  /** The instant the offset became `offset`, searched by whole minutes in (before, at]; offsets change on whole minutes. */
  function transitionAfter(before: number, at: number, offset: number): number {
    let lo = Math.floor(before / MINUTE_MS)
    let hi = Math.floor(at / MINUTE_MS)
    if (offsetAt(hi * MINUTE_MS) !== offset) return at
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2)
      if (offsetAt(mid * MINUTE_MS) === offset) hi = mid
      else lo = mid
    }
    return hi * MINUTE_MS
  }

  function hourStart(at: number): number {
    const offset = offsetAt(at)
    const candidate = at - mod(at + offset, HOUR_MS)
    // The offset changed within this wall-clock hour: the period starts at the change.
    return offsetAt(candidate) === offset ? candidate : transitionAfter(candidate, at, offset)
  }

  function dayStart(at: number): number {
    const offset = offsetAt(at)
    const candidate = at - mod(at + offset, DAY_MS)
    if (offsetAt(candidate) === offset) return candidate
    const change = transitionAfter(candidate, at, offset)
    // Before the change the date may be the same (a DST change at 02:00) or the one before (midnight skipped).
    const before = change - 1
    const sameDate = Math.floor((before + offsetAt(before)) / DAY_MS) === Math.floor((at + offset) / DAY_MS)
    return sameDate ? dayStart(before) : change
  }

  const compute = (unit: LocalUnit, at: number): number => (unit === 'hour' ? hourStart(at) : dayStart(at))
  // An hour lasts at most 60 minutes and a day at most 25 hours; the one after lasts at least 15 minutes, or 23 hours.
  const nextOf = (unit: LocalUnit, from: number): number => compute(unit, from + (unit === 'hour' ? HOUR_MS : 26 * HOUR_MS))
  // SQL asks row after row in time order: the last period found answers most calls without Intl.
  const last: Record<LocalUnit, { start: number; end: number }> = { hour: { start: 0, end: 0 }, day: { start: 0, end: 0 } }
  const start = (unit: LocalUnit, at: number): number => {
    const known = last[unit]
    if (at >= known.start && at < known.end) return known.start
    const from = compute(unit, at)
    last[unit] = { start: from, end: nextOf(unit, from) }
    return from
  }

  return {
    zone,
    start,
    next(unit, at) {
      const from = start(unit, at)
      return last[unit].start === from ? last[unit].end : nextOf(unit, from)
    },
    wholeHours(from, to) {
      // Offsets last months: a look every 6 hours (and at both ends) sees every one the range has.
      const step = Math.max(6 * HOUR_MS, Math.ceil((to - from) / 20_000))
      for (let at = from; at < to; at += step) if (mod(offsetAt(at), HOUR_MS) !== 0) return false
      return mod(offsetAt(to), HOUR_MS) === 0
    },
  }
}

function mod(value: number, unit: number): number {
  return ((value % unit) + unit) % unit
}

const registered = new WeakSet<DatabaseSync>()

/**
 * Registers `local_period_start(at, unit, zone)` on a connection (once): the
 * start of the local hour or day holding `at`, for grouping in SQL.
 */
export function registerZoneFunctions(db: DatabaseSync): void {
  if (registered.has(db)) return
  db.function('local_period_start', { deterministic: true }, (at, unit, zone) => {
    if (typeof at !== 'number' && typeof at !== 'bigint') return null
    return zonePeriods(String(zone)).start(unit === 'hour' ? 'hour' : 'day', Number(at))
  })
  registered.add(db)
}

/** SQL for the local period start of column `at` (zone checked by the caller: it is embedded as a literal). */
export function localPeriodSql(unit: LocalUnit, zone: string): string {
  return `CAST(local_period_start(at, '${unit}', '${zone.replaceAll("'", "''")}') AS INTEGER)`
}

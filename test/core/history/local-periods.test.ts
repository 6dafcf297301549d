// Hour and day periods in the chosen zone, through real SQLite files on a fake
// clock: two and a half days of polls (with an outage) recorded around a zone's
// DST change or at its odd offset, read back per day (and per hour where the
// offset is not whole hours) before retention, after it rolled everything up,
// and after it deleted the minutes. The reference groups the raw samples by
// the wall-clock date (and hour and offset) Intl gives, minute by minute:
// nothing of zone-periods.ts is used to compute it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { historyFile, openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { usageOverRange } from '../../../main/core/history/queries.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { runRetention } from '../../../main/core/history/retention.ts'
import { historyRows } from '../../../main/core/export/export-rows.ts'
import { prng } from './usage-data.ts'
import { snapshot } from './snapshots.ts'

const M = 60_000
const H = 3_600_000
const STEP = 97_000 // not a divisor of a minute: minutes with one poll, minutes with none
const SPAN = 60 * H

interface Sample {
  at: number
  used: number
  answered: boolean
}

interface Dataset {
  history: HistoryDb
  samples: Sample[]
  from: number
  to: number
}

const dirs: string[] = []
const opened: HistoryDb[] = []
const recorded = new Map<number, Dataset>()

afterAll(() => {
  for (const history of opened) history.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function newHistory(): { history: HistoryDb } {
  const dir = mkdtempSync(join(tmpdir(), 'lm-history-zones-'))
  dirs.push(dir)
  const history = openHistory(dir)
  opened.push(history)
  return { history }
}

/** The polls from `start`, recorded once and copied (VACUUM INTO) for each caller, which may run retention on its copy. */
function dataset(start: number): Dataset {
  const master = recorded.get(start) ?? record(start)
  recorded.set(start, master)
  const dir = mkdtempSync(join(tmpdir(), 'lm-history-zones-'))
  dirs.push(dir)
  master.history.db.exec(`VACUUM INTO '${historyFile(dir)}'`)
  const history = openHistory(dir)
  opened.push(history)
  return { ...master, history }
}

/** Polls of one server every 97 s for 60 h from `start`, down (stale) for 40 minutes in the middle. */
function record(start: number): Dataset {
  const { history } = newHistory()
  const recorder = createRecorder(history.db)
  const random = prng(start % 1_000_003)
  const samples: Sample[] = []
  let used = 10
  for (let at = start; at < start + SPAN; at += STEP) {
    const down = at >= start + 30 * H && at < start + 30 * H + 40 * M
    if (!down) used = Math.max(0, Math.min(50, used + Math.floor(random() * 5) - 2))
    const licenses = Array.from({ length: used }, (_, i) => ({ server: 'Accounting', token: i + 1 }))
    recorder.record(snapshot([{ name: 'Accounting', machine: 'srv-app-01', status: down ? 'down' : 'up' }], licenses, 50), at)
    samples.push({ at, used, answered: !down })
  }
  return { history, samples, from: start, to: start + SPAN }
}

// ---- The reference: Intl's wall clock, minute by minute ----

const formats = new Map<string, Intl.DateTimeFormat>()
function wall(zone: string, ms: number): { date: string; hour: string; offset: string } {
  let format = formats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      timeZoneName: 'longOffset',
    })
    formats.set(zone, format)
  }
  const part = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]))
  return { date: `${part.year}-${part.month}-${part.day}`, hour: part.hour!, offset: part.timeZoneName! }
}

type Unit = 'hour' | 'day'
function key(zone: string, unit: Unit, ms: number): string {
  const w = wall(zone, ms)
  return unit === 'day' ? w.date : `${w.date} ${w.hour} ${w.offset}`
}

/** [start, end) of the wall-clock period holding `at`, walking minute by minute. */
function referencePeriod(zone: string, unit: Unit, at: number): [number, number] {
  const own = key(zone, unit, at)
  let start = Math.floor(at / M) * M
  while (key(zone, unit, start - M) === own) start -= M
  let end = start + M
  while (key(zone, unit, end) === own) end += M
  return [start, end]
}

interface Expected {
  start: number
  end: number
  samples: number
  min: number
  peak: number
  peakAt: number
  sum: number
  coverage: number
}

/**
 * Periods from the raw samples: answered polls only; a minute covers 60 s
 * times its share of answered polls. `placeBy` says which instant decides a
 * sample's period (the sample's own time, or the start of its UTC hour once
 * only hour rollups are left).
 */
function reference(samples: Sample[], zone: string, unit: Unit, placeBy: (at: number) => number): Expected[] {
  const minutes = new Map<number, { answered: number; total: number }>()
  for (const s of samples) {
    const minute = Math.floor(s.at / M) * M
    const m = minutes.get(minute) ?? { answered: 0, total: 0 }
    m.total++
    if (s.answered) m.answered++
    minutes.set(minute, m)
  }
  const periods = new Map<number, Expected>()
  // Samples come in time order: the period found last holds the next sample, until it does not.
  let last: [number, number] = [0, 0]
  const period = (at: number): [number, number] => {
    if (at < last[0] || at >= last[1]) last = referencePeriod(zone, unit, at)
    return last
  }
  for (const s of samples) {
    const [start, end] = period(placeBy(s.at))
    const p = periods.get(start) ?? { start, end, samples: 0, min: Infinity, peak: -1, peakAt: 0, sum: 0, coverage: 0 }
    periods.set(start, p)
    if (!s.answered) continue
    p.samples++
    p.sum += s.used
    p.min = Math.min(p.min, s.used)
    if (s.used > p.peak) Object.assign(p, { peak: s.used, peakAt: s.at })
  }
  for (const [minute, m] of minutes) {
    const p = periods.get(period(placeBy(minute))[0])
    if (p) p.coverage += (M * m.answered) / m.total
  }
  return [...periods.values()]
    .filter((p) => p.samples > 0)
    .map((p) => ({ ...p, coverage: p.coverage / (p.end - p.start) }))
    .sort((a, b) => a.start - b.start)
}

function actual(data: Dataset, zone: string, unit: Unit): Expected[] {
  return [...usageOverRange(data.history.db, { from: data.from, to: data.to, granularity: unit, timeZone: zone, productId: 1 })].map(
    (row) => ({
      start: row.periodStart,
      end: row.periodEnd,
      samples: row.samples,
      min: row.min,
      peak: row.peak,
      peakAt: row.peakAt,
      sum: Math.round(row.avg * row.samples),
      coverage: row.coverage ?? -1,
    }),
  )
}

function expectSame(got: Expected[], want: Expected[], label: string): void {
  const iso = (ms: number) => new Date(ms).toISOString()
  expect(
    got.map((p) => `${iso(p.start)}..${iso(p.end)}`),
    label,
  ).toEqual(want.map((p) => `${iso(p.start)}..${iso(p.end)}`))
  got.forEach((p, i) => {
    const w = want[i]!
    expect({ ...p, coverage: 0 }, `${label} ${iso(p.start)}`).toEqual({ ...w, coverage: 0 })
    expect(p.coverage, `${label} ${iso(p.start)} coverage`).toBeCloseTo(w.coverage, 9)
  })
}

interface ZoneCase {
  zone: string
  /** First poll (UTC). */
  start: string
  /** Hours per day the zone has in the range (DST days differ). */
  dayHours: number[]
  /** Whether its offset is whole hours (UTC hours tile its days even when only hour rollups are left). */
  whole: boolean
}

const CASES: ZoneCase[] = [
  { zone: 'UTC', start: '2026-10-02T06:00:00Z', dayHours: [24, 24, 24], whole: true },
  { zone: 'America/New_York', start: '2026-10-02T06:00:00Z', dayHours: [24, 24, 24], whole: true },
  { zone: 'Europe/Paris', start: '2026-03-27T12:00:00Z', dayHours: [24, 24, 23], whole: true },
  { zone: 'Europe/Paris', start: '2026-10-23T12:00:00Z', dayHours: [24, 24, 25], whole: true },
  { zone: 'Asia/Kolkata', start: '2026-10-02T06:00:00Z', dayHours: [24, 24, 24], whole: false },
  { zone: 'Asia/Kathmandu', start: '2026-10-02T06:00:00Z', dayHours: [24, 24, 24], whole: false },
  { zone: 'Australia/Lord_Howe', start: '2026-10-02T06:00:00Z', dayHours: [24, 24, 23.5], whole: false },
  { zone: 'Australia/Lord_Howe', start: '2026-04-03T06:00:00Z', dayHours: [24, 24, 24.5], whole: false },
]

describe.each(CASES)('local periods in $zone from $start', ({ zone, start, dayHours, whole }) => {
  let copy: Dataset | undefined
  const data = (): Dataset => (copy ??= dataset(Date.parse(start)))
  const units: Unit[] = whole ? ['day'] : ['day', 'hour']

  it(`days follow the zone's midnights (${dayHours.join(' h, ')} h); ${whole ? 'days' : 'days and hours'} match the raw samples before and after the rollups`, () => {
    const d = data()
    const before = units.map((unit) => actual(d, zone, unit))
    units.forEach((unit, i) =>
      expectSame(
        before[i]!,
        reference(d.samples, zone, unit, (at) => at),
        `${unit}, on the fly`,
      ),
    )
    const days = before[0]!
    expect(days.map((p) => (p.end - p.start) / H).slice(0, dayHours.length)).toEqual(dayHours)
    // Every peak lies inside its own period.
    for (const list of before) for (const p of list) expect(p.peakAt >= p.start && p.peakAt < p.end).toBe(true)
  })

  it('the same once retention has rolled everything up into minutes and hours', () => {
    const d = data()
    const before = units.map((unit) => actual(d, zone, unit))
    runRetention(d.history.db, d.to + 2 * H)
    units.forEach((unit, i) => expectSame(actual(d, zone, unit), before[i]!, `${unit}, rolled up`))
  })

  it('with minutes kept for the last part of the range only, every poll counts once: hours before, minutes after', () => {
    const d = data()
    // Minutes before to + 2 h - 30 h = start + 32 h are deleted (their hours are rolled up).
    runRetention(d.history.db, d.to + 2 * H, { minuteMs: 30 * H })
    const cut = d.from + 32 * H
    const placeBy = (at: number) => (whole || at >= cut ? at : Math.floor(at / H) * H)
    expectSame(actual(d, zone, 'day'), reference(d.samples, zone, 'day', placeBy), 'day, minutes from +32 h')
    const answered = d.samples.filter((s) => s.answered)
    const days = actual(d, zone, 'day')
    expect(days.reduce((n, p) => n + p.samples, 0)).toBe(answered.length)
    expect(days.reduce((n, p) => n + p.sum, 0)).toBe(answered.reduce((n, s) => n + s.used, 0))
  })

  it(
    whole
      ? 'once only hour rollups are left, days are still exact'
      : 'once only hour rollups are left, each UTC hour counts in the day its start falls in, and hours are UTC hours',
    () => {
      const d = data()
      runRetention(d.history.db, d.to + 2 * H, { rawMs: H, minuteMs: H })
      const onlyHours = d.history.db.prepare('SELECT count(*) AS n FROM rollup_minute').get() as { n: number }
      expect(onlyHours.n).toBe(0)
      const placeBy = whole ? (at: number) => at : (at: number) => Math.floor(at / H) * H
      expectSame(actual(d, zone, 'day'), reference(d.samples, zone, 'day', placeBy), 'day, hours only')
      if (!whole) {
        expectSame(
          actual(d, zone, 'hour'),
          reference(d.samples, 'UTC', 'hour', (at) => at),
          'hour, hours only',
        )
      }
    },
  )
})

describe('the history export in a zone', () => {
  it('groups days by the zone it is written in: Asia/Kolkata days start at 18:30 UTC', () => {
    const d = dataset(Date.parse('2026-10-02T06:00:00Z'))
    const rows = [...historyRows(d.history.db, { from: d.from, to: d.to, granularity: 'day', timeZone: 'Asia/Kolkata' })]
    expect(rows.length).toBeGreaterThan(1)
    for (const row of rows) expect(new Date(Number(row.periodStart)).toISOString().slice(11, 19)).toBe('18:30:00')
  })
})

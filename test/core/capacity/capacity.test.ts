// Capacity figures against generated histories in real SQLite files; every
// expected figure is derived here from the per-minute truth in plain
// TypeScript (grouping, sorting, brute-force counting), never through SQL.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capacityReport, capacityUsers, localDay } from '../../../main/core/capacity/capacity.ts'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import type { CapacityFigures, CapacitySettings } from '../../../main/core/types/index.ts'
import { generateMinutes, HOUR, MINUTE, writeHoldings, writePool, type HoldingSpec, type MinuteValue } from './generated-history.ts'

const DAY = 24 * HOUR
const T0 = new Date(2026, 9, 1).getTime()
const END = T0 + 40 * DAY
const LAYOUT = { minuteFrom: T0 + 30 * DAY, hourDone: T0 + 38 * DAY, minuteDone: END - 2 * HOUR }
const GAPS: [number, number][] = [
  [T0 + 5 * DAY, T0 + 6 * DAY],
  [T0 + 33 * DAY + 10 * HOUR, T0 + 33 * DAY + 13 * HOUR],
]
const FROM = T0 + 2 * DAY
const SETTINGS: CapacitySettings = {
  margin: 3,
  groups: [
    { name: 'Finance', patterns: ['a*', 'B*'] },
    { name: 'Ops', patterns: ['*'] },
  ],
}

const busyPool = generateMinutes({ start: T0, end: END, gaps: GAPS, limitAt: (at) => (at < T0 + 36 * DAY ? 10 : 12), seed: 11 })
const quietPool = generateMinutes({ start: T0, end: END, gaps: GAPS, limitAt: () => 50, seed: 5, busy: 30 })

let dir: string
let history: HistoryDb

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-capacity-'))
  history = openHistory(dir)
  writePool(history.db, { machine: 'srv-a', productId: 1, productName: '4D Client', minutes: busyPool }, LAYOUT)
  writePool(history.db, { machine: 'srv-b', productId: 1, productName: '4D Client', minutes: quietPool }, LAYOUT)
})
afterAll(() => {
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Period {
  at: number
  unit: number
  max: number
  lim: number
}

/** The periods the figures should read: hours before the first minute rollup, minutes after. */
function expectedPeriods(minutes: readonly MinuteValue[], from: number, to: number): Period[] {
  const periods = new Map<number, Period>()
  for (const m of minutes) {
    if (m.at < from || m.at >= to) continue
    const unit = m.at < LAYOUT.minuteFrom ? HOUR : MINUTE
    const at = Math.floor(m.at / unit) * unit
    const p = periods.get(at) ?? { at, unit, max: 0, lim: 0 }
    p.max = Math.max(p.max, m.used)
    p.lim = Math.max(p.lim, m.lim)
    periods.set(at, p)
  }
  return [...periods.values()].sort((a, b) => a.at - b.at)
}

function expectedFigures(minutes: readonly MinuteValue[], from: number, to: number) {
  const days = new Map<number, { peak: number; peakAt: number; limit: number }>()
  for (const m of minutes) {
    if (m.at < from || m.at >= to) continue
    const day = localDay(m.at)
    const d = days.get(day)
    if (!d || m.used > d.peak) days.set(day, { peak: m.used, peakAt: m.at, limit: Math.max(d?.limit ?? 0, m.lim) })
    else d.limit = Math.max(d.limit, m.lim)
  }
  const periods = expectedPeriods(minutes, from, to)
  const hot = periods.filter((p) => p.max / p.lim >= 0.9)
  const full = periods.filter((p) => p.max >= p.lim)
  const episodes = full.filter((p, i) => i === 0 || full[i - 1]!.at + full[i - 1]!.unit !== p.at).length
  const peaks = [...days.values()].map((d) => d.peak).sort((a, b) => a - b)
  let gaps = 0
  for (let i = 1; i < periods.length; i++) if (periods[i]!.at > periods[i - 1]!.at + periods[i - 1]!.unit) gaps++
  return {
    days,
    p95: peaks[Math.ceil(0.95 * peaks.length) - 1],
    max: peaks.at(-1),
    atOrAbove90Ms: hot.reduce((s, p) => s + p.unit, 0),
    fullMs: full.reduce((s, p) => s + p.unit, 0),
    fullEpisodes: episodes,
    fullDays: new Set(full.map((p) => localDay(p.at))).size,
    coveredMs: periods.reduce((s, p) => s + p.unit, 0),
    innerGaps: gaps,
  }
}

function pair(machine: string): CapacityFigures {
  const report = capacityReport(history.db, { from: FROM, to: END, settings: SETTINGS, now: END })
  const found = report.pairs.find((p) => p.machine === machine)
  if (!found) throw new Error(`no figures for ${machine}`)
  return found
}

describe('capacity figures of a generated 40-day history (hours, then minutes, then raw samples)', () => {
  it('daily peaks, their p95 and maximum match the per-minute truth', () => {
    const figures = pair('srv-a')
    const expected = expectedFigures(busyPool, FROM, END)
    expect(figures.dailyPeaks.map((d) => d.day)).toEqual([...expected.days.keys()])
    for (const d of figures.dailyPeaks) expect(d).toMatchObject(expected.days.get(d.day)!)
    expect(figures.p95DailyPeak).toBe(expected.p95)
    expect(figures.maxDailyPeak).toBe(expected.max)
    expect(figures.limit).toBe(12)
  })

  it('time at 90 % and at the limit, full stretches and full days are counted in whole periods of the finest level kept', () => {
    const figures = pair('srv-a')
    const expected = expectedFigures(busyPool, FROM, END)
    expect(expected.fullMs).toBeGreaterThan(0)
    expect(figures.pressure).toEqual({
      atOrAbove90Ms: expected.atOrAbove90Ms,
      fullMs: expected.fullMs,
      fullEpisodes: expected.fullEpisodes,
      fullDays: expected.fullDays,
      resolution: 'mixed',
    })
  })

  it('states its coverage and shows the gaps (a missing day, three missing hours) without filling them', () => {
    const { coverage } = pair('srv-a')
    const expected = expectedFigures(busyPool, FROM, END)
    expect(coverage.coveredMs).toBe(expected.coveredMs)
    expect(coverage.ratio).toBeCloseTo(expected.coveredMs / (END - FROM), 10)
    expect(coverage.gapCount).toBe(expected.innerGaps)
    expect(coverage.gaps.slice(0, 2)).toEqual(GAPS.map(([from, to]) => ({ from, to })))
  })

  it('a pool that was full gets "add", with the arithmetic of the smallest pool that keeps its peak below 90 %', () => {
    const { recommendation, pressure } = pair('srv-a')
    const expected = expectedFigures(busyPool, FROM, END)
    const pool = Math.floor((expected.max! * 10) / 9) + 1
    expect(recommendation.action).toBe('add')
    expect(recommendation.suggestedLimit).toBe(pool)
    expect(recommendation.text).toContain(`the pool of 12 was full for`)
    expect(recommendation.text).toContain(`on ${pressure.fullDays} days: ${pool - 12} more licenses would have kept it below 90 %`)
    expect(recommendation.arithmetic).toContain(`floor(${expected.max} × 10 / 9) + 1 = ${pool}`)
  })

  it('a pool that never came close gets "reduce" to its highest daily peak plus the margin', () => {
    const { recommendation, pressure } = pair('srv-b')
    const expected = expectedFigures(quietPool, FROM, END)
    expect(pressure.fullMs).toBe(0)
    expect(recommendation).toMatchObject({ action: 'reduce', suggestedLimit: expected.max! + 3 })
    expect(recommendation.text).toContain(
      `the pool of 50 never went above ${expected.max}; 95 % of days peaked at ${expected.p95} or less: you could hold ${expected.max! + 3} and keep a 3-license margin`,
    )
  })

  it('a period the history does not reach has no figures; one pair can be asked alone', () => {
    expect(capacityReport(history.db, { from: END + DAY, to: END + 2 * DAY, settings: SETTINGS }).pairs).toEqual([])
    const one = capacityReport(history.db, { from: FROM, to: END, machine: 'srv-b', productId: 1, settings: SETTINGS })
    expect(one.pairs.map((p) => p.machine)).toEqual(['srv-b'])
  })
})

describe('holders: license-hours, peak concurrent, idle sessions, session kinds, groups', () => {
  const P = FROM + DAY
  const asOf = busyPool.at(-1)!.at
  const HOLDINGS: HoldingSpec[] = [
    { token: 1, user: 'alice', client: 'PC-1', sessionType: 'remote', state: 'active', start: P + 1 * HOUR, end: P + 5 * HOUR },
    {
      token: 2,
      user: 'alice',
      client: 'PC-2',
      sessionType: 'remote',
      state: 'sleeping',
      start: P + 2 * HOUR,
      end: P + 10 * HOUR,
      gaps: [[P + 3 * HOUR, P + 4 * HOUR]],
    },
    {
      token: 3,
      user: 'bob',
      client: 'PC-3',
      sessionType: 'rest',
      state: 'active',
      start: P + 4 * HOUR,
      end: P + 6 * HOUR,
      retainedAt: P + 3.5 * HOUR,
    },
    { token: 4, user: 'carol', client: 'PC-3', sessionType: 'web', state: 'postponed', start: P + 20 * DAY, end: null },
    {
      token: 5,
      user: 'dave',
      client: 'PC-4',
      sessionType: 'remote',
      state: 'sleeping',
      start: asOf - 5 * HOUR,
      end: null,
      unknownSince: asOf - HOUR,
    },
    { token: 6, user: 'erin', client: 'PC-5', sessionType: 'remote', state: 'active', start: FROM - 2 * DAY, end: FROM + 3 * HOUR },
    { token: 7, user: 'alice', client: 'PC-1', sessionType: 'remote', state: 'active', start: P + 5 * HOUR, end: P + 6 * HOUR },
    { token: 8, user: null, client: null, sessionType: 'remote', state: 'active', start: P, end: P + 30 * MINUTE },
  ]

  beforeAll(() => writeHoldings(history.db, 'srv-a', 1, HOLDINGS))

  /** Held ms of one holding inside [FROM, END), without its gaps and its unknown tail. */
  function heldMs(h: HoldingSpec): number {
    const start = Math.max(Math.min(h.retainedAt ?? h.start, h.start), FROM)
    const end = Math.min(h.end ?? asOf, END)
    let ms = Math.max(0, end - start)
    for (const [from, to] of h.gaps ?? []) ms -= Math.max(0, Math.min(to, end) - Math.max(from, start))
    if (h.end === null && h.unknownSince !== undefined) ms -= Math.max(0, end - Math.max(h.unknownSince, start))
    return ms
  }

  /** Brute force: the most holdings of the same key open at any holding's start. */
  function peakOf(list: HoldingSpec[]): number {
    const span = (h: HoldingSpec) => [Math.max(Math.min(h.retainedAt ?? h.start, h.start), FROM), Math.min(h.end ?? asOf, END)] as const
    return Math.max(...list.map((h) => list.filter((o) => span(o)[0] <= span(h)[0] && span(h)[0] < span(o)[1]).length))
  }

  function expectedBy(key: (h: HoldingSpec) => string) {
    const groups = new Map<string, HoldingSpec[]>()
    for (const h of HOLDINGS) groups.set(key(h), [...(groups.get(key(h)) ?? []), h])
    return new Map(
      [...groups].map(([k, list]) => [
        k,
        { licenseHours: list.reduce((s, h) => s + heldMs(h), 0) / HOUR, peakConcurrent: peakOf(list), holdings: list.length },
      ]),
    )
  }

  it('per user and per client machine: license-hours net of unknown time, peak concurrent, first and last seen', () => {
    const users = capacityUsers(history.db, { machine: 'srv-a', productId: 1, from: FROM, to: END }, SETTINGS)
    const byUser = expectedBy((h) => h.user ?? '(unknown)')
    expect(users.byUser.map((u) => u.key).sort()).toEqual([...byUser.keys()].sort())
    for (const u of users.byUser) expect(u).toMatchObject(byUser.get(u.key)!)
    expect(users.byUser.find((u) => u.key === 'alice')).toMatchObject({ peakConcurrent: 2, firstSeen: P + HOUR, lastSeen: P + 10 * HOUR })
    expect(users.byUser.find((u) => u.key === 'erin')?.firstSeen).toBe(FROM)
    const byClient = expectedBy((h) => h.client ?? '(unknown)')
    for (const c of users.byClientMachine) expect(c).toMatchObject(byClient.get(c.key)!)
    // Largest first.
    expect(users.byUser.map((u) => u.licenseHours)).toEqual([...users.byUser.map((u) => u.licenseHours)].sort((a, b) => b - a))
  })

  it('per group: the first matching pattern wins, case-insensitive', () => {
    const users = capacityUsers(history.db, { machine: 'srv-a', productId: 1, from: FROM, to: END }, SETTINGS)
    const byGroup = expectedBy((h) => (/^[ab]/i.test(h.user ?? '') ? 'Finance' : 'Ops'))
    expect(users.byGroup.map((g) => g.key).sort()).toEqual(['Finance', 'Ops'])
    for (const g of users.byGroup) expect(g).toMatchObject(byGroup.get(g.key)!)
  })

  it('idle holders (sleeping, postponed), their share, those idle now, and the REST/web share', () => {
    const figures = pair('srv-a')
    const total = HOLDINGS.reduce((s, h) => s + heldMs(h), 0)
    const idle = HOLDINGS.filter((h) => h.state === 'sleeping' || h.state === 'postponed')
    const idleMs = idle.reduce((s, h) => s + heldMs(h), 0)
    expect(figures.idle.licenseHours).toBeCloseTo(idleMs / HOUR, 9)
    expect(figures.idle.share).toBeCloseTo(idleMs / total, 9)
    expect(figures.idle.topUsers.map((u) => u.key)).toEqual(['carol', 'alice', 'dave'])
    // dave's server stopped answering: his holding is unknown, not idle, now.
    expect(figures.idle.now.map((h) => h.userName)).toEqual(['carol'])
    const restWeb = HOLDINGS.filter((h) => h.sessionType === 'rest' || h.sessionType === 'web').reduce((s, h) => s + heldMs(h), 0)
    expect(figures.restWebShare).toBeCloseTo(restWeb / total, 9)
    expect(figures.sessionKinds.map((k) => k.sessionType).sort()).toEqual(['remote', 'rest', 'web'])
    expect(figures.holdingsNote).toBeNull()
    expect(pair('srv-b').holdingsNote).toContain('counts only')
  })
})

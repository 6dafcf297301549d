// The forecast as the alerting path runs it: a poll every 30 s records the
// row's `used` (unless the row is stale) and judges the trend as of that poll.
// Each series asserts when a forecast must and must not appear.

import { describe, expect, it } from 'vitest'
import { formatForecast, minutesToExhaustion, UsageHistory, type UsageSample } from '../../../main/core/alerts/forecast.ts'

const MIN = 60_000
const POLL = 30_000
const LIMIT = 50

/** used at a time (ms), or 'stale' while the row's servers do not answer. */
type Series = (at: number) => number | 'stale'

interface Seen {
  at: number
  minutes: number | null
}

/** Polls the series every 30 s for `minutes`, as alerting.ts does; the forecast seen after each poll. */
function play(series: Series, minutes: number): Seen[] {
  const history = new UsageHistory()
  const seen: Seen[] = []
  for (let at = 0; at <= minutes * MIN; at += POLL) {
    const used = series(at)
    if (used !== 'stale') history.record('k', at, used)
    history.judge('k', at, used === 'stale')
    const remaining = used === 'stale' ? LIMIT - lastUsed(series, at) : LIMIT - used
    seen.push({ at, minutes: history.forecast('k', remaining) })
  }
  return seen
}

function lastUsed(series: Series, at: number): number {
  for (let t = at; t >= 0; t -= POLL) {
    const used = series(t)
    if (used !== 'stale') return used
  }
  return 0
}

const shownAt = (seen: Seen[], minute: number): number | null => seen.find((s) => s.at === minute * MIN)?.minutes ?? null
const shownBetween = (seen: Seen[], from: number, to: number): Seen[] =>
  seen.filter((s) => s.at >= from * MIN && s.at <= to * MIN && s.minutes !== null)
/** How often the forecast appeared or disappeared. */
const flips = (seen: Seen[]): number => seen.slice(1).filter((s, i) => (s.minutes === null) !== (seen[i]!.minutes === null)).length

const minute = (at: number): number => at / MIN

describe('forecast: when it must and must not appear', () => {
  it('rising 1 license a minute: shown once the trend is established, about right, and stays', () => {
    const seen = play((at) => 20 + Math.floor(minute(at)), 25)
    expect(shownAt(seen, 1.5)).toBeNull() // too short a span
    expect(shownAt(seen, 10)).toBeCloseTo(20, 0)
    expect(shownAt(seen, 25)).toBeCloseTo(5, 0)
    expect(flips(seen)).toBe(1)
  })

  it('rising by one license every 5 minutes: shown, near the 30 minutes it takes for 6 left', () => {
    const seen = play((at) => 40 + Math.floor(minute(at) / 5), 20)
    const minutes = shownAt(seen, 20)
    expect(minutes).not.toBeNull()
    expect(Math.abs(minutes! - 30)).toBeLessThan(8)
  })

  it('flat: never', () => {
    expect(
      shownBetween(
        play(() => 40, 30),
        0,
        30,
      ),
    ).toEqual([])
  })

  it('releases (48 to 44 of 50 over four minutes after a plateau): never', () => {
    const seen = play((at) => (minute(at) < 10 ? 48 : Math.max(44, 48 - Math.floor(minute(at) - 10))), 20)
    expect(shownBetween(seen, 0, 20)).toEqual([])
  })

  it('a climb then a plateau: shown during the climb, gone once the newer half is flat, long before the climb leaves the window', () => {
    const seen = play((at) => Math.min(30 + Math.floor(minute(at)), 40), 23)
    expect(shownAt(seen, 9)).not.toBeNull()
    expect(shownAt(seen, 23)).toBeNull() // 13 flat minutes
    expect(shownBetween(seen, 20, 23)).toEqual([]) // the newer half flat, plus the 2-minute hold
  })

  it('one login on a plateau: never', () => {
    const seen = play((at) => (minute(at) < 15 ? 40 : 41), 20)
    expect(shownBetween(seen, 0, 20)).toEqual([])
  })

  it('sawtooth (5 logins over 5 minutes, then all released): never in the two minutes after a drop', () => {
    const seen = play((at) => 30 + (Math.floor(minute(at)) % 6), 40)
    for (const drop of [6, 12, 18, 24, 30, 36]) expect(shownBetween(seen, drop, drop + 2), `after the drop at minute ${drop}`).toEqual([])
  })

  it('an outage: gone at its first stale poll, none through an hour of it, none after it until a new trend builds', () => {
    const seen = play((at) => (minute(at) < 10 ? 30 + Math.floor(minute(at)) : minute(at) < 70 ? 'stale' : 40), 80)
    expect(shownAt(seen, 9.5)).not.toBeNull()
    expect(shownBetween(seen, 10, 80)).toEqual([])
  })

  it('a slow rise with noise (one license every 5 minutes, +-1): shown and does not flicker', () => {
    // Without the hold this series shows and hides the forecast 11 times in 40 minutes.
    const noise = [0, 1, -1, 1, 0, -1, 1, 0, -1, 0, 1, 0]
    const seen = play((at) => 10 + Math.floor(minute(at) / 5) + (noise[Math.round(at / POLL) % noise.length] ?? 0), 40)
    expect(shownAt(seen, 40)).not.toBeNull()
    expect(flips(seen)).toBe(1)
  })

  it('noise around a flat line: never', () => {
    const noise = [0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 0]
    const seen = play((at) => 20 + (noise[Math.round(at / POLL) % noise.length] ?? 0), 30)
    expect(shownBetween(seen, 0, 30)).toEqual([])
  })
})

describe('minutesToExhaustion', () => {
  const rising: UsageSample[] = Array.from({ length: 11 }, (_, m) => ({ at: m * MIN, used: 30 + m }))

  it('measures the window from now, not from the newest sample', () => {
    expect(minutesToExhaustion(rising, 12, { now: 10 * MIN })).toBeCloseTo(12, 6)
    // Nothing new for an hour: no samples in the window, no forecast (it used to stay at ~12 min).
    expect(minutesToExhaustion(rising, 12, { now: 70 * MIN })).toBeNull()
    // The newest sample is too old to speak for now.
    expect(minutesToExhaustion(rising, 12, { now: 13 * MIN })).toBeNull()
  })

  it('never on a stale or full row', () => {
    expect(minutesToExhaustion(rising, 12, { now: 10 * MIN, stale: true })).toBeNull()
    expect(minutesToExhaustion(rising, 0, { now: 10 * MIN })).toBeNull()
  })

  it('needs enough samples over a long enough span', () => {
    expect(minutesToExhaustion(rising.slice(0, 4), 12, { now: 3 * MIN })).toBeNull()
    const quick = Array.from({ length: 10 }, (_, i) => ({ at: i * 10_000, used: 30 + i }))
    expect(minutesToExhaustion(quick, 12, { now: 90_000 })).toBeNull()
  })
})

describe('formatForecast', () => {
  it.each([
    [0.4, '< 1 min'],
    [12.2, '~12 min'],
    [59.4, '~59 min'],
    [59.6, '~1 h'],
    [130, '~2 h'],
    [60 * 50, '~2 d'],
  ])('%s minutes -> %s', (minutes, text) => {
    expect(formatForecast(minutes)).toBe(text)
  })
})

describe('UsageHistory', () => {
  it('keeps a bounded ring trimmed by time, one sample per moment', () => {
    const history = new UsageHistory({ maxSamples: 20 })
    for (let m = 0; m <= 60; m++) history.record('k', m * MIN, m)
    history.record('k', 60 * MIN, 61)
    const samples = history.samples('k')
    expect(samples).toHaveLength(16)
    expect(samples[0]?.at).toBe(45 * MIN)
    expect(samples.at(-1)).toEqual({ at: 60 * MIN, used: 61 })
    history.judge('k', 60 * MIN)
    expect(history.forecast('k', 10)).toBeGreaterThan(0)
  })

  it('forgets rows that went away', () => {
    const history = new UsageHistory()
    history.record('a', 0, 1)
    history.record('b', 0, 1)
    history.retain(new Set(['b']))
    expect(history.samples('a')).toEqual([])
    expect(history.samples('b')).toHaveLength(1)
  })
})

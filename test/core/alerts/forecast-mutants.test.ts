// Boundaries of the forecast rules: which samples count (the window, the
// newest's age), how many are enough, the middle sample belonging to both
// halves, the hold, the ring size, and the text thresholds.

import { describe, expect, it } from 'vitest'
import {
  formatForecast,
  leastSquaresSlope,
  risingSlope,
  trendBroken,
  UsageHistory,
  type UsageSample,
} from '../../../main/core/alerts/forecast.ts'

const MIN = 60_000

/** One sample a minute from minute 0, `used` as listed. */
function perMinute(used: number[]): UsageSample[] {
  return used.map((u, m) => ({ at: m * MIN, used: u }))
}

/** 30 + one license a minute, minutes 0..10: a clear rise. */
const RISING = perMinute([30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40])
const RISING_SLOPE = 1 / MIN

describe('leastSquaresSlope', () => {
  it('no samples: no slope', () => {
    expect(leastSquaresSlope([])).toBeNull()
  })

  it('two samples at different times are enough for a slope', () => {
    expect(
      leastSquaresSlope([
        { at: 0, used: 0 },
        { at: 1000, used: 10 },
      ]),
    ).toBeCloseTo(0.01, 12)
  })

  it('samples all at one time: no slope', () => {
    expect(
      leastSquaresSlope([
        { at: 5, used: 1 },
        { at: 5, used: 3 },
      ]),
    ).toBeNull()
  })
})

describe('risingSlope: which samples count', () => {
  it('a sample after now is ignored', () => {
    const withFuture = [...RISING, { at: 11 * MIN, used: 0 }]
    expect(risingSlope(withFuture, { now: 10 * MIN })).toBeCloseTo(RISING_SLOPE, 12)
  })

  it('a sample older than the window is ignored', () => {
    const withOld = [{ at: -6 * MIN, used: 100 }, ...RISING]
    expect(risingSlope(withOld, { now: 10 * MIN }, { windowMs: 15 * MIN })).toBeCloseTo(RISING_SLOPE, 12)
  })

  it('a sample exactly one window before now still counts', () => {
    // 5 samples only with the one at the window's start.
    const samples = perMinute([0, 1, 2, 3, 4])
    expect(risingSlope(samples, { now: 4 * MIN }, { windowMs: 4 * MIN })).toBeCloseTo(RISING_SLOPE, 12)
  })

  it('the newest sample exactly maxAge old still speaks for now; a moment older does not', () => {
    expect(risingSlope(RISING, { now: 12 * MIN })).toBeCloseTo(RISING_SLOPE, 12)
    expect(risingSlope(RISING, { now: 12 * MIN + 1 })).toBeNull()
  })
})

describe('risingSlope: how much is enough', () => {
  const fiveOverTwoMinutes = [0, 1, 2, 3, 4].map((i) => ({ at: i * 30_000, used: 10 + i }))

  it('exactly 5 samples over exactly 2 minutes are enough', () => {
    expect(risingSlope(fiveOverTwoMinutes, { now: 2 * MIN })).not.toBeNull()
  })

  it('4 samples are not enough', () => {
    expect(risingSlope(fiveOverTwoMinutes.slice(1), { now: 2 * MIN })).toBeNull()
  })

  it('a rise of exactly minRise over the span is enough, just under it is not', () => {
    const samples = perMinute([0, 1, 2, 3, 4])
    expect(risingSlope(samples, { now: 4 * MIN }, { minRise: 4 })).not.toBeNull()
    expect(risingSlope(samples, { now: 4 * MIN }, { minRise: 4.01 })).toBeNull()
  })
})

describe('risingSlope: the two halves', () => {
  it('the sample at the middle belongs to the older half: the newest below it gives no forecast', () => {
    // Minutes 0..6, middle at 3 (used 10); the newest (9) is below it.
    expect(risingSlope(perMinute([0, 1, 2, 10, 0, 5, 9]), { now: 6 * MIN })).toBeNull()
  })

  it('the sample at the middle belongs to the newer half: a step up at the middle then a short plateau still rises', () => {
    expect(risingSlope(perMinute([0, 1, 2, 2, 5, 5, 5]), { now: 6 * MIN })).not.toBeNull()
  })

  it("the newest sample back at the older half's highest still gives a forecast", () => {
    // Older half (minutes 0..2) tops at 4; the newest is 4 again.
    expect(risingSlope(perMinute([0, 1, 4, 2, 3, 4]), { now: 5 * MIN })).not.toBeNull()
  })
})

describe('trendBroken', () => {
  it('no samples: broken', () => {
    expect(trendBroken([], { now: 10 * MIN })).toBe(true)
  })

  it('a flat pool whose newest sample is recent: not broken', () => {
    expect(trendBroken(perMinute([5, 5, 5]), { now: 2 * MIN })).toBe(false)
  })

  it('the newest sample exactly maxAge old: not broken; any older: broken', () => {
    expect(trendBroken(perMinute([5, 5, 5]), { now: 4 * MIN })).toBe(false)
    expect(trendBroken(perMinute([5, 5, 5]), { now: 4 * MIN + 1 })).toBe(true)
  })

  it('a high sample older than the window does not count as the earlier level', () => {
    const samples = [{ at: 0, used: 50 }, ...perMinute([5, 5, 5]).map((s) => ({ ...s, at: s.at + 20 * MIN }))]
    expect(trendBroken(samples, { now: 22 * MIN })).toBe(false)
  })

  it('a low sample after now does not count as the newest', () => {
    const samples = [...perMinute([5, 5, 5]), { at: 3 * MIN, used: 0 }]
    expect(trendBroken(samples, { now: 2 * MIN })).toBe(false)
  })

  it('a high sample exactly one window before now counts as the earlier level', () => {
    const samples = [
      { at: 0, used: 10 },
      { at: 10 * MIN, used: 5 },
      { at: 15 * MIN, used: 5 },
    ]
    expect(trendBroken(samples, { now: 15 * MIN })).toBe(true)
  })

  it('the sample at the middle counts as the earlier level', () => {
    expect(trendBroken(perMinute([5, 10, 8]), { now: 2 * MIN })).toBe(true)
  })

  it('a drop of one license below the earlier level is noise, two is a release', () => {
    expect(trendBroken(perMinute([5, 10, 9]), { now: 2 * MIN })).toBe(false)
    expect(trendBroken(perMinute([5, 10, 8, 8]), { now: 3 * MIN })).toBe(true)
  })
})

describe('formatForecast thresholds', () => {
  it('59.5 minutes reads as an hour, not 60 min', () => {
    expect(formatForecast(59.5)).toBe('~1 h')
  })

  it('47.5 hours reads as 2 days, not 48 h', () => {
    expect(formatForecast(47.5 * 60)).toBe('~2 d')
  })
})

describe('UsageHistory', () => {
  /** A history whose row 'k' rose one license a minute over minutes 0..10, judged at minute 10. */
  function shownAt10(keys: string[] = ['k']): UsageHistory {
    const history = new UsageHistory()
    for (const key of keys) {
      for (const s of RISING) history.record(key, s.at, s.used)
      history.judge(key, 10 * MIN)
    }
    return history
  }

  it('judging a row never recorded shows no forecast', () => {
    const history = new UsageHistory()
    history.judge('unknown', 0)
    expect(history.forecast('unknown', 10)).toBeNull()
  })

  it('judging drops samples that left the window even when nothing new was recorded', () => {
    const history = shownAt10()
    history.judge('k', 60 * MIN)
    expect(history.samples('k')).toEqual([])
    expect(history.forecast('k', 10)).toBeNull()
  })

  it('a shown forecast on a full (or over-full) pool is none', () => {
    const history = shownAt10()
    expect(history.forecast('k', 10)).toBeCloseTo(10, 6)
    expect(history.forecast('k', 0)).toBeNull()
    expect(history.forecast('k', -2)).toBeNull()
  })

  it('a shown forecast stays exactly holdMs past the last poll that supported it, then goes', () => {
    // A climb to 40 by minute 10, then flat; polled every 30 s.
    const history = new UsageHistory()
    const used = (at: number): number => Math.min(30 + Math.floor(at / MIN), 40)
    let lastSupported: number | null = null
    const shown = new Map<number, boolean>()
    for (let at = 0; at <= 25 * MIN; at += 30_000) {
      history.record('k', at, used(at))
      if (risingSlope(history.samples('k'), { now: at }) !== null) lastSupported = at
      history.judge('k', at)
      shown.set(at, history.forecast('k', 50 - used(at)) !== null)
    }
    expect(lastSupported).not.toBeNull()
    const last = lastSupported!
    expect(last).toBeLessThan(20 * MIN)
    expect(shown.get(last + 2 * MIN)).toBe(true)
    expect(shown.get(last + 2 * MIN + 30_000)).toBe(false)
  })

  it('forgetting rows drops the forecast of the rows that went away and keeps the others', () => {
    const history = shownAt10(['a', 'b'])
    expect(history.forecast('a', 10)).not.toBeNull()
    history.retain(new Set(['b']))
    expect(history.forecast('a', 10)).toBeNull()
    expect(history.forecast('b', 10)).toBeCloseTo(10, 6)
  })

  it('the ring holds exactly maxSamples samples, the newest', () => {
    const history = new UsageHistory({ maxSamples: 3 })
    for (let i = 0; i < 5; i++) history.record('k', i * 1000, i)
    expect(history.samples('k').map((s) => s.used)).toEqual([2, 3, 4])
  })
})

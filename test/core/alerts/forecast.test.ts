import { describe, expect, it } from 'vitest'
import { formatForecast, minutesToExhaustion, UsageHistory, type UsageSample } from '../../../main/core/alerts/forecast.ts'

const MIN = 60_000

/** One sample a minute over `minutes`, used = f(minute). */
function series(minutes: number, f: (minute: number) => number): UsageSample[] {
  return Array.from({ length: minutes + 1 }, (_, m) => ({ at: m * MIN, used: f(m) }))
}

describe('minutesToExhaustion', () => {
  it.each([
    { name: 'rising 1 license a minute, 12 left', samples: series(10, (m) => 30 + m), remaining: 12, expected: 12 },
    { name: 'rising 1 license every 5 minutes, 6 left', samples: series(15, (m) => Math.floor(m / 5) + 40), remaining: 6, expected: null as number | null, near: 30 },
    { name: 'flat', samples: series(15, () => 40), remaining: 10, expected: null },
    { name: 'falling', samples: series(15, (m) => 40 - m), remaining: 10, expected: null },
    { name: 'too few samples', samples: series(3, (m) => 30 + 2 * m), remaining: 10, expected: null },
    { name: 'too short a span', samples: Array.from({ length: 10 }, (_, i) => ({ at: i * 10_000, used: 30 + i })), remaining: 10, expected: null },
    { name: 'already full', samples: series(10, (m) => 40 + m), remaining: 0, expected: null },
  ])('$name', ({ samples, remaining, expected, near }) => {
    const minutes = minutesToExhaustion(samples, remaining)
    if (near !== undefined) expect(Math.abs(minutes! - near)).toBeLessThan(5)
    else if (expected === null) expect(minutes).toBeNull()
    else expect(minutes).toBeCloseTo(expected, 6)
  })

  it('follows a noisy rise to about the right time', () => {
    const noise = [0, 1, -1, 1, 0, -1, 1, 0, -1, 0, 1]
    const minutes = minutesToExhaustion(series(10, (m) => 20 + 2 * m + (noise[m] ?? 0)), 20)
    expect(minutes).not.toBeNull()
    expect(minutes!).toBeGreaterThan(8)
    expect(minutes!).toBeLessThan(12)
  })

  it('treats noise around a flat line as flat', () => {
    const noise = [0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 0]
    expect(minutesToExhaustion(series(10, (m) => 20 + (noise[m] ?? 0)), 5)).toBeNull()
  })

  it('uses only the last 15 minutes: an old rise followed by a plateau gives none', () => {
    const samples = series(40, (m) => (m < 20 ? m : 20))
    expect(minutesToExhaustion(samples, 5)).toBeNull()
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

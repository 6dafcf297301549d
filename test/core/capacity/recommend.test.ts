// The recommendation's rules, with the two examples.
import { describe, expect, it } from 'vitest'
import { duration, recommend, type RecommendInput } from '../../../main/core/capacity/recommend.ts'
import { resolveMonth, resolvePeriod } from '../../../main/core/capacity/capacity-request.ts'

const calm = { atOrAbove90Ms: 0, fullMs: 0, fullEpisodes: 0, fullDays: 0 }
const base: RecommendInput = {
  machine: 'srv-01',
  productName: '4D Client',
  limit: 50,
  maxDailyPeak: 41,
  p95DailyPeak: 38,
  pressure: calm,
  margin: 3,
  period: 'over the last 30 days',
  coverage: 1,
}

describe('recommend', () => {
  it('a pool that never came close: reduce to the highest peak plus the margin', () => {
    const r = recommend(base)
    expect(r).toMatchObject({ action: 'reduce', suggestedLimit: 44 })
    expect(r.text).toBe(
      'Over the last 30 days the pool of 50 never went above 41; 95 % of days peaked at 38 or less: you could hold 44 and keep a 3-license margin.',
    )
    expect(r.arithmetic).toBe('41 (highest daily peak) + 3 (margin) = 44; 44 − 50 = −6')
  })

  it('a pool that was full: the smallest pool that keeps the peak below 90 %', () => {
    const r = recommend({
      ...base,
      limit: 27,
      maxDailyPeak: 27,
      p95DailyPeak: 25,
      pressure: { atOrAbove90Ms: 40_000_000, fullMs: 22_320_000, fullEpisodes: 12, fullDays: 9 },
    })
    expect(r).toMatchObject({ action: 'add', suggestedLimit: 31 })
    expect(r.text).toContain('the pool of 27 was full for 6 h 12 min on 9 days: 4 more licenses would have kept it below 90 %')
    expect(r.arithmetic).toContain('floor(27 × 10 / 9) + 1 = 31; 31 − 27 = 4')
  })

  it('a margin above the limit means add; exactly the limit means keep', () => {
    expect(recommend({ ...base, maxDailyPeak: 49 })).toMatchObject({ action: 'add', suggestedLimit: 52 })
    expect(recommend({ ...base, maxDailyPeak: 47 })).toMatchObject({ action: 'keep', suggestedLimit: 50 })
  })

  it('says when the history covers only part of the period, and recommends nothing without a limit or data', () => {
    expect(recommend({ ...base, coverage: 0.62 }).text).toContain('(the history covers 62 % of the period; the rest is unknown)')
    expect(recommend({ ...base, limit: null })).toMatchObject({ action: 'unknown', suggestedLimit: null })
    expect(recommend({ ...base, maxDailyPeak: null, p95DailyPeak: null }).text).toContain('no usage of 4D Client on srv-01')
  })

  it('durations read as hours and minutes', () => {
    expect([duration(22_320_000), duration(3_600_000), duration(540_000)]).toEqual(['6 h 12 min', '1 h', '9 min'])
  })

  it('each period comes with its message (test/renderer/i18n/capacity-text.test.ts says them in every language)', () => {
    const now = new Date(2026, 11, 2, 9).getTime()
    expect(resolvePeriod({}, now)).toMatchObject({
      words: 'over the last 30 days',
      message: { id: 'capacity.period.lastDays', params: { count: 30 } },
    })
    expect(resolvePeriod({ from: '2026-11-03', to: '2026-11-20' }, now)).toMatchObject({
      words: 'from 2026-11-03 to 2026-11-20',
      message: { id: 'capacity.period.range', params: { from: '2026-11-03', to: '2026-11-20' } },
    })
    expect(resolveMonth('2026-11')).toMatchObject({
      words: 'in November 2026',
      message: { id: 'capacity.period.month', params: { month: '2026-11' } },
    })
  })
})

import { describe, expect, it } from 'vitest'
import { DEFAULT_USAGE_THRESHOLDS, STATUS_LABEL, usageStatus, worstStatus } from '../../../main/core/usage/status.ts'
import type { UsageStatus } from '../../../main/core/types/index.ts'

describe('usageStatus with the default thresholds', () => {
  const cases: { used: number; limit: number | null; unlimited: boolean; expected: UsageStatus; why: string }[] = [
    { used: 0, limit: 10, unlimited: false, expected: 'ok', why: 'empty pool' },
    { used: 7, limit: 10, unlimited: false, expected: 'ok', why: '70 % is below the warning threshold' },
    { used: 8, limit: 10, unlimited: false, expected: 'warning', why: '80 % is exactly the warning threshold' },
    { used: 79, limit: 100, unlimited: false, expected: 'ok', why: '79 % is just under the warning threshold' },
    { used: 80, limit: 100, unlimited: false, expected: 'warning', why: '80 % of a large pool' },
    { used: 94, limit: 100, unlimited: false, expected: 'warning', why: '94 % with 6 remaining' },
    { used: 95, limit: 100, unlimited: false, expected: 'critical', why: '95 % is exactly the critical threshold' },
    { used: 9, limit: 10, unlimited: false, expected: 'critical', why: '1 remaining is critical even at 90 %' },
    { used: 2, limit: 3, unlimited: false, expected: 'critical', why: '1 remaining of a tiny pool, 67 %' },
    { used: 1, limit: 3, unlimited: false, expected: 'ok', why: '2 remaining of a tiny pool, 33 %' },
    { used: 0, limit: 1, unlimited: false, expected: 'ok', why: 'a pool of 1 with nobody on it is at rest, not critical' },
    { used: 0, limit: 2, unlimited: false, expected: 'ok', why: 'the licenses-left rule counts only while a license is held' },
    { used: 1, limit: 2, unlimited: false, expected: 'critical', why: '1 left of 2 while one is held' },
    { used: 10, limit: 10, unlimited: false, expected: 'exhausted', why: 'no license left' },
    { used: 12, limit: 10, unlimited: false, expected: 'exhausted', why: 'more held than the limit' },
    { used: 0, limit: 0, unlimited: false, expected: 'exhausted', why: 'a pool of size 0 has nothing to give' },
    { used: 5, limit: null, unlimited: false, expected: 'unknown', why: 'limit not known' },
    { used: 0, limit: Number.NaN, unlimited: false, expected: 'unknown', why: 'a NaN limit is no limit we know' },
    { used: 500, limit: null, unlimited: true, expected: 'ok', why: 'unlimited pools never run out' },
    { used: 500, limit: 10, unlimited: true, expected: 'ok', why: 'unlimited wins over a stray limit' },
  ]
  it.each(cases)('$used of $limit (unlimited $unlimited) is $expected: $why', ({ used, limit, unlimited, expected }) => {
    expect(usageStatus(used, limit, unlimited)).toBe(expected)
  })
})

describe('usageStatus with custom thresholds', () => {
  const strict = { warningUtilization: 0.5, criticalUtilization: 0.75, criticalRemaining: 3 }
  const cases: { used: number; limit: number; expected: UsageStatus }[] = [
    { used: 4, limit: 10, expected: 'ok' },
    { used: 5, limit: 10, expected: 'warning' },
    { used: 7, limit: 10, expected: 'critical' }, // 3 remaining
    { used: 75, limit: 100, expected: 'critical' },
    { used: 74, limit: 100, expected: 'warning' },
    { used: 100, limit: 100, expected: 'exhausted' },
  ]
  it.each(cases)('$used of $limit is $expected', ({ used, limit, expected }) => {
    expect(usageStatus(used, limit, false, strict)).toBe(expected)
  })

  it('fills thresholds left out from the defaults', () => {
    expect(usageStatus(9, 10, false, { criticalRemaining: 0 })).toBe('warning')
    expect(usageStatus(8, 10, false, { warningUtilization: 0.9 })).toBe('ok')
    expect(DEFAULT_USAGE_THRESHOLDS).toEqual({ warningUtilization: 0.8, criticalUtilization: 0.95, criticalRemaining: 1 })
  })
})

describe('worstStatus', () => {
  const cases: { statuses: UsageStatus[]; expected: UsageStatus }[] = [
    { statuses: [], expected: 'ok' },
    { statuses: ['ok', 'ok'], expected: 'ok' },
    { statuses: ['ok', 'unknown'], expected: 'unknown' },
    { statuses: ['unknown', 'warning', 'ok'], expected: 'warning' },
    { statuses: ['warning', 'critical', 'unknown'], expected: 'critical' },
    { statuses: ['critical', 'exhausted', 'warning'], expected: 'exhausted' },
    { statuses: ['exhausted', 'ok'], expected: 'exhausted' },
  ]
  it.each(cases)('worst of $statuses is $expected', ({ statuses, expected }) => {
    expect(worstStatus(statuses)).toBe(expected)
    expect(worstStatus([...statuses].reverse())).toBe(expected)
  })

  it('accepts any iterable', () => {
    expect(worstStatus(new Set<UsageStatus>(['ok', 'critical']))).toBe('critical')
  })
})

describe('STATUS_LABEL', () => {
  it('names every status in human words', () => {
    expect(STATUS_LABEL).toEqual({ ok: 'OK', warning: 'Warning', critical: 'Critical', exhausted: 'Exhausted', unknown: 'Unknown' })
  })
})

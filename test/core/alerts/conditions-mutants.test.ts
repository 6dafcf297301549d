// Edge cases of the fire and clear conditions: rows that cannot be judged,
// pools of 0, levels that use only one of their two conditions, and small
// pools where the "licenses left" threshold is larger than the pool.

import { describe, expect, it } from 'vitest'
import type { Hysteresis, LevelRule } from '../../../main/core/alerts/config.ts'
import { cleared, holds, isJudged, remainingFirePoint, type JudgedValue } from '../../../main/core/alerts/conditions.ts'

const MARGIN: Hysteresis = { utilizationPoints: 5, remaining: 2 }

function rule(utilizationPercent: number | null, remaining: number | null): LevelRule {
  return { utilizationPercent, remaining, forMs: 0, repeatMs: null }
}

function value(used: number, limit: number): JudgedValue {
  return { used, limit, remaining: limit - used }
}

describe('isJudged', () => {
  it('a row with a limit but no remaining count (used over the limit) is not judged', () => {
    expect(isJudged({ used: 12, limit: 10, remaining: null })).toBe(false)
  })

  it('a row with a known limit and remaining count is judged', () => {
    expect(isJudged({ used: 3, limit: 10, remaining: 7 })).toBe(true)
  })
})

describe('remainingFirePoint', () => {
  it('a threshold larger than the pool fires one below the whole pool', () => {
    expect(remainingFirePoint(5, 3)).toBe(2)
    expect(remainingFirePoint(5, 1)).toBe(0)
  })

  it('a threshold smaller than the pool is used as it is', () => {
    expect(remainingFirePoint(2, 10)).toBe(2)
  })
})

describe('holds', () => {
  it('a utilization level never holds on a pool of 0 licenses', () => {
    expect(holds(rule(80, null), value(0, 0))).toBe(false)
  })

  it('a level without a "licenses left" threshold does not hold on a full pool by remaining', () => {
    expect(holds(rule(null, null), value(10, 10))).toBe(false)
  })

  it('a "licenses left" level does not hold while plenty are left', () => {
    expect(holds(rule(null, 2), value(1, 10))).toBe(false)
    expect(holds(rule(null, 2), value(8, 10))).toBe(true)
  })
})

describe('cleared', () => {
  it('a utilization level on a pool of 0 licenses counts as cleared, even with one in use', () => {
    expect(cleared(rule(80, null), { used: 1, limit: 0, remaining: -1 }, MARGIN)).toBe(true)
  })

  it('a level using no condition is clear on a full pool', () => {
    expect(cleared(rule(null, null), value(10, 10), MARGIN)).toBe(true)
  })

  it('a utilization-only level ignores how few licenses are left', () => {
    expect(cleared(rule(100, null), value(9, 10), MARGIN)).toBe(true)
    expect(cleared(rule(100, null), value(10, 10), MARGIN)).toBe(false)
  })
})

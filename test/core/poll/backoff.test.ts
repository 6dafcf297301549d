import { describe, expect, it } from 'vitest'
import { fullJitterDelay } from '../../../main/core/poll/backoff.ts'

describe('fullJitterDelay', () => {
  it('spreads the delay over [0, base * 2^failures) with the random draw', () => {
    expect(fullJitterDelay(0, 1000, 60_000, () => 0.5)).toBe(500)
    expect(fullJitterDelay(1, 1000, 60_000, () => 0.5)).toBe(1000)
    expect(fullJitterDelay(3, 1000, 60_000, () => 0.25)).toBe(2000)
    expect(fullJitterDelay(3, 1000, 60_000, () => 0)).toBe(0)
    expect(fullJitterDelay(3, 1000, 60_000, () => 0.999)).toBeCloseTo(7992)
  })

  it('never exceeds the cap, even after very many failures', () => {
    expect(fullJitterDelay(10, 1000, 60_000, () => 0.5)).toBe(30_000)
    expect(fullJitterDelay(5000, 1000, 60_000, () => 0.999)).toBeCloseTo(59_940)
    expect(Number.isFinite(fullJitterDelay(5000, 1000, 60_000, () => 1))).toBe(true)
  })

  it('treats a negative or fractional failure count as whole failures from 0', () => {
    expect(fullJitterDelay(-2, 1000, 60_000, () => 0.5)).toBe(500)
    expect(fullJitterDelay(2.7, 1000, 60_000, () => 0.5)).toBe(2000)
  })
})

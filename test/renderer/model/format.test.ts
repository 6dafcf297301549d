import { describe, expect, it } from 'vitest'
import { formatLatency, formatLimit, formatPercent, formatRelative, formatRemaining } from '../../../renderer/src/model/format.ts'
import { NOW } from '../fixtures.ts'

const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString()

describe('format', () => {
  it('writes relative times in minutes, hours and days', () => {
    expect(formatRelative(ago(0.5), NOW)).toBe('just now')
    expect(formatRelative(ago(-3), NOW)).toBe('just now')
    expect(formatRelative(ago(17), NOW)).toBe('17 min ago')
    expect(formatRelative(ago(120), NOW)).toBe('2 h ago')
    expect(formatRelative(ago(125), NOW)).toBe('2 h 5 min ago')
    expect(formatRelative(ago(3 * 24 * 60), NOW)).toBe('3 d ago')
    expect(formatRelative(null, NOW)).toBe('—')
    expect(formatRelative('not a date', NOW)).toBe('—')
  })

  it('writes limits, remaining, percentages and latencies', () => {
    expect(formatLimit({ limit: 10, unlimited: false })).toBe('10')
    expect(formatLimit({ limit: null, unlimited: true })).toBe('unlimited')
    expect(formatLimit({ limit: null, unlimited: false })).toBe('unknown')
    expect(formatRemaining({ remaining: -2 })).toBe('-2')
    expect(formatRemaining({ remaining: null })).toBe('—')
    expect(formatPercent(0.8)).toBe('80%')
    expect(formatPercent(1.2)).toBe('120%')
    expect(formatPercent(null)).toBe('—')
    expect(formatLatency(41.6)).toBe('42 ms')
    expect(formatLatency(4003)).toBe('4.0 s')
    expect(formatLatency(null)).toBe('—')
  })
})

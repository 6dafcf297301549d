import { describe, expect, it } from 'vitest'
import { timeMs } from '../../../main/core/util/iso-time.ts'

describe('timeMs', () => {
  it('reads an ISO 8601 time with or without an offset, as Date.parse does', () => {
    expect(timeMs('2026-11-28T09:15:02.311Z')).toBe(Date.UTC(2026, 10, 28, 9, 15, 2, 311))
    expect(timeMs('2026-11-28T10:15:02.311+01:00')).toBe(Date.UTC(2026, 10, 28, 9, 15, 2, 311))
  })

  it('gives NaN for a text that is not a time, every time it is asked', () => {
    expect(timeMs('yesterday')).toBeNaN()
    expect(timeMs('yesterday')).toBeNaN()
    expect(timeMs('2026-13-45T99:00:00Z')).toBeNaN()
  })

  it('gives the same answer for a remembered text as for a new one', () => {
    const texts = Array.from({ length: 50 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 61_000).toISOString())
    const first = texts.map(timeMs)
    expect(texts.map(timeMs)).toEqual(first)
    expect(first).toEqual(texts.map((text) => Date.parse(text)))
  })
})

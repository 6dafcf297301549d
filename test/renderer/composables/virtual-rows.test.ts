// The window arithmetic of the virtualised license list, in plain numbers.
import { describe, expect, it } from 'vitest'
import { rowWindow } from '../../../renderer/src/composables/virtual-rows.ts'

const base = { rowHeight: 24, viewportHeight: 480, overscan: 10 }

describe('rowWindow', () => {
  it('at the top renders the rows in view plus the overscan below, and stands in for the rest with one spacer', () => {
    expect(rowWindow({ ...base, count: 10_000, scrollTop: 0 })).toEqual({ start: 0, end: 31, before: 0, after: (10_000 - 31) * 24 })
  })

  it('in the middle keeps the overscan on both sides, and the spacers plus rows add up to the full height', () => {
    const window = rowWindow({ ...base, count: 10_000, scrollTop: 5_000 * 24 + 7 })
    expect(window).toEqual({ start: 4_990, end: 5_031, before: 4_990 * 24, after: (10_000 - 5_031) * 24 })
    expect(window.before + (window.end - window.start) * 24 + window.after).toBe(10_000 * 24)
  })

  it('at the bottom ends at the last row with no spacer after it', () => {
    const window = rowWindow({ ...base, count: 10_000, scrollTop: 10_000 * 24 - 480 })
    expect(window.end).toBe(10_000)
    expect(window.after).toBe(0)
    expect(window.start).toBe(10_000 - 20 - 10)
  })

  it('renders a short list whole', () => {
    expect(rowWindow({ ...base, count: 9, scrollTop: 0 })).toEqual({ start: 0, end: 9, before: 0, after: 0 })
  })

  it('an empty list renders nothing', () => {
    expect(rowWindow({ ...base, count: 0, scrollTop: 300 })).toEqual({ start: 0, end: 0, before: 0, after: 0 })
  })

  it('a region scrolled past the end of a list that just shrank still shows its last rows', () => {
    const window = rowWindow({ ...base, count: 50, scrollTop: 9_000 * 24 })
    expect(window).toEqual({ start: 39, end: 50, before: 39 * 24, after: 0 })
  })

  it('a negative or non-finite scroll position (rubber-band scrolling) reads as the top', () => {
    expect(rowWindow({ ...base, count: 100, scrollTop: -40 }).start).toBe(0)
    expect(rowWindow({ ...base, count: 100, scrollTop: Number.NaN }).start).toBe(0)
  })

  it('follows the measured row height: taller rows, fewer in view', () => {
    const window = rowWindow({ ...base, rowHeight: 48, count: 1_000, scrollTop: 480, overscan: 0 })
    expect(window).toEqual({ start: 10, end: 21, before: 480, after: (1_000 - 21) * 48 })
  })

  it('a region not measured yet (height 0) still renders its first row', () => {
    expect(rowWindow({ ...base, count: 100, scrollTop: 0, viewportHeight: 0, overscan: 0 })).toEqual({
      start: 0,
      end: 1,
      before: 0,
      after: 99 * 24,
    })
  })

  it('refuses a row height or count that would make the arithmetic meaningless, in a sentence that names it', () => {
    expect(() => rowWindow({ ...base, count: 10, scrollTop: 0, rowHeight: 0 })).toThrow(
      'The row height must be a positive number of pixels, got 0.',
    )
    expect(() => rowWindow({ ...base, count: 10, scrollTop: 0, rowHeight: Number.POSITIVE_INFINITY })).toThrow('got Infinity')
    expect(() => rowWindow({ ...base, count: -1, scrollTop: 0 })).toThrow('The row count must be a whole number of 0 or more, got -1.')
    expect(() => rowWindow({ ...base, count: 10, scrollTop: 0, overscan: 1.5 })).toThrow('The overscan must be a whole number')
  })
})

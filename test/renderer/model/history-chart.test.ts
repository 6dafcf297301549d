// The chart's rows: a gap is an empty row where it begins (uPlot stops the
// line there), never a zero; peaks stay on their periods; clicks on a gap pick nothing.
import { describe, expect, it } from 'vitest'
import { chartRows, gapSentence } from '../../../renderer/src/model/history-chart.ts'
import type { HistoryChart } from '../../../main/core/types/index.ts'

const point = (time: number, used: number, coverage: number | null = 1) => ({ time, min: used, avg: used, max: used, limit: 10, coverage })

const CHART: HistoryChart = {
  machine: 'srv-01',
  productId: 1,
  from: 0,
  to: 600_000,
  granularity: 'minute',
  points: [point(0, 3), point(60_000, 0, 0.5), point(240_000, 2), point(300_000, 2, null)],
  gaps: [{ from: 120_000, to: 240_000, kind: 'server-down' }],
  peaks: [{ time: 10_000, used: 3, limit: 10 }],
}

describe('chartRows', () => {
  it('puts an empty row where a gap begins, keeps an answered zero as a zero, and coverage in percent', () => {
    const { columns, times } = chartRows(CHART)
    expect(columns[0]).toEqual([0, 60, 120, 240, 300])
    expect(columns[3]).toEqual([3, 0, null, 2, 2]) // max used: the zero is a value, the gap is null
    expect(columns[4]).toEqual([10, 10, null, 10, 10]) // the limit stops too
    expect(columns[5]).toEqual([3, null, null, null, null]) // the peak on its own period
    expect(columns[6]).toEqual([100, 50, null, 100, null]) // coverage %, unknown for old rollups
    expect(times).toEqual([0, 60_000, null, 240_000, 300_000])
  })

  it('without gaps, one row per point', () => {
    const { columns } = chartRows({ ...CHART, gaps: [] })
    expect(columns[0]).toEqual([0, 60, 240, 300])
    expect(columns.every((c) => c.length === 4)).toBe(true)
  })

  it.each([
    { kind: 'server-down' as const, text: 'Server down 00:02–00:04' },
    { kind: 'not-recorded' as const, text: 'Monitor not recording 00:02–00:04' },
    { kind: 'no-answer' as const, text: 'No answered poll 00:02–00:04' },
  ])('names a $kind gap and its stretch', ({ kind, text }) => {
    const format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
    expect(gapSentence({ from: 120_000, to: 240_000, kind }, format)).toBe(text)
  })
})

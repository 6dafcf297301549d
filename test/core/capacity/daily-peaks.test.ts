// Daily peaks over a daylight-saving change: the days table (one range per
// local day, as SQLite numbers days) must give what grouping every row by
// SQLite's own day gives (usageOverRange, the history's export path).
process.env.TZ = 'Europe/Paris'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dailyPeaks } from '../../../main/core/capacity/daily-peaks.ts'
import { periodDays } from '../../../main/core/capacity/period-days.ts'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { usageOverRange } from '../../../main/core/history/queries.ts'
import { generateMinutes, HOUR, writePool } from './generated-history.ts'

// Paris leaves summer time on 2026-10-25 at 03:00 (a 25-hour day).
const START = Date.parse('2026-10-21T13:00:00+02:00')
const END = Date.parse('2026-10-29T09:00:00+01:00')
const LAYOUT = {
  minuteFrom: Date.parse('2026-10-27T00:00:00+01:00'),
  hourDone: Date.parse('2026-10-28T00:00:00+01:00'),
  minuteDone: END - 2 * HOUR,
}

let dir: string
let history: HistoryDb
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-capacity-dst-'))
  history = openHistory(dir)
  const minutes = generateMinutes({ start: START, end: END, gaps: [], limitAt: () => 10, seed: 3 })
  writePool(history.db, { machine: 'srv-a', productId: 1, productName: '4D Client', minutes }, LAYOUT)
})
afterAll(() => {
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('daily peaks across a change of summer time', () => {
  it('the days tile the period, one of them 25 hours long', () => {
    const { days, tiles } = periodDays(history.db, START, END)
    expect(tiles).toBe(true)
    expect(days.map((d) => (d.next - d.start) / HOUR)).toContain(25)
    expect(days[0]!.start).toBe(Date.parse('2026-10-21T00:00:00+02:00'))
  })

  it('match the peaks grouped by SQLite day row by row, peak times included', () => {
    const series = { sql: `server = ''`, params: [] }
    const fast = dailyPeaks(history.db, { from: START, to: END, series }, periodDays(history.db, START, END))
    const exact = [...usageOverRange(history.db, { from: START, to: END, granularity: 'day' })].map((row) => ({
      day: row.periodStart,
      peak: row.peak,
      peakAt: row.peakAt,
      limit: row.limit,
    }))
    expect(exact.length).toBe(9)
    expect([...fast.values()]).toEqual([exact])
  })
})

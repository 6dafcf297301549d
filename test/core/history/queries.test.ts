// Export queries: the same answer whether periods come from stored rollups or
// are computed on the fly, latest usage and licenses, holdings over a range, the chart.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usageChart } from '../../../main/core/history/chart.ts'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { HOUR_MS, MINUTE_MS } from '../../../main/core/history/periods.ts'
import { currentLicenses, holdingsInRange, latestUsage, usageOverRange } from '../../../main/core/history/queries.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { runRetention } from '../../../main/core/history/retention.ts'
import { recordUsage } from './usage-data.ts'

const START = Date.UTC(2026, 0, 5, 6, 0, 17)
let dir: string
let history: HistoryDb
let last: number

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-q-'))
  history = openHistory(dir)
  last = recordUsage(createRecorder(history.db), { start: START, durationMs: 2 * HOUR_MS + 10 * MINUTE_MS, stepMs: 5000, seed: 3 })
})
afterAll(() => {
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('usageOverRange', () => {
  it('minute, hour and day periods are the same before retention (on the fly), half rolled up, and fully rolled up', () => {
    const range = { from: START - HOUR_MS, to: last + HOUR_MS }
    const all = () =>
      (['minute', 'hour', 'day'] as const).map((granularity) => [...usageOverRange(history.db, { ...range, granularity, perServer: true })])
    const before = all()
    expect(before[0]!.length).toBeGreaterThan(100)
    runRetention(history.db, START + HOUR_MS + 20 * MINUTE_MS)
    expect(all()).toEqual(before)
    runRetention(history.db, last + 30_000)
    expect(all()).toEqual(before)
  })

  it('yields periods with avg, peak and the peak time, ordered by period, machine and product', () => {
    const rows = [
      ...usageOverRange(history.db, {
        from: START,
        to: START - 17_000 + 3 * MINUTE_MS,
        granularity: 'minute',
        machine: 'srv-02',
        productId: 1,
      }),
    ]
    const raw = [
      ...usageOverRange(history.db, {
        from: START - 17_000,
        to: START + 3 * MINUTE_MS - 17_000,
        granularity: 'raw',
        machine: 'srv-02',
        productId: 1,
      }),
    ]
    expect(rows.map((r) => r.periodStart)).toEqual([0, 1, 2].map((m) => START - 17_000 + m * MINUTE_MS))
    for (const row of rows) {
      const inPeriod = raw.filter((r) => r.periodStart >= row.periodStart && r.periodStart < row.periodEnd)
      const used = inPeriod.map((r) => r.peak)
      expect(row).toMatchObject({
        machine: 'srv-02',
        server: null,
        samples: inPeriod.length,
        min: Math.min(...used),
        peak: Math.max(...used),
      })
      expect(row.avg).toBeCloseTo(used.reduce((a, b) => a + b, 0) / used.length, 10)
      expect(inPeriod.find((r) => r.peak === row.peak)!.periodStart).toBe(row.peakAt)
    }
  })

  it('day periods start at local midnight', () => {
    const [day] = [...usageOverRange(history.db, { from: START, to: START + 1, granularity: 'day', machine: 'srv-01', productId: 1 })]
    const midnight = new Date(START)
    midnight.setHours(0, 0, 0, 0)
    expect(day?.periodStart).toBe(midnight.getTime())
  })
})

describe('latest poll', () => {
  it('latestUsage lists each machine and product at the last recorded poll', () => {
    const rows = [...latestUsage(history.db)]
    expect(rows.map((r) => `${r.machine}/${r.productId}`)).toEqual(
      ['srv-01/1', 'srv-01/2', 'srv-02/1', 'srv-02/2'].filter((k) => rows.some((r) => `${r.machine}/${r.productId}` === k)),
    )
    expect(rows.every((r) => r.at === last && r.remaining === (r.limit ?? 0) - r.used)).toBe(true)
  })

  it('currentLicenses lists the open holdings; holdingsInRange the ones overlapping the range, with durations', () => {
    const open = [...currentLicenses(history.db)]
    expect(open.length).toBe(history.db.prepare('SELECT count(*) AS n FROM holdings WHERE end_at IS NULL').get()!.n)
    expect(open.every((h) => h.end === null && h.durationMs === last - h.start)).toBe(true)
    const window = [...holdingsInRange(history.db, START + HOUR_MS, START + HOUR_MS + 10_000)]
    expect(window.length).toBeGreaterThan(0)
    for (const h of window) {
      expect(h.start).toBeLessThan(START + HOUR_MS + 10_000)
      expect(h.end === null || h.end > START + HOUR_MS).toBe(true)
      if (h.end !== null) expect(h.durationMs).toBe(h.end - h.start)
    }
  })
})

describe('usageChart', () => {
  it('picks raw, minute or hour so that at most maxPoints points come back', () => {
    const query = { machine: 'srv-01', productId: 1 }
    const short = usageChart(history.db, { ...query, from: START, to: START + 10 * MINUTE_MS })
    expect(short.granularity).toBe('raw')
    expect(short.points.length).toBe(120)
    const longer = usageChart(history.db, { ...query, from: START, to: last, maxPoints: 200 })
    expect(longer.granularity).toBe('minute')
    expect(longer.points.length).toBeLessThanOrEqual(200)
    const coarse = usageChart(history.db, { ...query, from: START, to: last, maxPoints: 100 })
    expect(coarse.granularity).toBe('hour')
    expect(coarse.points.map((p) => p.used)).toEqual(
      [0, 1, 2].map((h) =>
        Math.max(...longer.points.filter((p) => Math.floor(p.at / HOUR_MS) === Math.floor(START / HOUR_MS) + h).map((p) => p.used)),
      ),
    )
  })
})

// The chart's gaps: a server down (stale polls) and a monitor that recorded
// nothing are stretches without points, named as such, at every granularity
// the chart picks; an answered zero is a point, never a gap. Real SQLite
// files, a fake clock (explicit record times).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { historyChart } from '../../../main/core/history/chart-view.ts'
import { usageChart } from '../../../main/core/history/chart.ts'
import { chartGaps, rawGaps } from '../../../main/core/history/chart-gaps.ts'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { HOUR_MS, MINUTE_MS } from '../../../main/core/history/periods.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { runRetention } from '../../../main/core/history/retention.ts'
import type { HistoryChart } from '../../../main/core/types/index.ts'
import { snapshot } from './snapshots.ts'

const START = Date.UTC(2026, 0, 5, 9, 0, 0)
const POLL = 5_000
const at = (minutes: number): number => START + minutes * MINUTE_MS
// 09:00-09:20 answered (3 used, 0 from 09:10), 09:20-09:30 down, 09:30-09:40 answered, 09:40-10:00 not recording, 10:00-10:10 answered.
const DOWN: [number, number] = [at(20), at(30)]
const STOPPED: [number, number] = [at(40), at(60)]
const END = at(70)

let dir: string
let history: HistoryDb
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-gaps-'))
  history = openHistory(dir)
  const recorder = createRecorder(history.db)
  for (let t = START; t < END; t += POLL) {
    if (t >= STOPPED[0] && t < STOPPED[1]) continue
    const down = t >= DOWN[0] && t < DOWN[1]
    const used = t < at(10) ? 3 : t < DOWN[0] ? 0 : 2
    const licenses = Array.from({ length: used }, (_, i) => ({ server: 'Accounting', token: i + 1 }))
    recorder.record(snapshot([{ name: 'Accounting', machine: 'srv-app-01', status: down ? 'down' : 'up' }], licenses, 10), t)
  }
})
afterEach(() => {
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

function chart(from: number, to: number): HistoryChart {
  return historyChart(history.db, { machine: 'srv-app-01', productId: 1, from, to })
}

const minutes = (ms: number): number => (ms - START) / MINUTE_MS

describe('chart gaps', () => {
  it('raw points: the outage from its first stale poll to the next answer, the stop from the missed record to the next one', () => {
    const c = chart(START, END)
    expect(c.granularity).toBe('raw')
    expect(c.gaps).toEqual([
      { from: DOWN[0], to: DOWN[1], kind: 'server-down' },
      { from: STOPPED[0], to: STOPPED[1], kind: 'not-recorded' },
    ])
    // No point inside a gap; every point fully covered; the answered zeros are points.
    expect(c.points.some((p) => (p.time >= DOWN[0] && p.time < DOWN[1]) || (p.time >= STOPPED[0] && p.time < STOPPED[1]))).toBe(false)
    expect(c.points.every((p) => p.coverage === 1)).toBe(true)
    expect(c.points.filter((p) => p.max === 0).length).toBe(120)
  })

  it('a range reaching before the first poll stays raw once retention has rolled its minutes up (the first poll mid-minute)', () => {
    history.db.prepare('DELETE FROM samples WHERE at = ?').run(START) // the first poll now lies 5 s into its minute
    runRetention(history.db, END + 60_000)
    expect(chart(START - 30 * MINUTE_MS, END).granularity).toBe('raw')
    // Polls of the range deleted by retention: the chart takes the rollups instead of an empty raw range.
    runRetention(history.db, END + 2 * HOUR_MS, { rawMs: HOUR_MS })
    expect(chart(START - 30 * MINUTE_MS, END).granularity).toBe('minute')
  })

  it.each([
    { stage: 'on the fly', retention: null, kinds: ['server-down', 'not-recorded'] },
    { stage: 'rolled up, raw polls kept', retention: {}, kinds: ['server-down', 'not-recorded'] },
    { stage: 'raw polls deleted', retention: { rawMs: HOUR_MS }, kinds: ['no-answer', 'no-answer'] },
  ])('minute points ($stage): gaps between minutes that do not touch, told apart while raw polls are kept', ({ retention, kinds }) => {
    if (retention) runRetention(history.db, END + 3 * HOUR_MS, retention)
    // At most 100 points: too few for the raw polls, enough for the minutes.
    const query = { machine: 'srv-app-01', productId: 1, from: START, to: END }
    const c = usageChart(history.db, { ...query, maxPoints: 100 })
    expect(c.granularity).toBe('minute')
    const gaps = chartGaps(history.db, c, query)
    expect(gaps.map((g) => [minutes(g.from), minutes(g.to), g.kind])).toEqual([
      [20, 30, kinds[0]],
      [40, 60, kinds[1]],
    ])
    expect(c.points.map((p) => minutes(p.at))).toEqual([...range(0, 20), ...range(30, 40), ...range(60, 70)])
    expect(c.points.filter((p) => p.used === 0).map((p) => minutes(p.at))).toEqual(range(10, 20))
  })

  it('hour points: the hour with the outage and the stop is a point with its coverage, not a gap', () => {
    runRetention(history.db, END + 3 * HOUR_MS)
    const query = { machine: 'srv-app-01', productId: 1, from: START, to: END }
    const c = usageChart(history.db, { ...query, maxPoints: 50 })
    expect(c.granularity).toBe('hour')
    expect(chartGaps(history.db, c, query)).toEqual([])
    expect(c.points.map((p) => [minutes(p.at), p.coverage])).toEqual([
      [0, 30 / 60],
      [60, 10 / 60],
    ])
  })

  it('raw gaps: a monitor stop during an outage ends the outage where the stop begins; an outage still on at the end runs to its last poll', () => {
    const s = (t: number, stale = 0) => ({ at: t * 1000, stale })
    expect(rawGaps([s(0), s(5), s(10, 1), s(15, 1), s(100, 1), s(105)])).toEqual([
      { from: 10_000, to: 20_000, kind: 'server-down' },
      { from: 20_000, to: 100_000, kind: 'not-recorded' },
      { from: 100_000, to: 105_000, kind: 'server-down' },
    ])
    expect(rawGaps([s(0), s(5), s(10, 1), s(15, 1)])).toEqual([{ from: 10_000, to: 15_000, kind: 'server-down' }])
    expect(rawGaps([s(0), s(5), s(10)])).toEqual([])
  })
})

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i)
}

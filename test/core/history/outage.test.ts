// History stores what was observed: a server down ten minutes after answering
// 48 must not show 48 for the outage minutes, lift the hour's average, or put
// a peak inside the outage; every period says how much of it answered polls
// cover; the usage export dates a stale row by its last answer. Real SQLite
// files, a fake clock (explicit record times), before and after retention.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { HOUR_MS, MINUTE_MS } from '../../../main/core/history/periods.ts'
import { usageOverRange, type UsagePeriodRow } from '../../../main/core/history/queries.ts'
import { createRecorder, type Recorder } from '../../../main/core/history/recorder.ts'
import { runRetention } from '../../../main/core/history/retention.ts'
import { historyRows, usageRows } from '../../../main/core/export/export-rows.ts'
import { usageRowsFromSnapshot } from '../../../main/core/export/exports.ts'
import { snapshot, type LicenseSpec } from './snapshots.ts'

const START = Date.UTC(2026, 0, 5, 9, 0, 0)
const POLL = 5_000
const OUTAGE: [number, number] = [START + 30 * MINUTE_MS + POLL, START + 40 * MINUTE_MS + POLL] // down from 09:30:05 to 09:40:00 included

let dir: string
let history: HistoryDb

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-outage-'))
  history = openHistory(dir)
})
afterEach(() => {
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

function held(count: number): LicenseSpec[] {
  return Array.from({ length: count }, (_, i) => ({ server: 'Accounting', token: i + 1 }))
}

/** 12 used, 48 at 09:30:00 only, then down (its last answer, 48, stale) until 09:40:00, then 12 again. Returns the answered values. */
function recordHour(recorder: Recorder, until = START + HOUR_MS): number[] {
  const answered: number[] = []
  for (let at = START; at < until; at += POLL) {
    const down = at >= OUTAGE[0] && at < OUTAGE[1]
    const used = at === START + 30 * MINUTE_MS || down ? 48 : 12
    recorder.record(snapshot([{ name: 'Accounting', machine: 'srv-app-01', status: down ? 'down' : 'up' }], held(used), 50), at)
    if (!down) answered.push(used)
  }
  return answered
}

function rows(granularity: 'minute' | 'hour'): UsagePeriodRow[] {
  return [...usageOverRange(history.db, { from: START, to: START + HOUR_MS, granularity })].filter((row) => row.productId === 1)
}

describe('an outage in the history', () => {
  it('minute rows: none for outage minutes, the 09:30 peak from its one answered poll, coverage per minute; the same once rolled up', () => {
    recordHour(createRecorder(history.db))
    for (const stage of ['on the fly', 'rolled up']) {
      if (stage === 'rolled up') runRetention(history.db, START + 2 * HOUR_MS)
      const minutes = rows('minute')
      const minuteOf = (at: number) => (at - START) / MINUTE_MS
      expect(
        minutes.map((row) => minuteOf(row.periodStart)),
        stage,
      ).toEqual([...Array(31).keys(), ...Array.from({ length: 20 }, (_, i) => 40 + i)])
      const at0930 = minutes.find((row) => minuteOf(row.periodStart) === 30)!
      expect(at0930).toMatchObject({ samples: 1, peak: 48, peakAt: START + 30 * MINUTE_MS, min: 48 })
      expect(at0930.coverage).toBeCloseTo(1 / 12, 3)
      const at0940 = minutes.find((row) => minuteOf(row.periodStart) === 40)!
      expect(at0940).toMatchObject({ samples: 11, peak: 12, min: 12 })
      expect(at0940.coverage).toBeCloseTo(11 / 12, 3)
      expect(
        minutes.filter((row) => ![30, 40].includes(minuteOf(row.periodStart))).every((row) => row.coverage === 1 && row.peak === 12),
      ).toBe(true)
    }
  })

  it('the hour: average and minimum of answered polls only, coverage of the hour, the peak at its real time', () => {
    const answered = recordHour(createRecorder(history.db))
    const average = answered.reduce((a, b) => a + b, 0) / answered.length
    for (const stage of ['on the fly', 'rolled up']) {
      if (stage === 'rolled up') runRetention(history.db, START + 2 * HOUR_MS)
      const [hour] = rows('hour')
      expect(hour!.avg, stage).toBeCloseTo(average, 9)
      expect(hour!.avg).toBeLessThan(12.1) // 120 stale samples of 48 would lift it to about 18
      expect(hour!.samples).toBe(answered.length)
      expect(hour!.coverage).toBeCloseTo(answered.length / 720, 6)
      expect(hour).toMatchObject({ peak: 48, peakAt: START + 30 * MINUTE_MS, min: 12 })
    }
  })

  it('the history export gains coverage, and a period only partly answered is marked stale', () => {
    recordHour(createRecorder(history.db))
    const exported = [...historyRows(history.db, { from: START, to: START + HOUR_MS, granularity: 'minute' })].filter(
      (row) => row.productId === 1,
    )
    expect(
      exported.filter((row) => row.coverage !== null && row.coverage < 1).map((row) => (Number(row.periodStart) - START) / MINUTE_MS),
    ).toEqual([30, 40])
    expect(exported.some((row) => row.maxUsed === 48 && row.periodStart !== START + 30 * MINUTE_MS)).toBe(false)
  })

  it('the usage export dates a stale row by its last answer and says since when it is stale', () => {
    // Stop in the middle of the outage: the latest poll is stale.
    recordHour(createRecorder(history.db), START + 35 * MINUTE_MS)
    const [row] = [...usageRows(history.db)].filter((r) => r.productId === 1)
    expect(row).toMatchObject({ stale: true, used: 48, time: START + 30 * MINUTE_MS, staleSince: OUTAGE[0] })
  })

  it('a current row is dated by its poll and has no "stale since"', () => {
    recordHour(createRecorder(history.db))
    const [row] = [...usageRows(history.db)].filter((r) => r.productId === 1)
    expect(row).toMatchObject({ stale: false, used: 12, time: START + HOUR_MS - POLL, staleSince: null })
  })

  it("the live usage export dates a stale row by its servers' last answer, not by the snapshot", () => {
    const live = snapshot([{ name: 'Accounting', machine: 'srv-app-01', status: 'down' }], held(48), 50)
    const lastAnswer = new Date(START + 30 * MINUTE_MS).toISOString()
    const withTimes = {
      ...live,
      generatedAt: new Date(START + 90 * MINUTE_MS).toISOString(),
      servers: live.servers.map((server) => ({ ...server, lastSuccessAt: lastAnswer })),
    }
    const [row] = usageRowsFromSnapshot(withTimes)
    expect(row).toMatchObject({ stale: true, time: lastAnswer })
  })
})

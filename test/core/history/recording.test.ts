// The recording scheduler on a fake clock: cadence of records and retention,
// no overlap with a slow retention, nothing before the first answer, failures
// reported once and never thrown; and with a real store on a temp folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { latestUsage } from '../../../main/core/history/queries.ts'
import { startHistoryRecording, type RecordingTarget } from '../../../main/core/history/recording.ts'
import { startHistory } from '../../../main/core/history/running-history.ts'
import type { Snapshot } from '../../../main/core/types/index.ts'
import { FakeClock, settle } from '../fake-clock.ts'
import { snapshot } from './snapshots.ts'

const answered = snapshot([{ name: 'A', machine: 'srv-01' }], [{ server: 'A', token: 1 }, { server: 'A', token: 2 }])
answered.servers[0]!.lastSuccessAt = new Date(0).toISOString()

/** Records what it is asked, in order; retention can be made slow with a promise the test resolves. */
class Target implements RecordingTarget {
  events: string[] = []
  active = 0
  maxActive = 0
  slowRetention: Promise<void> | null = null
  failRecord: Error | null = null
  record(_snapshot: Snapshot, at: number): void {
    if (this.failRecord) throw this.failRecord
    this.events.push(`record@${at}`)
  }
  async runRetention(now: number): Promise<void> {
    this.active++
    this.maxActive = Math.max(this.maxActive, this.active)
    this.events.push(`retention@${now}`)
    await this.slowRetention
    this.active--
  }
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('startHistoryRecording', () => {
  it('records once per interval and runs retention at the first tick, then once a minute', async () => {
    const clock = new FakeClock(1_000_000)
    const target = new Target()
    const recording = startHistoryRecording(target, { getSnapshot: () => answered }, { intervalMs: 5_000, retentionEveryMs: 60_000, clock })
    await clock.advance(130_000)
    const records = target.events.filter((e) => e.startsWith('record'))
    const retentions = target.events.filter((e) => e.startsWith('retention'))
    expect(records).toHaveLength(26)
    expect(records[0]).toBe('record@1005000')
    expect(records[1]).toBe('record@1010000')
    expect(retentions).toEqual(['retention@1005000', 'retention@1065000', 'retention@1125000'])
    await recording.stop()
    await clock.advance(60_000)
    expect(target.events.filter((e) => e.startsWith('record'))).toHaveLength(26)
    expect(clock.pending()).toEqual([])
  })

  it('never overlaps: while a retention run is slow, no record starts, and the next tick waits for it', async () => {
    const clock = new FakeClock(0)
    const target = new Target()
    let finish!: () => void
    target.slowRetention = new Promise<void>((resolve) => (finish = resolve))
    const recording = startHistoryRecording(target, { getSnapshot: () => answered }, { intervalMs: 5_000, clock })
    await clock.advance(5_000)
    expect(target.events).toEqual(['record@5000', 'retention@5000'])
    await clock.advance(60_000)
    expect(target.events, 'nothing runs while retention is in progress').toEqual(['record@5000', 'retention@5000'])
    expect(clock.pending(), 'no timer is armed while a tick runs').toEqual([])
    finish()
    await settle()
    expect(clock.pending()).toEqual([70_000])
    await clock.advance(5_000)
    expect(target.events.slice(2), 'the next tick comes an interval after the slow run ended').toEqual(['record@70000', 'retention@70000'])
    expect(target.maxActive).toBe(1)
    await recording.stop()
  })

  it('records nothing before any server has answered', async () => {
    const clock = new FakeClock(0)
    const target = new Target()
    const empty = snapshot([{ name: 'A', machine: 'srv-01' }], [])
    const recording = startHistoryRecording(target, { getSnapshot: () => empty }, { intervalMs: 1_000, clock })
    await clock.advance(5_000)
    expect(target.events.filter((e) => e.startsWith('record'))).toEqual([])
    await recording.stop()
  })

  it('reports a failing record once with a sentence, keeps going, and clears the problem when it works again', async () => {
    const clock = new FakeClock(0)
    const target = new Target()
    target.failRecord = new Error('database or disk is full')
    const reported: string[] = []
    const recording = startHistoryRecording(target, { getSnapshot: () => answered }, { intervalMs: 1_000, clock, onError: (s) => reported.push(s) })
    await clock.advance(3_000)
    expect(reported).toEqual(['The history could not record the poll of 1970-01-01T00:00:01.000Z: database or disk is full'])
    expect(recording.problem()).toMatch(/^The history could not record the poll of 1970-01-01T00:00:03.000Z: /)
    target.failRecord = null
    await clock.advance(1_000)
    expect(recording.problem()).toBeNull()
    expect(target.events.filter((e) => e.startsWith('record'))).toEqual(['record@4000'])
    await recording.stop()
  })

  it('with a real store: polls land in the file, and close stops recording and closes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-recording-'))
    dirs.push(dir)
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 9))
    const started = startHistory(dir, { getSnapshot: () => answered }, { intervalMs: 5_000, clock })
    if (!started.ok) throw new Error(started.error)
    await clock.advance(15_000)
    const rows = [...latestUsage(started.history.store.db)]
    expect(rows).toEqual([expect.objectContaining({ machine: 'srv-01', productId: 1, used: 2, limit: 10, at: Date.UTC(2026, 10, 28, 9) + 15_000 })])
    await started.history.close()
    expect(started.history.store.db.isOpen).toBe(false)
  })
})

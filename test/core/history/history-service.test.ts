// The history service on a fake clock, with the real store on temp folders:
// cadence of records and retention, one tick at a time even when retention is
// slow, nothing before the first answer, failures reported once and never
// thrown, and opening, closing and reopening in another folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHistoryService, recordIntervalMs, type HistoryServiceOptions } from '../../../main/core/history/history-service.ts'
import { latestUsage } from '../../../main/core/history/queries.ts'
import { openHistoryStore } from '../../../main/core/history/store.ts'
import type { ServerConfig, Snapshot } from '../../../main/core/types/index.ts'
import { DAYS_PER_STEP } from '../../../main/core/capacity/day-summariser.ts'
import { openHistory } from '../../../main/core/history/db.ts'
import { DAY_MS as DAY, HOUR_MS as HOUR } from '../../../main/core/history/periods.ts'
import { generateMinutes, writePool } from '../capacity/generated-history.ts'
import { FakeClock } from '../fake-clock.ts'
import { snapshot } from './snapshots.ts'

const answered = snapshot(
  [{ name: 'A', machine: 'srv-01' }],
  [
    { server: 'A', token: 1 },
    { server: 'A', token: 2 },
  ],
)
answered.servers[0]!.lastSuccessAt = new Date(0).toISOString()
const monitorOf = (shown: Snapshot) => ({ getSnapshot: () => shown })

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lm-history-service-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** The real store, its calls written down; `during` runs inside each call (to fail it, or to make it take time). */
function watchedStore(events: string[], during: { record?: () => void; retention?: () => void } = {}): HistoryServiceOptions['openStore'] {
  return (dataDir, options) => {
    const store = openHistoryStore(dataDir, options)
    return {
      ...store,
      record(shown, at) {
        during.record?.()
        events.push(`record@${at}`)
        return store.record(shown, at)
      },
      runRetention(at) {
        events.push(`retention@${at}`)
        during.retention?.()
        return store.runRetention(at)
      },
    }
  }
}

describe('the history service', () => {
  it('records once per interval and runs retention at the first tick, then once a minute', async () => {
    const clock = new FakeClock(1_000_000)
    const events: string[] = []
    const history = createHistoryService(monitorOf(answered), { retentionEveryMs: 60_000, clock, openStore: watchedStore(events) })
    expect(history.open(tempDir(), { intervalMs: 5_000 })).toEqual({ ok: true, notice: null })
    await clock.advance(130_000)
    const records = events.filter((e) => e.startsWith('record'))
    expect(records).toHaveLength(26)
    expect(records[0]).toBe('record@1005000')
    expect(records[1]).toBe('record@1010000')
    expect(events.filter((e) => e.startsWith('retention'))).toEqual(['retention@1005000', 'retention@1065000', 'retention@1125000'])
    history.close()
    await clock.advance(60_000)
    expect(events.filter((e) => e.startsWith('record'))).toHaveLength(26)
    expect(clock.pending()).toEqual([])
  })

  it('runs one tick at a time: no timer is armed during a slow retention, and the next tick comes an interval after it ended', async () => {
    const clock = new FakeClock(0)
    const events: string[] = []
    const armedDuringRetention: number[][] = []
    const slow = () => {
      armedDuringRetention.push(clock.pending())
      clock.time += 65_000
    }
    const history = createHistoryService(monitorOf(answered), { clock, openStore: watchedStore(events, { retention: slow }) })
    history.open(tempDir(), { intervalMs: 5_000 })
    await clock.advance(5_000)
    expect(events).toEqual(['record@5000', 'retention@5000'])
    expect(armedDuringRetention, 'nothing armed while the tick ran').toEqual([[]])
    expect(clock.pending()).toEqual([75_000])
    await clock.advance(5_000)
    expect(events.slice(2), 'the slow run made the next retention due at once').toEqual(['record@75000', 'retention@75000'])
    history.close()
  })

  it('records nothing before any server has answered', async () => {
    const clock = new FakeClock(0)
    const events: string[] = []
    const history = createHistoryService(monitorOf(snapshot([{ name: 'A', machine: 'srv-01' }], [])), {
      clock,
      openStore: watchedStore(events),
    })
    history.open(tempDir(), { intervalMs: 1_000 })
    await clock.advance(5_000)
    expect(events.filter((e) => e.startsWith('record'))).toEqual([])
    expect([...latestUsage(history.store.db)]).toEqual([])
    history.close()
  })

  it('reports a failing record once with a sentence, keeps going, and clears the problem when it works again', async () => {
    const clock = new FakeClock(0)
    let failure: Error | null = new Error('database or disk is full')
    const reported: string[] = []
    const failing = {
      record: () => {
        if (failure) throw failure
      },
    }
    const history = createHistoryService(monitorOf(answered), {
      clock,
      onError: (s) => reported.push(s),
      openStore: watchedStore([], failing),
    })
    history.open(tempDir(), { intervalMs: 1_000 })
    await clock.advance(3_000)
    expect(reported).toEqual(['The history could not record the poll of 1970-01-01T00:00:01.000Z: database or disk is full'])
    expect(history.problem()).toMatch(/^The history could not record the poll of 1970-01-01T00:00:03.000Z: /)
    failure = null
    await clock.advance(1_000)
    expect(history.problem()).toBeNull()
    expect([...latestUsage(history.store.db)].map((row) => row.at)).toEqual([4_000])
    history.close()
  })

  it('with the real store: polls land in the file, and close stops recording and closes it', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 9))
    const history = createHistoryService(monitorOf(answered), { clock })
    history.open(tempDir(), { intervalMs: 5_000 })
    await clock.advance(15_000)
    const db = history.store.db
    expect([...latestUsage(db)]).toEqual([
      expect.objectContaining({ machine: 'srv-01', productId: 1, used: 2, limit: 10, at: Date.UTC(2026, 10, 28, 9) + 15_000 }),
    ])
    history.close()
    expect(db.isOpen).toBe(false)
    expect(clock.pending()).toEqual([])
    expect(() => history.store.db).toThrow('The local history is not open in this monitor, so there is no chart or export.')
  })

  it('reopens in another folder: the store it hands out is the new file, the old one is closed and left as it was', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 9))
    const history = createHistoryService(monitorOf(answered), { clock })
    const first = tempDir()
    const second = tempDir()
    history.open(first, { intervalMs: 1_000 })
    await clock.advance(3_000)
    const firstDb = history.store.db
    history.open(second, { intervalMs: 1_000 })
    expect(firstDb.isOpen).toBe(false)
    expect(history.folder()).toBe(second)
    await clock.advance(2_000)
    expect([...latestUsage(history.store.db)].map((row) => row.at)).toEqual([Date.UTC(2026, 10, 28, 9) + 5_000])
    history.close()
    const reread = openHistoryStore(first)
    expect(
      [...latestUsage(reread.db)].map((row) => row.at),
      'the first file kept its own polls only',
    ).toEqual([Date.UTC(2026, 10, 28, 9) + 3_000])
    reread.close()
  })

  it('brings the capacity summaries up to date in the background: a step per record after a retention run, until none is missing', async () => {
    const dir = tempDir()
    const end = Math.floor(Date.UTC(2026, 10, 20, 9) / HOUR) * HOUR
    const seeded = openHistory(dir)
    const minutes = generateMinutes({ start: end - 20 * DAY, end, gaps: [], limitAt: () => 10, seed: 4 })
    writePool(
      seeded.db,
      { machine: 'srv-01', productId: 1, productName: '4D Client', minutes },
      { minuteFrom: end, hourDone: end, minuteDone: end },
    )
    seeded.close()
    const clock = new FakeClock(end)
    const history = createHistoryService(monitorOf(answered), { retentionEveryMs: 60_000, clock })
    history.open(dir, { intervalMs: 5_000 })
    const days = () => (history.store.db.prepare('SELECT count(*) AS n FROM capacity_summary_days').get() as { n: number }).n
    expect(days()).toBe(0)
    const seen: number[] = []
    for (let tick = 0; tick < 5; tick++) {
      await clock.advance(5_000)
      seen.push(days())
    }
    // About 20 complete local days before the hour mark (how many depends on the zone the tests run in), 7 per step,
    // then nothing left to do.
    expect(seen.slice(0, 2)).toEqual([DAYS_PER_STEP, 2 * DAYS_PER_STEP])
    expect(seen[2]).toBeGreaterThanOrEqual(19)
    expect(seen.slice(3)).toEqual([seen[2], seen[2]])
    expect(history.problem()).toBeNull()
    history.close()
  })

  it('a history that cannot open says why, in a sentence its store repeats, and costs nothing else', () => {
    const notAFolder = join(tempDir(), 'file')
    writeFileSync(notAFolder, 'x')
    const history = createHistoryService(monitorOf(answered), { clock: new FakeClock(0) })
    const opened = history.open(notAFolder)
    expect(opened.ok).toBe(false)
    const error = opened.ok ? '' : opened.error
    expect(error).toMatch(/^The local history could not be opened, so nothing will be recorded or exported: /)
    expect(history.problem()).toBe(error)
    expect(history.folder()).toBeNull()
    expect(() => history.store.db).toThrow(error)
  })
})

describe('recordIntervalMs', () => {
  const server = (id: string, intervalMs?: number): ServerConfig => ({
    id,
    name: id,
    url: `http://${id}/`,
    kind: 'http-json',
    ...(intervalMs === undefined ? {} : { intervalMs }),
  })

  it('follows the most frequently polled server, between 250 ms and 5 s', () => {
    expect(recordIntervalMs([])).toBe(5_000)
    expect(recordIntervalMs([server('a', 30_000)])).toBe(5_000)
    expect(recordIntervalMs([server('a', 2_000), server('b')])).toBe(2_000)
    expect(recordIntervalMs([server('a', 100)])).toBe(250)
  })
})

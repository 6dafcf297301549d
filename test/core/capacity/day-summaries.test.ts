// The per local day capacity summaries must not change a single figure: on
// generated histories in several zones (a change of summer time, a zone half
// an hour off UTC, one whose midnight does not always exist), with gaps, full
// stretches across midnight, holdings across days, open, unknown and with
// gaps, the Capacity figures of whole and partial periods are computed from
// the rows alone, then with every complete day summarised, then with a random
// half of them, and must be deeply equal. Then the history changes under the
// summaries (a holding closed in the past, one retained in the past, minutes
// deleted by retention) and the figures must still be those of the rows.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capacityReport, type CapacityQuery } from '../../../main/core/capacity/capacity.ts'
import { summariseAll, summariseStep } from '../../../main/core/capacity/day-summariser.ts'
import { summaryZone } from '../../../main/core/capacity/day-summaries.ts'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { runRetention } from '../../../main/core/history/retention.ts'
import type { CapacityReport, CapacitySettings } from '../../../main/core/types/index.ts'
import { prng } from '../history/usage-data.ts'
import { HOUR, MINUTE, writeHoldings, writePool, type HoldingSpec, type MinuteValue } from './generated-history.ts'

const DAY = 24 * HOUR
const SETTINGS: CapacitySettings = { margin: 3, groups: [] }

/** Local midnight `days` after the one containing `time`, in the current zone. */
function midnight(time: number, days = 0): number {
  const d = new Date(time)
  d.setHours(0, 0, 0, 0)
  d.setDate(d.getDate() + days)
  return d.getTime()
}

/** One value per minute; busy office hours, and on every third day a pool full from 22:00 to 02:00 (across midnight). */
function minutesOf(start: number, end: number, gaps: [number, number][], seed: number, lim: number, nightFull: boolean): MinuteValue[] {
  const random = prng(seed)
  const out: MinuteValue[] = []
  let used = 2
  for (let at = start; at < end; at += MINUTE) {
    if (gaps.some(([from, to]) => at >= from && at < to)) continue
    const date = new Date(at)
    const hour = date.getHours()
    const third = Math.floor((at - start) / DAY) % 3 === 0
    if (nightFull && third && (hour >= 22 || hour < 2)) used = lim
    else {
      const target = hour >= 9 && hour < 17 ? lim - 1 : 2
      used = Math.max(0, Math.min(lim, used + Math.round((target - used) * 0.3 + (random() - 0.45) * 4)))
    }
    out.push({ at, used, lim })
  }
  return out
}

/** Holdings of a pool over [start, end): some across midnight, some open (a few unknown), some retained before first seen, some with gaps. */
function holdingsOf(start: number, end: number, asOf: number, seed: number, firstToken: number): HoldingSpec[] {
  const random = prng(seed)
  const out: HoldingSpec[] = []
  const kinds = ['remote', 'remote', 'rest', 'web']
  const states = ['active', 'active', 'sleeping', 'postponed']
  for (let i = 0; i < 160; i++) {
    const from = start + Math.floor((random() * (end - start - 2 * HOUR)) / MINUTE) * MINUTE
    const length = random() < 0.2 ? Math.floor(random() * 50) * HOUR : Math.floor(random() * 600 + 5) * MINUTE
    const closes = Math.min(from + length, asOf - MINUTE)
    const open = random() < 0.08
    const holding: HoldingSpec = {
      token: firstToken + i,
      user: random() < 0.05 ? null : `user${String(Math.floor(random() * 12))}`,
      client: `PC-${String(Math.floor(random() * 9))}`,
      sessionType: kinds[Math.floor(random() * kinds.length)] ?? 'remote',
      state: states[Math.floor(random() * states.length)] ?? 'active',
      start: from,
      end: open ? null : closes,
    }
    if (random() < 0.15) holding.retainedAt = from - Math.floor(random() * 20) * HOUR
    if (open && random() < 0.5) holding.unknownSince = Math.max(from, asOf - Math.floor(random() * 30) * HOUR)
    if (!open && closes - from > 3 * HOUR && random() < 0.3) holding.gaps = [[from + HOUR, from + 2 * HOUR]]
    out.push(holding)
  }
  // Handed over at the same instant: not two at once.
  out.push({
    token: firstToken + 500,
    user: 'user1',
    client: 'PC-1',
    sessionType: 'remote',
    state: 'sleeping',
    start: start + 30 * HOUR,
    end: start + 33 * HOUR,
  })
  out.push({
    token: firstToken + 501,
    user: 'user1',
    client: 'PC-1',
    sessionType: 'remote',
    state: 'sleeping',
    start: start + 33 * HOUR,
    end: start + 40 * HOUR,
  })
  return out
}

/** The figures with no summary at all: the same file, every summary dropped inside a transaction rolled back after. */
function fromRows(db: DatabaseSync, query: CapacityQuery): CapacityReport {
  db.exec('BEGIN')
  try {
    db.exec('DELETE FROM capacity_summary_days')
    return capacityReport(db, query)
  } finally {
    db.exec('ROLLBACK')
  }
}

function summarisedCount(db: DatabaseSync): number {
  return (db.prepare('SELECT count(*) AS n FROM capacity_summary_days').get() as { n: number }).n
}

// Chile moves its clocks at midnight: on 2026-09-06 the day starts at 01:00 (a 23-hour day without a midnight).
const ZONES = ['Europe/Paris', 'Asia/Kolkata', 'America/New_York', 'America/Santiago']

describe.each(ZONES)('capacity summaries in %s', (zone) => {
  let dir: string
  let history: HistoryDb
  let start: number
  let end: number
  let queries: CapacityQuery[]

  beforeAll(() => {
    process.env.TZ = zone
    // 20 days around the autumn changes of Paris (10-25) and New York (11-01), and Chile's spring one (09-06) for Santiago.
    start = zone === 'America/Santiago' ? Date.parse('2026-08-28T07:17:00Z') : Date.parse('2026-10-18T07:17:00Z')
    end = start + 20 * DAY + 5 * HOUR
    const layout = { minuteFrom: start + 9 * DAY + 30 * MINUTE, hourDone: start + 17 * DAY, minuteDone: end - 2 * HOUR }
    const gaps: [number, number][] = [
      [midnight(start, 4), midnight(start, 5)],
      [midnight(start, 6) - 3 * HOUR, midnight(start, 6) + 2 * HOUR],
      [midnight(start, 12) + 10 * HOUR, midnight(start, 12) + 13 * HOUR + 7 * MINUTE],
    ]
    dir = mkdtempSync(join(tmpdir(), 'lm-capacity-summaries-'))
    history = openHistory(dir)
    const pools = [
      { machine: 'srv-a', productId: 1, lim: 10, night: true, seed: 1 },
      { machine: 'srv-b', productId: 1, lim: 8, night: false, seed: 2 },
      { machine: 'srv-a', productId: 2, lim: 5, night: true, seed: 3 },
    ]
    for (const p of pools) {
      const minutes = minutesOf(start, end, gaps, p.seed, p.lim, p.night)
      writePool(history.db, { machine: p.machine, productId: p.productId, productName: `P${String(p.productId)}`, minutes }, layout)
    }
    const asOf = end - MINUTE
    pools.forEach((p, i) => writeHoldings(history.db, p.machine, p.productId, holdingsOf(start, end, asOf, 10 + i, 1000 * (i + 1))))
    queries = [
      { from: start, to: end, settings: SETTINGS, now: end },
      { from: midnight(start, 2), to: midnight(start, 15), settings: SETTINGS, now: end },
      { from: midnight(start, 3) + 5 * HOUR, to: end - 3 * HOUR, settings: SETTINGS, now: end, top: 3 },
      { from: midnight(start, 10), to: midnight(start, 11), settings: SETTINGS, now: end },
      { from: midnight(start, 1), to: end, machine: 'srv-a', productId: 1, settings: SETTINGS, now: end },
    ]
  })
  afterAll(() => {
    history.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the figures of whole and partial periods are the same with no summary, every day summarised, and a random half', async () => {
    const db = history.db
    const rows = queries.map((q) => capacityReport(db, q))
    expect(rows[0]?.pairs.length).toBe(3)
    expect(rows[0]?.pairs.some((p) => p.pressure.fullEpisodes > 0 && p.idle.topUsers.length > 0)).toBe(true)
    const days = await summariseAll(db)
    // The complete days before the hour mark (17 days on), less the one that straddles the first minute.
    expect(days).toBeGreaterThanOrEqual(15)
    expect(summarisedCount(db)).toBe(days)
    expect(summariseStep(db)).toBe(0)
    expect(queries.map((q) => capacityReport(db, q))).toStrictEqual(rows)
    const random = prng(99)
    const all = (db.prepare('SELECT day FROM capacity_summary_days WHERE zone = ?').all(summaryZone()) as { day: number }[]).map(
      (r) => r.day,
    )
    const drop = db.prepare('DELETE FROM capacity_summary_days WHERE day = ?')
    for (const day of all) if (random() < 0.5) drop.run(day)
    expect(summarisedCount(db)).toBeLessThan(days)
    expect(summarisedCount(db)).toBeGreaterThan(0)
    expect(queries.map((q) => capacityReport(db, q))).toStrictEqual(rows)
  })

  it('a holding closed or retained in the past drops the days it touches; the figures stay those of the rows', async () => {
    const db = history.db
    await summariseAll(db)
    const before = summarisedCount(db)
    const open = db.prepare('SELECT id, start_at FROM holdings WHERE end_at IS NULL ORDER BY start_at LIMIT 1').get() as {
      id: number
      start_at: number
    }
    // Closed at the last poll that saw it, days ago (as the recorder closes a holding whose server came back without it).
    db.prepare(`UPDATE holdings SET end_at = ?, end_reason = 'unknown' WHERE id = ?`).run(open.start_at + 26 * HOUR, open.id)
    expect(summarisedCount(db)).toBeLessThan(before)
    for (const q of queries) expect(capacityReport(db, q)).toStrictEqual(fromRows(db, q))
    await summariseAll(db)
    writeHoldings(db, 'srv-b', 1, [
      {
        token: 9001,
        user: 'late',
        client: 'PC-9',
        sessionType: 'rest',
        state: 'sleeping',
        start: end - 2 * HOUR,
        end: null,
        retainedAt: start + 3 * DAY,
      },
    ])
    for (const q of queries) expect(capacityReport(db, q)).toStrictEqual(fromRows(db, q))
    await summariseAll(db)
    for (const q of queries) expect(capacityReport(db, q)).toStrictEqual(fromRows(db, q))
  })

  it('retention deleting per-minute rows drops the minute days; they are summarised again from the hours', async () => {
    const db = history.db
    await summariseAll(db)
    const minuteDays = () => (db.prepare(`SELECT count(*) AS n FROM capacity_summary_days WHERE level = 'minute'`).get() as { n: number }).n
    const before = minuteDays()
    // Minutes kept for 8 days before the hour mark's end: the oldest minute days go.
    runRetention(db, start + 17 * DAY + 4 * DAY, { rawMs: 100 * DAY, minuteMs: 10 * DAY, hourMs: 100 * DAY, holdingsMs: 100 * DAY })
    expect(minuteDays()).toBeLessThan(before)
    for (const q of queries) expect(capacityReport(db, q)).toStrictEqual(fromRows(db, q))
    await summariseAll(db)
    for (const q of queries) expect(capacityReport(db, q)).toStrictEqual(fromRows(db, q))
  })
})

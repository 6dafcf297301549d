// Issue 11 item 6: per-minute usage streams from a cursor. The rows and their
// order are those of the single sorted statement it replaces (kept here as the
// oracle), on real SQLite files: stored rollups, fresh minutes from raw
// samples past the rollup mark, machine names whose order differs between
// UTF-16 and UTF-8 comparison; and the stored minutes' plan has no sort.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { readMark, writeMark } from '../../../main/core/history/marks.ts'
import { minuteRowsInOrder, storedMinutesSql, type MinuteRange } from '../../../main/core/history/minute-rows.ts'
import { HOUR_MS, MINUTE_MS } from '../../../main/core/history/periods.ts'
import { usageOverRange } from '../../../main/core/history/queries.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { runRetention } from '../../../main/core/history/retention.ts'
import { usageSource } from '../../../main/core/history/usage-source.ts'
import { recordUsage } from './usage-data.ts'

const START = Date.UTC(2026, 0, 5, 6, 0, 0)
const opened: { dir: string; history: HistoryDb }[] = []
afterEach(() => {
  for (const { dir, history } of opened.splice(0)) {
    history.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

function freshHistory(): HistoryDb {
  const dir = mkdtempSync(join(tmpdir(), 'lm-minute-rows-'))
  const history = openHistory(dir)
  opened.push({ dir, history })
  return history
}

/** The statement the export ran before: the stitched minutes joined to their series, sorted by SQLite. */
function sortedBySqlite(db: DatabaseSync, range: MinuteRange): unknown[] {
  const source = usageSource('minute', {
    from: range.from,
    to: range.to,
    minuteDone: range.minuteDone,
    hourDone: null,
    series: range.series,
  })
  return db
    .prepare(
      `SELECT r.at, r.n, r.sum_used, r.min_used, r.max_used, r.max_at, r.lim, r.covered_ms, se.machine, se.server, se.product_id, se.product_name
       FROM (${source.sql}) r JOIN series se ON se.id = r.series_id
       WHERE r.n > 0
       ORDER BY r.at, se.machine, se.product_id, se.server`,
    )
    .all(...source.params)
    .map((row) => ({ ...row }))
}

function streamed(db: DatabaseSync, range: MinuteRange): unknown[] {
  return [...minuteRowsInOrder(db, range)].map(({ series_id: _id, ...row }) => ({ ...row }))
}

const ALL_SERIES = { sql: '1', params: [] }
const MACHINES_ONLY = { sql: `server = ''`, params: [] }

describe('minuteRowsInOrder: the sorted statement’s rows, from a cursor', () => {
  it('orders each minute by machine, product and server as SQLite compares them (bytes), across stored and fresh minutes', () => {
    const { db } = freshHistory()
    // Inserted out of order, so series ids do not follow the names. U+FF5A (3 UTF-8 bytes, one UTF-16 unit above
    // the surrogates) sorts before U+1D518 (4 bytes) in SQLite, after it in a JavaScript comparison of strings.
    const names = ['zeta', '\u{1D518}-srv', 'Alpha', '\uFF5A-srv', 'alpha', 'Ångström', 'srv-10', 'srv-9']
    const insertSeries = db.prepare('INSERT INTO series (machine, server, product_id, product_name) VALUES (?, ?, ?, ?)')
    for (const [i, machine] of names.entries()) {
      for (const productId of [808464441, 2, 808464945]) {
        insertSeries.run(machine, '', productId, `product ${productId}`)
        insertSeries.run(machine, `server ${(i * 7) % 3}`, productId, `product ${productId}`)
      }
    }
    const ids = (db.prepare('SELECT id FROM series ORDER BY random()').all() as { id: number }[]).map((row) => row.id)
    const rollup = db.prepare(
      'INSERT INTO rollup_minute (at, series_id, n, sum_used, min_used, max_used, max_at, lim, covered_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 10, 60000)',
    )
    const sample = db.prepare('INSERT INTO samples (at, series_id, used, lim, remaining, status, stale) VALUES (?, ?, ?, 10, ?, ?, ?)')
    const done = START + 30 * MINUTE_MS
    for (let minute = 0; minute < 30; minute++) {
      const at = START + minute * MINUTE_MS
      for (const [k, id] of ids.entries()) {
        const used = (minute * 3 + k) % 9
        // Some minutes nobody answered (n = 0): left out, as before.
        rollup.run(at, id, (minute + k) % 11 === 0 ? 0 : 12, used * 12, used, used, at + 5000)
      }
    }
    for (let at = done; at < done + 10 * MINUTE_MS; at += 15_000) {
      for (const [k, id] of ids.entries()) sample.run(at, id, (at / 15_000 + k) % 7, 3, 'ok', k % 5 === 0 ? 1 : 0)
    }
    writeMark(db, 'minute_done', done)
    for (const series of [ALL_SERIES, MACHINES_ONLY, { sql: 'machine = ?', params: ['Ångström'] }]) {
      const range = { from: START, to: done + 10 * MINUTE_MS, minuteDone: done, series }
      const expected = sortedBySqlite(db, range)
      expect(expected.length).toBeGreaterThan(100)
      expect(streamed(db, range)).toEqual(expected)
    }
    // Within stored minutes only, fresh only, and a range that starts mid-way.
    for (const [from, to] of [
      [START, done],
      [done, done + 10 * MINUTE_MS],
      [START + 7 * MINUTE_MS + 30_000, done + 3 * MINUTE_MS],
    ] as const) {
      const range = { from, to, minuteDone: done, series: ALL_SERIES }
      expect(streamed(db, range)).toEqual(sortedBySqlite(db, range))
    }
  })

  it('gives what the usage query gave before retention, half rolled up and fully rolled up (recorded polls)', () => {
    const history = freshHistory()
    const last = recordUsage(createRecorder(history.db), {
      start: START + 17_000,
      durationMs: HOUR_MS + 30 * MINUTE_MS,
      stepMs: 5000,
      seed: 9,
    })
    const query = { from: START, to: last + MINUTE_MS, granularity: 'minute' as const, perServer: true }
    const before = [...usageOverRange(history.db, query)]
    expect(before.length).toBeGreaterThan(300)
    runRetention(history.db, START + 50 * MINUTE_MS)
    const range = { from: START, to: last + MINUTE_MS, minuteDone: readMark(history.db, 'minute_done'), series: ALL_SERIES }
    expect(streamed(history.db, range)).toEqual(sortedBySqlite(history.db, range))
    expect([...usageOverRange(history.db, query)]).toEqual(before)
    runRetention(history.db, last + 30_000)
    expect([...usageOverRange(history.db, query)]).toEqual(before)
  })
})

describe('the stored minutes’ query plan', () => {
  function plan(db: DatabaseSync, sql: string, params: unknown[]): string[] {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as never[])) as { detail: string }[]).map((row) => row.detail)
  }

  it('reads rollup_minute by its primary key with no temporary b-tree, for every series filter the queries build', () => {
    const history = freshHistory()
    recordUsage(createRecorder(history.db), { start: START, durationMs: HOUR_MS, stepMs: 5000, seed: 4 })
    runRetention(history.db, START + HOUR_MS)
    history.db.exec('ANALYZE')
    for (const series of [
      ALL_SERIES,
      MACHINES_ONLY,
      { sql: `server = '' AND machine = ?`, params: ['srv-01'] },
      { sql: `server = '' AND machine = ? AND product_id = ?`, params: ['srv-02', 1] },
    ]) {
      const steps = plan(history.db, storedMinutesSql(series), [START, START + HOUR_MS, ...series.params])
      expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/)
      expect(steps.some((step) => /SEARCH r USING PRIMARY KEY \(at>\? AND at<\?\)/.test(step))).toBe(true)
    }
    // The statement it replaces sorted: the check above can fail.
    const source = usageSource('minute', {
      from: START,
      to: START + HOUR_MS,
      minuteDone: START + HOUR_MS,
      hourDone: null,
      series: MACHINES_ONLY,
    })
    const before = plan(
      history.db,
      `SELECT r.at FROM (${source.sql}) r JOIN series se ON se.id = r.series_id WHERE r.n > 0 ORDER BY r.at, se.machine, se.product_id, se.server`,
      source.params,
    )
    expect(before.join('\n')).toMatch(/USE TEMP B-TREE FOR ORDER BY/)
  })
})

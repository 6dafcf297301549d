// npm run bench:capacity — the Capacity view's figures on a long history.
// A generated history of 730 days for 20 servers (each alone on its machine)
// x 5 products and 2,000 users, laid out as retention leaves it: per-hour
// rollups for two years, per-minute rollups for the last 30 days, about
// 800,000 license holdings. Then the figures of every machine and product
// (capacityReport, as getCapacity computes them) for 30 days, 1 year and
// 2 years, against a plain SELECT count(*) over the same rows (the rollup
// rows the figures read and the holdings that overlap the period), as ratios
// with the absolute times. Target: a year of figures under a second.
// The history is opened as the app opens it (schema v7: the capacity indexes
// and the per-day summary tables). The figures are timed twice: cold, with
// no summary (what the figures cost before v7, and right after an update
// until the background summariser has run), and with every complete day
// summarised (the state of a running app's history: its history service
// summarises complete days in the background); the summariser's own total
// and longest step are printed too. BENCH_PERIODS=30,365 picks the periods
// (days); BENCH_DATA=dir keeps the generated history there and reuses it on
// later runs (its summaries are dropped and made again each run).
// Not a test: figures and ratios measured in the same run.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { capacityReport, capacityUsers } from '../main/core/capacity/capacity.ts'
import { summariseStep } from '../main/core/capacity/day-summariser.ts'
import { historyFile, inTransaction, openHistory } from '../main/core/history/db.ts'
import { writeMark } from '../main/core/history/marks.ts'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../main/core/history/periods.ts'

const MACHINES = 20
const PRODUCTS = 5
const USERS = 2000
const DAYS = 730
const LIMIT = 50
const END = Math.floor(Date.UTC(2026, 11, 1) / HOUR_MS) * HOUR_MS
const START = END - DAYS * DAY_MS
const MINUTES_FROM = END - 30 * DAY_MS

/** Mulberry32, so every run builds the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Busy office hours, quiet nights, some days that reach the limit. */
function usedAt(at: number, series: number, random: () => number): number {
  const hour = new Date(at).getUTCHours()
  const base = hour >= 8 && hour < 18 ? 30 + (series % 7) * 2 : 4
  return Math.max(0, Math.min(LIMIT, Math.round(base + (random() - 0.3) * 16)))
}

function generate(dir: string): { rows: number; holdings: number; seconds: number } {
  const started = performance.now()
  const history = openHistory(dir)
  const db = history.db
  const random = prng(42)
  const seriesIds: number[] = []
  inTransaction(db, () => {
    const insert = db.prepare(`INSERT INTO series (machine, server, product_id, product_name) VALUES (?, '', ?, ?) RETURNING id`)
    for (let m = 0; m < MACHINES; m++) {
      for (let p = 1; p <= PRODUCTS; p++)
        seriesIds.push((insert.get(`srv-${String(m).padStart(2, '0')}`, p, p === 1 ? '4D Client' : `Product ${p}`) as { id: number }).id)
    }
  })
  let rows = 0
  const rollup = (table: string) =>
    db.prepare(`INSERT INTO ${table} (at, series_id, n, sum_used, min_used, max_used, max_at, lim) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const hour = rollup('rollup_hour')
  for (let day = START; day < END; day += DAY_MS) {
    inTransaction(db, () => {
      for (let at = day; at < day + DAY_MS; at += HOUR_MS) {
        for (const id of seriesIds) {
          const used = usedAt(at, id, random)
          hour.run(at, id, 720, used * 600, Math.max(0, used - 8), used, at + 1_800_000, LIMIT)
          rows++
        }
      }
    })
  }
  const minute = rollup('rollup_minute')
  for (let day = MINUTES_FROM; day < END; day += DAY_MS) {
    inTransaction(db, () => {
      for (let at = day; at < day + DAY_MS; at += MINUTE_MS) {
        for (const id of seriesIds) {
          const used = usedAt(at, id, random)
          minute.run(at, id, 12, used * 12, used, used, at, LIMIT)
          rows++
        }
      }
    })
  }
  const holdings = generateHoldings(db, random)
  inTransaction(db, () => {
    writeMark(db, 'hour_done', END)
    writeMark(db, 'minute_done', END)
    writeMark(db, 'last_record_at', END)
  })
  history.close()
  return { rows, holdings, seconds: (performance.now() - started) / 1000 }
}

/** Each user works most weekdays on one machine: one session a day, some sleeping or postponed, some REST or web. */
function generateHoldings(db: ReturnType<typeof openHistory>['db'], random: () => number): number {
  const insert =
    db.prepare(`INSERT INTO holdings (server, machine, token, product_id, product_name, user_name, session_type, client_machine, state, start_at, end_at, end_reason)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'released')`)
  let count = 0
  for (let day = START; day < END; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay()
    if (weekday === 0 || weekday === 6) continue
    inTransaction(db, () => {
      for (let u = 0; u < USERS; u++) {
        if (random() > 0.8) continue
        const machine = u % MACHINES
        const product = random() < 0.8 ? 1 : 2 + Math.floor(random() * (PRODUCTS - 1))
        const start = day + 8 * HOUR_MS + Math.floor(random() * 2 * HOUR_MS)
        const end = start + 2 * HOUR_MS + Math.floor(random() * 7 * HOUR_MS)
        const kind = random()
        const state = random()
        const m = `srv-${String(machine).padStart(2, '0')}`
        insert.run(
          `Server ${machine}`,
          m,
          ++count,
          product,
          product === 1 ? '4D Client' : `Product ${product}`,
          `user${u}`,
          kind < 0.85 ? 'remote' : kind < 0.95 ? 'rest' : 'web',
          `PC-${u}`,
          state < 0.1 ? 'sleeping' : state < 0.15 ? 'postponed' : 'active',
          start,
          end,
        )
      }
    })
  }
  return count
}

function time<T>(work: () => T): { ms: number; result: T } {
  const started = performance.now()
  const result = work()
  return { ms: performance.now() - started, result }
}

/** The background summariser run to completion, step by step as the history service runs it. */
function summarise(db: ReturnType<typeof openHistory>['db']): { days: number; steps: number; ms: number; longestMs: number } {
  let days = 0
  let steps = 0
  let ms = 0
  let longestMs = 0
  for (;;) {
    const step = time(() => summariseStep(db))
    if (step.result === 0) return { days, steps, ms, longestMs }
    days += step.result
    steps++
    ms += step.ms
    longestMs = Math.max(longestMs, step.ms)
  }
}

function main(): void {
  // BENCH_DATA=dir keeps the generated history there and reuses it on the next run (same seed, same rows).
  const kept = process.env.BENCH_DATA
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'lm-bench-capacity-'))
  try {
    if (kept !== undefined && existsSync(historyFile(kept))) console.log(`history: reused from ${historyFile(kept)}`)
    else {
      const built = generate(dir)
      console.log(
        `history: ${built.rows.toLocaleString('en')} rollup rows, ${built.holdings.toLocaleString('en')} holdings, built in ${built.seconds.toFixed(1)} s`,
      )
    }
    const opened = time(() => openHistory(dir, { recover: false }))
    const history = opened.result
    const db = history.db
    console.log(`opened in ${opened.ms.toFixed(0)} ms (quick_check of the whole file, then migrations if older)`)
    const periods = (process.env.BENCH_PERIODS ?? '30,365,730').split(',').map(Number)
    const settings = { margin: 3, groups: [{ name: 'Finance', patterns: ['user1*'] }] }
    db.exec('DELETE FROM capacity_summary_days')
    const cold = new Map<number, number>()
    for (const days of periods)
      cold.set(days, time(() => capacityReport(db, { from: END - days * DAY_MS, to: END, settings, now: END })).ms)
    const summarised = summarise(db)
    console.log(
      `summariser: ${String(summarised.days)} days in ${(summarised.ms / 1000).toFixed(1)} s (${String(summarised.steps)} steps, longest ${summarised.longestMs.toFixed(0)} ms)`,
    )
    console.log(
      '| period | count(*) baseline | cold figures (no summary) | figures (100 pairs) | figures / count | users of one pair | pairs | rows counted |',
    )
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (const days of periods) {
      const label = days === 365 ? '1 year' : days === 730 ? '2 years' : `${days} days`
      const from = END - days * DAY_MS
      const count = time(() => {
        const rollups = db
          .prepare(
            'SELECT (SELECT count(*) FROM rollup_hour WHERE at >= ? AND at < ?) + (SELECT count(*) FROM rollup_minute WHERE at >= ? AND at < ?) AS n',
          )
          .get(from, END, from, END) as { n: number }
        const held = db
          .prepare('SELECT count(*) AS n FROM holdings WHERE start_at < ? AND (end_at IS NULL OR end_at > ?)')
          .get(END, from) as { n: number }
        return rollups.n + held.n
      })
      const figures = time(() => capacityReport(db, { from, to: END, settings, now: END }))
      // What the view loads when a pair is opened: usage by user, client machine and group (the busiest pair, 200 listed as the contract lists them).
      const users = time(() => capacityUsers(db, { machine: 'srv-00', productId: 1, from, to: END }, settings, 200))
      console.log(
        `| ${label} | ${count.ms.toFixed(0)} ms | ${(cold.get(days) ?? Number.NaN).toFixed(0)} ms | ${figures.ms.toFixed(0)} ms | ${(figures.ms / count.ms).toFixed(1)}x | ${users.ms.toFixed(0)} ms (${String(users.result.byUser.length)} users) | ${figures.result.pairs.length} | ${count.result.toLocaleString('en')} |`,
      )
    }
    history.close()
  } finally {
    if (kept === undefined) rmSync(dir, { recursive: true, force: true })
  }
}

main()

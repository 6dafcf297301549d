// Where a capacity report's time goes (not a test, not in npm scripts): each
// pass of capacityReport timed alone on a history kept by bench:capacity
// (BENCH_DATA=dir). Usage: BENCH_DATA=dir BENCH_DAYS=365 node bench/capacity-parts.ts
import { dailyPeaks } from '../main/core/capacity/daily-peaks.ts'
import { BY_CLIENT_MACHINE, BY_SESSION_KIND, BY_USER, heldMsBy, holderUsageBy, IDLE_FILTER } from '../main/core/capacity/holders.ts'
import { localDay } from '../main/core/capacity/capacity.ts'
import { periodDays } from '../main/core/capacity/period-days.ts'
import { poolTimes } from '../main/core/capacity/pool-time.ts'
import { openHistory } from '../main/core/history/db.ts'
import { DAY_MS, HOUR_MS } from '../main/core/history/periods.ts'

const dir = process.env.BENCH_DATA
if (dir === undefined) throw new Error('BENCH_DATA=dir: a history kept by npm run bench:capacity')
const END = Math.floor(Date.UTC(2026, 11, 1) / HOUR_MS) * HOUR_MS
const from = END - Number(process.env.BENCH_DAYS ?? 365) * DAY_MS
const history = openHistory(dir, { recover: false })
const db = history.db
const series = { sql: `server = ''`, params: [] }
function time(label: string, work: () => unknown): void {
  const started = performance.now()
  work()
  console.log(`${label.padEnd(24)} ${(performance.now() - started).toFixed(0).padStart(6)} ms`)
}
const range = { from, to: END, series }
let days: ReturnType<typeof periodDays> | undefined
time('period days', () => (days = periodDays(db, from, END)))
time('daily peaks', () => dailyPeaks(db, range, days!))
time('pool times', () => poolTimes(db, range, localDay))
const holders = { from, to: END }
time('session kinds', () => heldMsBy(db, holders, BY_SESSION_KIND))
time('idle users + clients', () => holderUsageBy(db, { ...holders, where: IDLE_FILTER, limit: 10 }, [BY_USER, BY_CLIENT_MACHINE]))
history.close()

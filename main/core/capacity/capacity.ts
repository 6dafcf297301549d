// Capacity figures per machine and product over a period, from the local
// history only (issue 14): daily peaks against the limit, their 95th
// percentile and maximum, time near and at the limit, the recommendation,
// idle holders and the share of REST and web sessions. Every figure comes
// with the coverage of the period; gaps are reported, never filled in.
import type { DatabaseSync } from 'node:sqlite'
import { readMark } from '../history/marks.ts'
import { DAY_MS } from '../history/periods.ts'
import { usageOverRange } from '../history/queries.ts'
import type {
  CapacityFigures,
  CapacityReport,
  CapacitySettings,
  CapacityUsers,
  DailyPeak,
  IdleHolding,
  SessionKindShare,
} from '../types/index.ts'
import { groupKey } from './capacity-settings.ts'
import { BY_CLIENT_MACHINE, BY_SESSION_KIND, BY_USER, holderUsage, IDLE_FILTER, licenseHours } from './holders.ts'
import { poolTime, type PairQuery } from './pool-time.ts'
import { recommend } from './recommend.ts'

export interface CapacityQuery {
  from: number
  to: number
  machine?: string
  productId?: number
  settings: CapacitySettings
  /** The period in words for the sentence ("over the last 30 days"). */
  period?: string
  now?: number
  /** Idle holders listed per pair (default 10). */
  top?: number
}

export const DEFAULT_PERIOD_DAYS = 30
const REST_WEB = new Set(['rest', 'web'])

/** Local midnight of the day containing `time` (SQLite groups days in the same zone). */
export function localDay(time: number): number {
  const day = new Date(time)
  day.setHours(0, 0, 0, 0)
  return day.getTime()
}

/** The default period: the last 30 local days, today included, up to `now`. */
export function defaultPeriod(now: number): { from: number; to: number } {
  const start = new Date(localDay(now))
  start.setDate(start.getDate() - (DEFAULT_PERIOD_DAYS - 1))
  return { from: start.getTime(), to: now }
}

export function capacityReport(db: DatabaseSync, query: CapacityQuery): CapacityReport {
  const pairs = db
    .prepare(
      `SELECT machine, product_id, product_name FROM series WHERE server = '' ${query.machine === undefined ? '' : 'AND machine = ?'} ${query.productId === undefined ? '' : 'AND product_id = ?'} ORDER BY machine, product_id`,
    )
    .all(...[query.machine, query.productId].filter((v) => v !== undefined)) as {
    machine: string
    product_id: number
    product_name: string
  }[]
  const figures: CapacityFigures[] = []
  for (const pair of pairs) {
    const one = pairFigures(
      db,
      { machine: pair.machine, productId: pair.product_id, from: query.from, to: query.to },
      pair.product_name,
      query,
    )
    if (one !== null) figures.push(one)
  }
  return {
    from: query.from,
    to: query.to,
    margin: query.settings.margin,
    generatedAt: query.now ?? Date.now(),
    pairs: figures,
    settingsProblem: null,
  }
}

/** Nearest-rank percentile of `values` (0 < p <= 1); null when empty. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const value = sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]
  if (value === undefined) throw new RangeError(`nearestRank takes 0 < p <= 1, not ${p}`)
  return value
}

function pairFigures(db: DatabaseSync, pair: PairQuery, productName: string, query: CapacityQuery): CapacityFigures | null {
  const dailyPeaks: DailyPeak[] = []
  for (const row of usageOverRange(db, {
    from: pair.from,
    to: pair.to,
    granularity: 'day',
    machine: pair.machine,
    productId: pair.productId,
  })) {
    dailyPeaks.push({ day: row.periodStart, peak: row.peak, peakAt: row.peakAt, limit: row.limit })
  }
  if (dailyPeaks.length === 0) return null
  const peaks = dailyPeaks.map((d) => d.peak)
  const limit = [...dailyPeaks].reverse().find((d) => d.limit !== null)?.limit ?? null
  const { coverage, pressure } = poolTime(db, pair, localDay)
  const p95DailyPeak = nearestRank(peaks, 0.95)
  const maxDailyPeak = Math.max(...peaks)
  const days = Math.round((pair.to - pair.from) / DAY_MS)
  const recommendation = recommend({
    machine: pair.machine,
    productName,
    limit,
    maxDailyPeak,
    p95DailyPeak,
    pressure,
    margin: query.settings.margin,
    period: query.period ?? `over the ${days} ${days === 1 ? 'day' : 'days'} from ${isoDate(pair.from)} to ${isoDate(pair.to - 1)}`,
    coverage: coverage.ratio,
  })
  // The kinds partition the holdings: their sum is the total, without another pass.
  const kinds = holderUsage(db, pair, BY_SESSION_KIND)
  const total = kinds.reduce((sum, k) => sum + k.licenseHours, 0)
  const sessionKinds: SessionKindShare[] = kinds.map((k) => ({
    sessionType: k.key,
    licenseHours: k.licenseHours,
    share: total > 0 ? k.licenseHours / total : 0,
  }))
  const idleHours = licenseHours(db, { ...pair, where: IDLE_FILTER })
  const top = query.top ?? 10
  return {
    machine: pair.machine,
    productId: pair.productId,
    productName,
    limit,
    coverage,
    dailyPeaks,
    p95DailyPeak,
    maxDailyPeak,
    pressure: { ...pressure, resolution: coverage.resolution },
    recommendation,
    idle: {
      licenseHours: idleHours,
      share: total > 0 ? idleHours / total : 0,
      topUsers: holderUsage(db, { ...pair, where: IDLE_FILTER, limit: top }, BY_USER),
      topClientMachines: holderUsage(db, { ...pair, where: IDLE_FILTER, limit: top }, BY_CLIENT_MACHINE),
      now: idleNow(db, pair),
      note: 'The history keeps the session state 4D reported when a license was first seen; a session that fell asleep later counts as active here.',
    },
    sessionKinds,
    restWebShare: sessionKinds.filter((k) => REST_WEB.has(k.sessionType)).reduce((sum, k) => sum + k.share, 0),
    holdingsNote:
      total === 0 && maxDailyPeak > 0
        ? 'No license detail was recorded for this pool (its servers send counts only), so there are no holders, idle sessions or session kinds.'
        : null,
  }
}

/** Usage by user, client machine and group for one machine and product. */
export function capacityUsers(db: DatabaseSync, pair: PairQuery, settings: CapacitySettings, limit?: number): CapacityUsers {
  const query = { ...pair, limit }
  return {
    ...pair,
    byUser: holderUsage(db, query, BY_USER),
    byClientMachine: holderUsage(db, query, BY_CLIENT_MACHINE),
    byGroup: holderUsage(db, query, groupKey(settings.groups)),
  }
}

/** Idle holdings still open at the last recorded poll (those of an unreachable server are unknown, not idle). */
function idleNow(db: DatabaseSync, pair: PairQuery): IdleHolding[] {
  if (readMark(db, 'last_record_at') === null) return []
  const rows = db
    .prepare(
      `
    SELECT user_name, client_machine, server, state, min(coalesce(retained_at, start_at), start_at) AS since FROM holdings
    WHERE end_at IS NULL AND unknown_since IS NULL AND machine = ? AND product_id = ? AND ${IDLE_FILTER} ORDER BY since LIMIT 50`,
    )
    .all(pair.machine, pair.productId) as {
    user_name: string | null
    client_machine: string | null
    server: string
    state: string
    since: number
  }[]
  return rows.map((r) => ({ userName: r.user_name, clientMachine: r.client_machine, server: r.server, state: r.state, since: r.since }))
}

/** Local calendar date, YYYY-MM-DD. */
export function isoDate(time: number): string {
  const d = new Date(time)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

// Capacity figures per machine and product over a period, from the local
// history only (issue 14): daily peaks against the limit, their 95th
// percentile and maximum, time near and at the limit, the recommendation,
// idle holders and the share of REST and web sessions. Every figure comes
// with the coverage of the period; gaps are reported, never filled in.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { readMark } from '../history/marks.ts'
import { DAY_MS } from '../history/periods.ts'
import type { SqlPart } from '../history/usage-source.ts'
import type {
  CapacityCoverage,
  CapacityFigures,
  CapacityPressure,
  CapacityReport,
  CapacitySettings,
  CapacityUsers,
  DailyPeak,
  HolderUsage,
  IdleHolding,
  SessionKindShare,
  TextMessage,
} from '../types/index.ts'
import { groupKey } from './capacity-settings.ts'
import { dailyPeaks, tiledDailyPeaks } from './daily-peaks.ts'
import { periodPieces, summarisedDays, summaryParts, summaryPeaks, type PeriodPiece } from './day-summaries.ts'
import { BY_CLIENT_MACHINE, BY_USER, HOUR, holderUsageBy, IDLE_FILTER, poolKey } from './holders.ts'
import { periodDays, type PeriodDay } from './period-days.ts'
import { periodHolders } from './period-holders.ts'
import { levelBoundary, poolParts, poolTimes, stitchPieces, type PairQuery, type PartSummary } from './pool-time.ts'
import { recommend } from './recommend.ts'

export interface CapacityQuery {
  from: number
  to: number
  machine?: string
  productId?: number
  settings: CapacitySettings
  /** The period in words for the sentence ("over the last 30 days"). */
  period?: string
  /** The same as a message of the catalogue (capacity.period.*). */
  periodMessage?: TextMessage
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
  const filter = seriesFilter(query)
  const pairs = db
    .prepare(`SELECT id, machine, product_id, product_name FROM series WHERE ${filter.sql} ORDER BY machine, product_id`)
    .all(...filter.params) as { id: number; machine: string; product_id: number; product_name: string }[]
  const figures: CapacityFigures[] = []
  if (pairs.length > 0) {
    // One pass per level for every pool: days, then rollups, then holdings.
    const range = { from: query.from, to: query.to, series: filter }
    const days = periodDays(db, query.from, query.to)
    // Whole days summarised in the background are read from their summaries, the rest from the rows.
    const summarised = days.tiles ? summarisedDays(db, query.from, query.to, days.days) : []
    const pieces = summarised.length > 0 ? periodPieces(query.from, query.to, summarised) : null
    const peaks = pieces === null ? dailyPeaks(db, range, days) : stitchedPeaks(db, range, days.days, pieces)
    const times = pieces === null ? poolTimes(db, range, localDay) : stitchedTimes(db, range, pieces)
    const holders = { from: query.from, to: query.to, machine: query.machine, productId: query.productId, top: query.top ?? 10 }
    const { kinds, idleUsers, idleClients } = periodHolders(db, holders, pieces)
    const idle = idleNow(db, query)
    for (const pair of pairs) {
      const dailyPeaks = peaks.get(pair.id)
      const time = times.get(pair.id)
      if (dailyPeaks === undefined || time === undefined) continue
      const pool = poolKey(pair.machine, pair.product_id)
      figures.push(
        pairFigures(
          { machine: pair.machine, productId: pair.product_id, from: query.from, to: query.to },
          pair.product_name,
          query,
          { dailyPeaks, ...time },
          {
            kinds: kinds.get(pool) ?? [],
            topUsers: idleUsers.get(pool) ?? [],
            topClientMachines: idleClients.get(pool) ?? [],
            now: idle.get(pool) ?? [],
          },
        ),
      )
    }
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

/** dailyPeaks from the summaries of the summarised days and the rows of the other pieces (the first from its day's start). */
function stitchedPeaks(
  db: DatabaseSync,
  range: { from: number; to: number; series: SqlPart },
  days: readonly PeriodDay[],
  pieces: readonly PeriodPiece[],
): Map<number, DailyPeak[]> {
  const out = summaryPeaks(db, range.series)
  for (const piece of pieces) {
    if (piece.summarised) continue
    const from = piece.from === range.from ? (days[0]?.start ?? range.from) : piece.from
    for (const [series, list] of tiledDailyPeaks(db, { ...range, from, to: piece.to }, days))
      out.set(series, [...(out.get(series) ?? []), ...list])
  }
  for (const list of out.values()) list.sort((a, b) => a.day - b.day)
  return out
}

/** poolTimes from the summaries of the summarised days and the rows of the other pieces, stitched in time order. */
function stitchedTimes(db: DatabaseSync, range: { from: number; to: number; series: SqlPart }, pieces: readonly PeriodPiece[]) {
  const boundary = levelBoundary(db, range.from, range.to)
  const summaries = summaryParts(db, range.series)
  const parts = pieces.flatMap((piece) =>
    piece.summarised
      ? [summaries.get(piece.from) ?? new Map<number, PartSummary>()]
      : poolParts(db, { ...range, from: piece.from, to: piece.to }, boundary, localDay),
  )
  return stitchPieces(parts, range, boundary, localDay)
}

function seriesFilter(query: { machine?: string; productId?: number }): SqlPart {
  const clauses = [`server = ''`]
  const params: SQLInputValue[] = []
  if (query.machine !== undefined) {
    clauses.push('machine = ?')
    params.push(query.machine)
  }
  if (query.productId !== undefined) {
    clauses.push('product_id = ?')
    params.push(query.productId)
  }
  return { sql: clauses.join(' AND '), params }
}

/** Nearest-rank percentile of `values` (0 < p <= 1); null when empty. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const value = sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]
  if (value === undefined) throw new RangeError(`nearestRank takes 0 < p <= 1, not ${p}`)
  return value
}

interface PoolRollups {
  dailyPeaks: DailyPeak[]
  coverage: CapacityCoverage
  pressure: CapacityPressure
}

interface PoolHolders {
  kinds: { key: string; ms: number; idleMs: number }[]
  topUsers: HolderUsage[]
  topClientMachines: HolderUsage[]
  now: IdleHolding[]
}

function pairFigures(
  pair: PairQuery,
  productName: string,
  query: CapacityQuery,
  rollups: PoolRollups,
  holders: PoolHolders,
): CapacityFigures {
  const { dailyPeaks, coverage, pressure } = rollups
  const peaks = dailyPeaks.map((d) => d.peak)
  const limit = [...dailyPeaks].reverse().find((d) => d.limit !== null)?.limit ?? null
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
    periodMessage:
      query.period === undefined
        ? { id: 'capacity.period.days', params: { count: days, from: isoDate(pair.from), to: isoDate(pair.to - 1) } }
        : query.periodMessage,
    coverage: coverage.ratio,
  })
  // The kinds partition the holdings: their sum is the total, without another pass.
  const total = holders.kinds.reduce((sum, k) => sum + k.ms, 0) / HOUR
  const sessionKinds: SessionKindShare[] = holders.kinds.map((k) => ({
    sessionType: k.key,
    licenseHours: k.ms / HOUR,
    share: total > 0 ? k.ms / HOUR / total : 0,
  }))
  const idleHours = holders.kinds.reduce((sum, k) => sum + k.idleMs, 0) / HOUR
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
      topUsers: holders.topUsers,
      topClientMachines: holders.topClientMachines,
      now: holders.now,
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
  const pool = poolKey(pair.machine, pair.productId)
  const [byUser, byClientMachine, byGroup] = holderUsageBy(db, query, [BY_USER, BY_CLIENT_MACHINE, groupKey(settings.groups)])
  return {
    ...pair,
    byUser: byUser?.get(pool) ?? [],
    byClientMachine: byClientMachine?.get(pool) ?? [],
    byGroup: byGroup?.get(pool) ?? [],
  }
}

/** Idle holdings still open at the last recorded poll, per pool, longest held first (those of an unreachable server are unknown, not idle). */
function idleNow(db: DatabaseSync, query: { machine?: string; productId?: number }): Map<string, IdleHolding[]> {
  const out = new Map<string, IdleHolding[]>()
  if (readMark(db, 'last_record_at') === null) return out
  const filter = [query.machine === undefined ? '' : 'AND machine = ?', query.productId === undefined ? '' : 'AND product_id = ?'].join(' ')
  const rows = db
    .prepare(
      `
    SELECT * FROM (
      SELECT machine, product_id, user_name, client_machine, server, state, min(coalesce(retained_at, start_at), start_at) AS since,
        row_number() OVER (PARTITION BY machine, product_id ORDER BY min(coalesce(retained_at, start_at), start_at), id) AS rank
      FROM holdings WHERE end_at IS NULL AND unknown_since IS NULL AND ${IDLE_FILTER} ${filter}
    ) WHERE rank <= 50 ORDER BY machine, product_id, rank`,
    )
    .all(...[query.machine, query.productId].filter((v) => v !== undefined)) as {
    machine: string
    product_id: number
    user_name: string | null
    client_machine: string | null
    server: string
    state: string
    since: number
  }[]
  for (const r of rows) {
    const pool = poolKey(r.machine, r.product_id)
    const list = out.get(pool) ?? []
    list.push({ userName: r.user_name, clientMachine: r.client_machine, server: r.server, state: r.state, since: r.since })
    out.set(pool, list)
  }
  return out
}

/** Local calendar date, YYYY-MM-DD. */
export function isoDate(time: number): string {
  const d = new Date(time)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

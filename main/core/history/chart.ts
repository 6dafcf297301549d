// Used against limit over time for one machine and product, for the history
// view: at most `maxPoints` points, at the finest granularity that fits.
import type { DatabaseSync } from 'node:sqlite'
import { HOUR_MS, MINUTE_MS, type Granularity } from './periods.ts'
import { usageOverRange } from './queries.ts'

export interface ChartPoint {
  /** Period start (the sample time for raw points). */
  at: number
  /** Peak `used` in the period, and when it was reached. */
  used: number
  peakAt: number
  min: number
  avg: number
  limit: number | null
  /** Start of the next period (raw points: the sample time itself). */
  end: number
  /** Share of the period answered polls cover; null for rollups older than this figure. */
  coverage: number | null
}

export interface ChartSeries {
  machine: string
  productId: number
  granularity: Granularity
  points: ChartPoint[]
}

export interface ChartQuery {
  machine: string
  productId: number
  from: number
  to: number
  /** Default 1000. */
  maxPoints?: number
}

export function usageChart(db: DatabaseSync, query: ChartQuery): ChartSeries {
  const maxPoints = query.maxPoints ?? 1000
  const granularity = chartGranularity(db, query, maxPoints)
  const points: ChartPoint[] = []
  for (const row of usageOverRange(db, { ...query, granularity })) {
    points.push({
      at: row.periodStart,
      used: row.peak,
      peakAt: row.peakAt,
      min: row.min,
      avg: row.avg,
      limit: row.limit,
      end: row.periodEnd,
      coverage: row.coverage,
    })
  }
  return { machine: query.machine, productId: query.productId, granularity, points }
}

/**
 * Raw when the samples themselves fit (counting stops at maxPoints + 1) and
 * retention has kept them for the whole range (else the range's older part
 * would be empty), otherwise the first period length that fits.
 */
function chartGranularity(db: DatabaseSync, query: ChartQuery, maxPoints: number): Granularity {
  const span = Math.max(0, query.to - query.from)
  if (span <= maxPoints * MINUTE_MS && rawKept(db, query)) {
    const row = db
      .prepare(
        `
      SELECT count(*) AS n FROM (SELECT 1 FROM samples s JOIN series se ON se.id = s.series_id
        WHERE s.at >= ? AND s.at < ? AND se.server = '' AND se.machine = ? AND se.product_id = ? LIMIT ?)`,
      )
      .get(query.from, query.to, query.machine, query.productId, maxPoints + 1) as { n: number }
    if (row.n <= maxPoints) return 'raw'
  }
  if (Math.ceil(span / MINUTE_MS) + 1 <= maxPoints) return 'minute'
  if (Math.ceil(span / HOUR_MS) + 1 <= maxPoints) return 'hour'
  // Days always: two years of them is 731 points.
  return 'day'
}

/**
 * No rollup in the range starts before the period of the oldest raw sample:
 * retention has deleted none of the range's polls (but perhaps part of that
 * sample's own minute, when it cut mid-minute: a minute at most).
 */
function rawKept(db: DatabaseSync, query: ChartQuery): boolean {
  const oldest = (db.prepare('SELECT min(at) AS v FROM samples').get() as { v: number | null }).v
  if (oldest === null || oldest <= query.from) return true
  const older = db.prepare(
    `SELECT EXISTS (SELECT 1 FROM rollup_minute WHERE at >= ? AND at < ?) OR EXISTS (SELECT 1 FROM rollup_hour WHERE at >= ? AND at < ?) AS v`,
  )
  const minute = Math.floor(oldest / MINUTE_MS) * MINUTE_MS
  const hour = Math.floor(oldest / HOUR_MS) * HOUR_MS
  const row = older.get(query.from - MINUTE_MS, minute, query.from - HOUR_MS, hour) as { v: number }
  return row.v === 0
}

// The history chart as the contract carries it: a named range resolved to
// times, the points of usageChart, and the peaks the view marks.
import type { DatabaseSync } from 'node:sqlite'
import type { HistoryChart, HistoryPeak, HistoryRange } from '../types/index.ts'
import { usageChart } from './chart.ts'
import { chartGaps } from './chart-gaps.ts'
import { DAY_MS, HOUR_MS } from './periods.ts'

const RANGE_MS: Readonly<Record<Exclude<HistoryRange, object>, number>> = {
  hour: HOUR_MS,
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 30 * DAY_MS,
}

/** Enough points for a day at one per minute; longer ranges fall back to hours. */
const MAX_POINTS = 1500

export function resolveRange(range: HistoryRange, now: number): { from: number; to: number } {
  if (typeof range === 'string') return { from: now - RANGE_MS[range], to: now }
  return { from: Date.parse(range.from), to: Date.parse(range.to) }
}

export function historyChart(db: DatabaseSync, query: { machine: string; productId: number; from: number; to: number }): HistoryChart {
  const series = usageChart(db, { ...query, maxPoints: MAX_POINTS })
  const points = series.points.map((p) => ({ time: p.at, min: p.min, avg: p.avg, max: p.used, limit: p.limit, coverage: p.coverage }))
  const peakSources = series.points.map((p) => ({ time: p.peakAt, used: p.used, limit: p.limit }))
  return {
    ...query,
    granularity: series.granularity,
    points,
    gaps: chartGaps(db, series, query),
    peaks: peaksOf(peakSources, peakBucketMs(query.to - query.from)),
  }
}

/** An hour's peak per 10 minutes, a day's per hour, longer ranges' per day: a handful of marks, never hundreds. */
function peakBucketMs(spanMs: number): number {
  if (spanMs <= HOUR_MS) return 10 * 60_000
  if (spanMs <= DAY_MS) return HOUR_MS
  return DAY_MS
}

/**
 * The highest `used` per bucket (earliest when tied), keeping only buckets
 * whose peak is above zero. Buckets are UTC-aligned; for day buckets that is
 * close enough to "every Monday" for a mark on a chart.
 */
export function peaksOf(points: readonly HistoryPeak[], bucketMs: number): HistoryPeak[] {
  const best = new Map<number, HistoryPeak>()
  for (const point of points) {
    const bucket = Math.floor(point.time / bucketMs)
    const current = best.get(bucket)
    if (current === undefined || point.used > current.used || (point.used === current.used && point.time < current.time))
      best.set(bucket, point)
  }
  return [...best.values()].filter((peak) => peak.used > 0).sort((a, b) => a.time - b.time)
}

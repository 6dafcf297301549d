// Where the history chart has no answered poll, and why: the chart leaves
// these stretches empty instead of drawing a line across them (or a zero).
//
// Raw points: a stale sample is a poll its servers did not answer (server
// down), and a silence longer than three usual steps is time the monitor did
// not record (closed, asleep). Rolled-up points: periods without an answered
// poll have no row, so a gap is the space between two periods that do not
// touch; the raw samples say why while they are kept.
import type { DatabaseSync } from 'node:sqlite'
import type { HistoryGap } from '../types/index.ts'
import type { ChartSeries } from './chart.ts'

/** A silence longer than this many usual steps between recorded polls is time not recorded. */
const MISSED_STEPS = 3

export interface GapQuery {
  machine: string
  productId: number
  from: number
  to: number
}

export function chartGaps(db: DatabaseSync, series: ChartSeries, query: GapQuery): HistoryGap[] {
  const id = seriesId(db, query)
  if (id === null) return []
  return series.granularity === 'raw' ? rawGaps(samplesOf(db, id, query)) : periodGaps(db, id, series)
}

interface RawSample {
  at: number
  stale: number
}

/** Gaps among raw samples: runs of stale samples, and silences past MISSED_STEPS usual steps. */
export function rawGaps(samples: readonly RawSample[]): HistoryGap[] {
  const step = usualStep(samples)
  const gaps: HistoryGap[] = []
  let downSince: number | null = null
  let previous: number | null = null
  for (const sample of samples) {
    if (previous !== null && step !== null && sample.at - previous > MISSED_STEPS * step) {
      // The next record was due one step after the previous one; nothing came until this one.
      if (downSince !== null) gaps.push({ from: downSince, to: previous + step, kind: 'server-down' })
      gaps.push({ from: previous + step, to: sample.at, kind: 'not-recorded' })
      downSince = null
    }
    if (sample.stale !== 0) downSince ??= sample.at
    else if (downSince !== null) {
      gaps.push({ from: downSince, to: sample.at, kind: 'server-down' })
      downSince = null
    }
    previous = sample.at
  }
  // Still down at the end of the range: the gap runs to the last poll that found it so.
  if (downSince !== null && previous !== null) gaps.push({ from: downSince, to: previous, kind: 'server-down' })
  return merge(gaps)
}

/** Gaps between rolled-up periods that do not touch, told apart by the raw samples where they are kept. */
function periodGaps(db: DatabaseSync, id: number, series: ChartSeries): HistoryGap[] {
  const oldestRaw = (db.prepare('SELECT min(at) AS v FROM samples').get() as { v: number | null }).v
  const inSpan = db.prepare(
    'SELECT count(*) AS n, coalesce(sum(stale), 0) AS stale FROM samples WHERE series_id = ? AND at >= ? AND at < ?',
  )
  const gaps: HistoryGap[] = []
  let previous: ChartSeries['points'][number] | undefined
  for (const point of series.points) {
    const from = previous?.end
    previous = point
    const to = point.at
    if (from === undefined || to <= from) continue
    const { stale } = inSpan.get(id, from, to) as { n: number; stale: number }
    const kind = stale > 0 ? 'server-down' : oldestRaw !== null && oldestRaw <= from ? 'not-recorded' : 'no-answer'
    gaps.push({ from, to, kind })
  }
  return gaps
}

function seriesId(db: DatabaseSync, query: GapQuery): number | null {
  const row = db
    .prepare(`SELECT id FROM series WHERE machine = ? AND product_id = ? AND server = ''`)
    .get(query.machine, query.productId) as { id: number } | undefined
  return row?.id ?? null
}

function samplesOf(db: DatabaseSync, id: number, query: GapQuery): RawSample[] {
  return db
    .prepare('SELECT at, stale FROM samples WHERE series_id = ? AND at >= ? AND at < ? ORDER BY at')
    .all(id, query.from, query.to) as unknown as RawSample[]
}

/** The median step between recorded polls: the record interval, whatever the outages. */
function usualStep(samples: readonly RawSample[]): number | null {
  const steps = samples.slice(1).map((sample, i) => sample.at - (samples[i]?.at ?? sample.at))
  steps.sort((a, b) => a - b)
  return steps[Math.floor(steps.length / 2)] ?? null
}

/** Neighbouring gaps of one kind become one. */
function merge(gaps: HistoryGap[]): HistoryGap[] {
  const out: HistoryGap[] = []
  for (const gap of gaps) {
    const last = out.at(-1)
    if (last !== undefined && last.kind === gap.kind && gap.from <= last.to) last.to = Math.max(last.to, gap.to)
    else out.push({ ...gap })
  }
  return out
}

// The history chart's data as uPlot draws it: one row per period, plus an
// empty row where each gap begins, so a line stops at the last answered poll
// and starts again at the next one (uPlot draws no line across a null unless
// spanGaps is set, and it is not). A gap is never a zero.
import type { HistoryChart, HistoryGap } from '../../../main/core/types/index.ts'
import { t } from '../i18n/index.ts'

export interface ChartRows {
  /** uPlot's aligned columns: seconds, then min, avg, max, limit, peak dots and coverage %. */
  columns: [number[], ...(number | null)[][]]
  /** The period start of each row; null for a gap's empty row (a click there picks nothing). */
  times: (number | null)[]
}

export function chartRows(chart: HistoryChart): ChartRows {
  const peaks: (number | null)[] = chart.points.map(() => null)
  for (const peak of chart.peaks) {
    // Each peak sits on the period it belongs to: the last point starting at or before it.
    let index = 0
    while ((chart.points[index + 1]?.time ?? Infinity) <= peak.time) index++
    if (chart.points.length > 0) peaks[index] = peak.used
  }
  const rows = chart.points.map((p, i) => ({
    time: p.time as number | null,
    at: p.time,
    values: [p.min, p.avg, p.max, p.limit, peaks[i] ?? null, p.coverage === null ? null : p.coverage * 100],
  }))
  for (const gap of chart.gaps) rows.push({ time: null, at: gap.from, values: [null, null, null, null, null, null] })
  // A gap's row sorts after a point at the same instant, so the point still draws.
  rows.sort((a, b) => a.at - b.at || (a.time === null ? 1 : 0) - (b.time === null ? 1 : 0))
  const columns: ChartRows['columns'] = [rows.map((r) => r.at / 1000)]
  for (let c = 0; c < 6; c++) columns.push(rows.map((r) => r.values[c] ?? null))
  return { columns, times: rows.map((r) => r.time) }
}

/** Message ids (i18n/locales, historyChart.gap) of each kind of gap. */
const GAP_MESSAGE: Readonly<Record<HistoryGap['kind'], string>> = {
  'server-down': 'historyChart.gap.serverDown',
  'not-recorded': 'historyChart.gap.notRecorded',
  'no-answer': 'historyChart.gap.noAnswer',
}

/** "Server down 09:20–09:30" in the page's language: what the shaded stretch of the chart is. */
export function gapSentence(gap: HistoryGap, format: Intl.DateTimeFormat): string {
  return t(GAP_MESSAGE[gap.kind], { from: format.format(gap.from), to: format.format(gap.to) })
}

/** Fill of a gap's stretch on the chart: outages reddish, time not recorded grey. */
export const GAP_FILL: Readonly<Record<HistoryGap['kind'], string>> = {
  'server-down': 'rgba(220, 38, 38, 0.10)',
  'not-recorded': 'rgba(100, 116, 139, 0.14)',
  'no-answer': 'rgba(100, 116, 139, 0.14)',
}

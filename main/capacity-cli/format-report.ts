// The capacity report as plain text for a terminal: one block per machine
// and product, figures first, then the recommendation with its arithmetic.
import { isoDate } from '../core/capacity/capacity.ts'
import { duration } from '../core/capacity/recommend.ts'
import type { CapacityFigures, CapacityReport } from '../core/types/index.ts'

export function formatReport(report: CapacityReport): string {
  const head = `Capacity from ${isoDate(report.from)} to ${isoDate(report.to - 1)} (margin ${report.margin})`
  if (report.pairs.length === 0) return `${head}\nThe history has no usage in this period.`
  return [head, ...report.pairs.map(formatPair)].join('\n\n')
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`
}

function formatPair(p: CapacityFigures): string {
  const c = p.coverage
  const lines = [
    `${p.machine} / ${p.productName} (${p.productId}): limit ${p.limit ?? 'unknown'}`,
    `  coverage: ${percent(c.ratio)} of the period (${duration(c.coveredMs)}, ${c.resolution} resolution), ${c.gapCount} ${c.gapCount === 1 ? 'gap' : 'gaps'}` +
      (c.gaps[0] ? `, longest ${duration(c.gaps[0].to - c.gaps[0].from)} from ${new Date(c.gaps[0].from).toISOString()}` : ''),
    `  daily peaks: ${p.dailyPeaks.length} days, p95 ${p.p95DailyPeak}, max ${p.maxDailyPeak}`,
    `  at or above 90 %: ${duration(p.pressure.atOrAbove90Ms)}; full: ${duration(p.pressure.fullMs)} in ${p.pressure.fullEpisodes} ${p.pressure.fullEpisodes === 1 ? 'stretch' : 'stretches'} on ${p.pressure.fullDays} ${p.pressure.fullDays === 1 ? 'day' : 'days'}`,
    `  idle (sleeping, postponed): ${p.idle.licenseHours.toFixed(1)} license-hours (${percent(p.idle.share)})` +
      (p.idle.topUsers.length > 0
        ? `; longest: ${p.idle.topUsers
            .slice(0, 3)
            .map((u) => `${u.key} ${u.licenseHours.toFixed(1)} h`)
            .join(', ')}`
        : ''),
    `  REST and web sessions: ${percent(p.restWebShare)} of license-hours`,
    `  recommendation: ${p.recommendation.text}`,
  ]
  if (p.recommendation.arithmetic) lines.push(`  arithmetic: ${p.recommendation.arithmetic}`)
  if (p.holdingsNote) lines.push(`  note: ${p.holdingsNote}`)
  return lines.join('\n')
}

// The monthly capacity report as a page, from an open history: the month's
// figures (capacityReport) laid out by reportHtml. One function for the three
// ways out (npm run report, the served page, the desktop app's PDF), so they
// print the same figures.
import type { DatabaseSync } from 'node:sqlite'
import type { CapacitySettings } from '../types/index.ts'
import { capacityReport } from './capacity.ts'
import { resolveMonth } from './capacity-request.ts'
import { reportHtml } from './report-html.ts'

export interface MonthlyReportRequest {
  /** YYYY-MM, a local calendar month. */
  month: string
  settings: CapacitySettings
  /** A sentence when the saved settings could not be used (the defaults applied). */
  settingsProblem?: string | null
  locale?: string
  machine?: string
  productId?: number
  now: number
}

/** The page, or a sentence saying what is wrong with the request. */
export function monthlyReport(db: DatabaseSync, request: MonthlyReportRequest): { html: string; pools: number } | { error: string } {
  const period = resolveMonth(request.month)
  if (typeof period === 'string') return { error: period }
  if (request.locale !== undefined) {
    try {
      Intl.getCanonicalLocales(request.locale)
    } catch {
      return { error: `The locale ${JSON.stringify(request.locale.slice(0, 40))} is not a language tag such as pt-BR or en-US.` }
    }
  }
  const report = capacityReport(db, {
    from: period.from,
    to: Math.min(period.to, Math.max(request.now, period.from + 1)),
    machine: request.machine,
    productId: request.productId,
    settings: request.settings,
    period: period.words,
    now: request.now,
  })
  const title = period.words.replace(/^in /, '')
  const html = reportHtml({ ...report, settingsProblem: request.settingsProblem ?? null }, { title, locale: request.locale })
  return { html, pools: report.pairs.length }
}

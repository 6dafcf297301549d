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
  const localeProblem = reportLocaleProblem(request.locale)
  if (localeProblem !== null) return { error: localeProblem }
  const report = capacityReport(db, {
    from: period.from,
    to: Math.min(period.to, Math.max(request.now, period.from + 1)),
    machine: request.machine,
    productId: request.productId,
    settings: request.settings,
    period: period.words,
    periodMessage: period.message,
    now: request.now,
  })
  const title = period.words.replace(/^in /, '')
  const html = reportHtml({ ...report, settingsProblem: request.settingsProblem ?? null }, { title, locale: request.locale })
  return { html, pools: report.pairs.length }
}

/** A sentence when the month or the locale of a report cannot be used; null when both can. */
export function reportOrderProblem(month: string, locale?: string): string | null {
  const period = resolveMonth(month)
  return typeof period === 'string' ? period : reportLocaleProblem(locale)
}

function reportLocaleProblem(locale: string | undefined): string | null {
  if (locale === undefined) return null
  try {
    Intl.getCanonicalLocales(locale)
    return null
  } catch {
    return `The locale ${JSON.stringify(locale.slice(0, 40))} is not a language tag such as pt-BR or en-US.`
  }
}

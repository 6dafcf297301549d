// The monthly capacity report as a page, from an open history: the month's
// figures (capacityReport) laid out by reportHtml. One function for the three
// ways out (npm run report, the served page, the desktop app's PDF), so they
// print the same figures, in the same words: the host gives the catalogue's
// translator (report-words.ts), the locale picks the language.
import type { DatabaseSync } from 'node:sqlite'
import type { CapacitySettings } from '../types/index.ts'
import { capacityReport } from './capacity.ts'
import { resolveMonth } from './capacity-request.ts'
import { reportHtml } from './report-html.ts'
import type { ReportWordsFor } from './report-words.ts'

export interface MonthlyReportRequest {
  /** YYYY-MM, a local calendar month. */
  month: string
  settings: CapacitySettings
  /** A sentence when the saved settings could not be used (the defaults applied). */
  settingsProblem?: string | null
  /** BCP 47 tag: the language of the words (English when the app has none of it) and the format of numbers and dates. */
  locale?: string
  /** The catalogue's words for a locale (main/app/report-words.ts); an absent locale gets the host's default. */
  words: ReportWordsFor
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
  const [year, month] = request.month.trim().split('-').map(Number) as [number, number]
  const html = reportHtml(
    { ...report, settingsProblem: request.settingsProblem ?? null },
    { year, month, words: request.words(request.locale) },
  )
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

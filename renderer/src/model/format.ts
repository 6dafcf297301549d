// How numbers and times read in the table, in the page's language (vue-i18n
// messages, Intl for numbers and dates). Pure apart from the current language,
// so the same text shows in tests, in Electron and in the served page.

import type { ProductUsage } from '../../../main/core/types/index.ts'
import { currentLocale, t } from '../i18n/index.ts'
import { forecastWords } from '../i18n/say-message.ts'
import { utilizationTenths } from './percent.ts'

export const EMPTY = '—'

/** Intl's locale for the current language (the pseudo-locale writes numbers as English does). */
function intlLocale(): string {
  const locale = currentLocale()
  return locale === 'en-XA' ? 'en' : locale
}

// Building an Intl formatter costs far more than using one: keep one per language and options.
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** A number in the current language's digits and separators. */
export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  const key = `${intlLocale()} ${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(intlLocale(), options)))
  return format.format(value)
}

/** "80%", "99.5%", "<0.1%" (fr "99,5 %"): rounded down to a tenth, as the alerts round. */
export function formatPercent(utilization: number | null): string {
  if (utilization === null || !Number.isFinite(utilization)) return EMPTY
  const tenths = utilizationTenths(utilization)
  const percent = (ratio: number) => formatNumber(ratio, { style: 'percent', maximumFractionDigits: 1 })
  if (tenths === 0 && utilization > 0) return `<${percent(0.001)}`
  return percent(tenths / 1000)
}

export function formatLimit(usage: Pick<ProductUsage, 'limit' | 'unlimited'>): string {
  if (usage.unlimited) return t('format.unlimited')
  return usage.limit === null ? t('format.unknown') : formatNumber(usage.limit)
}

export function formatRemaining(usage: Pick<ProductUsage, 'remaining'>): string {
  return usage.remaining === null ? EMPTY : formatNumber(usage.remaining)
}

export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return EMPTY
  return ms < 1000
    ? t('format.milliseconds', { value: formatNumber(Math.round(ms)) })
    : t('format.seconds', { value: formatNumber(ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
}

/** "< 1 min", "~12 min", "~3 h", "~2 d": the forecast's words (main/core/alerts/forecast.ts formatForecast, translated). */
export function formatForecast(minutes: number): string {
  return forecastWords({ t, number: formatNumber }, minutes)
}

function parse(iso: string | null): number | null {
  if (!iso) return null
  const time = Date.parse(iso)
  return Number.isNaN(time) ? null : time
}

/** "just now", "4 min ago", "3 h 5 min ago", "2 d ago"; a time slightly ahead (clock skew) reads "just now". */
export function formatRelative(iso: string | null, now: number): string {
  const time = parse(iso)
  if (time === null) return EMPTY
  const minutes = Math.floor((now - time) / 60_000)
  if (minutes < 1) return t('format.justNow')
  if (minutes < 60) return t('format.minutesAgo', { count: formatNumber(minutes) })
  const hours = Math.floor(minutes / 60)
  if (hours < 48) {
    return minutes % 60 === 0
      ? t('format.hoursAgo', { count: formatNumber(hours) })
      : t('format.hoursMinutesAgo', { hours: formatNumber(hours), minutes: formatNumber(minutes % 60) })
  }
  return t('format.daysAgo', { count: formatNumber(Math.floor(hours / 24)) })
}

const ABSOLUTE: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
}

/** Local date and time, with seconds, in the page's language: admins compare it with server logs. */
export function formatAbsolute(iso: string | null): string {
  const time = parse(iso)
  if (time === null) return EMPTY
  let format = dateFormats.get(intlLocale())
  if (!format) dateFormats.set(intlLocale(), (format = new Intl.DateTimeFormat(intlLocale(), ABSOLUTE)))
  return format.format(time)
}

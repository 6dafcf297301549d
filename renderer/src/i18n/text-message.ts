// Sentences that main/core makes (notices, alerts, transitions, server errors)
// arrive as a message id and parameters beside their English text: here they
// are said in the page's language. Numbers are formatted by their meaning (a
// ratio as a percent, minutes as a forecast, a duration in ms (`*Ms`) in the
// language's units, counts with the language's separators);
// `count` also picks the plural form. A message this build does not know (a
// newer backend) or an older backend without one shows the English text.
import type { TextMessage } from '../../../main/core/types/index.ts'
import { formatForecast, formatNumber, formatPercent } from '../model/format.ts'
import { i18n, t } from './index.ts'

/** "4 s", "1.5 s", "200 ms", "5 min", "1 h", "30 d" as main/core's formatDuration (ingest/error-text.ts) cuts them, in the page's words. */
export function formatDuration(ms: number): string {
  const tenths = (value: number): string => formatNumber(value, { maximumFractionDigits: 1 })
  if (ms < 1000) return t('format.milliseconds', { value: formatNumber(Math.round(ms)) })
  if (ms < 120_000) return t('format.seconds', { value: tenths(ms / 1000) })
  if (ms < 3_600_000) return t('serverErrors.units.minutes', { value: tenths(ms / 60_000) })
  if (ms < 2 * 86_400_000) return t('serverErrors.units.hours', { value: tenths(ms / 3_600_000) })
  return t('serverErrors.units.days', { value: tenths(ms / 86_400_000) })
}

function formatParam(name: string, value: string | number): string {
  if (typeof value === 'string') return value
  if (name === 'utilization') return formatPercent(value)
  if (name === 'forecastMinutes') return formatForecast(value)
  if (name.endsWith('Ms')) return formatDuration(value)
  // Line and column numbers, ports: digits of the language without grouping ("line 1200", not "line 1,200").
  if (name === 'line' || name === 'column') return formatNumber(value, { useGrouping: false })
  return formatNumber(value)
}

export function translateMessage(message: TextMessage | undefined, english: string): string {
  if (!message || !i18n.global.te(message.id, 'en')) return english
  const params = Object.fromEntries(Object.entries(message.params).map(([name, value]) => [name, formatParam(name, value)]))
  const count = message.params.count
  return typeof count === 'number' ? t(message.id, params, count) : t(message.id, params)
}

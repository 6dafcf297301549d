// Sentences that main/core makes (notices, alerts, transitions) arrive as a
// message id and parameters beside their English text: here they are said in
// the page's language. Numbers are formatted by their meaning (a ratio as a
// percent, minutes as a forecast, counts with the language's separators);
// `count` also picks the plural form. A message this build does not know (a
// newer backend) or an older backend without one shows the English text.
import type { TextMessage } from '../../../main/core/types/index.ts'
import { formatForecast, formatNumber, formatPercent } from '../model/format.ts'
import { i18n, t } from './index.ts'

function formatParam(name: string, value: string | number): string {
  if (typeof value === 'string') return value
  if (name === 'utilization') return formatPercent(value)
  if (name === 'forecastMinutes') return formatForecast(value)
  return formatNumber(value)
}

export function translateMessage(message: TextMessage | undefined, english: string): string {
  if (!message || !i18n.global.te(message.id, 'en')) return english
  const params = Object.fromEntries(Object.entries(message.params).map(([name, value]) => [name, formatParam(name, value)]))
  const count = message.params.count
  return typeof count === 'number' ? t(message.id, params, count) : t(message.id, params)
}

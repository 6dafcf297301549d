// Sentences that main/core makes (notices, alerts, transitions, server errors)
// arrive as a message id and parameters beside their English text: here they
// are said in the page's language. Numbers are formatted by their meaning (a
// ratio as a percent, minutes as a forecast, a duration in ms (`*Ms`) in the
// language's units, counts with the language's separators);
// `count` also picks the plural form. A message this build does not know (a
// newer backend) or an older backend without one shows the English text.
// Parameters that are sentences themselves (`parts`: a cause, a list's items)
// are said first, each with its English parameter as fallback.
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
  // Seconds to a tenth, as core writes them ("2.0 s" apart, "1.5 s" to answer).
  if (name.endsWith('Seconds')) return formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  // Line and column numbers, ports, license tokens (ids): digits of the language without grouping ("line 1200", not "line 1,200").
  if (name === 'line' || name === 'column' || name === 'token') return formatNumber(value, { useGrouping: false })
  return formatNumber(value)
}

/** A part sits inside another sentence: its own closing full stop would double the frame's. */
function inner(text: string): string {
  return text.replace(/[.。]$/u, '')
}

/** A part said in the page's language; a list's items joined by the language's separator. */
function sayPart(name: string, part: TextMessage | TextMessage[], english: string | number | undefined): string {
  const fallback = english === undefined ? '' : String(english)
  if (!Array.isArray(part)) return inner(translateMessage(part, fallback))
  // A list whose items this build cannot all say is shown as core wrote it, never half translated.
  if (!part.every((item) => i18n.global.te(item.id, 'en'))) return fallback
  return part
    .map((item) => inner(translateMessage(item, '')))
    .join(t(name === 'clauses' ? 'format.clauseSeparator' : 'format.listSeparator'))
}

export function translateMessage(message: TextMessage | undefined, english: string): string {
  if (!message || !i18n.global.te(message.id, 'en')) return english
  const params: Record<string, string> = Object.fromEntries(
    Object.entries(message.params).map(([name, value]) => [name, formatParam(name, value)]),
  )
  for (const [name, part] of Object.entries(message.parts ?? {})) params[name] = sayPart(name, part, message.params[name])
  const count = message.params.count
  return typeof count === 'number' ? t(message.id, params, count) : t(message.id, params)
}

/** Sentences that travel as a list of English texts with their messages beside (warnings, flags): each said, or English. */
export function translateMessages(messages: readonly TextMessage[] | undefined, english: readonly string[]): string[] {
  return english.map((text, index) => translateMessage(messages?.length === english.length ? messages[index] : undefined, text))
}

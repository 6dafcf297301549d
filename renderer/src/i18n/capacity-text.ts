// The Capacity sentences main/core makes (the recommendation and its
// arithmetic, main/core/capacity/recommend.ts) in the page's language, from
// their message id and parameters. Their parts (the period, a duration, the
// coverage caveat) are messages too, said first and passed in by name. A
// message this build does not know (a newer backend) shows core's English.
import type { CapacityRecommendation, TextMessage } from '../../../main/core/types/index.ts'
import { formatNumber } from '../model/format.ts'
import { currentLocale, i18n, t } from './index.ts'

const known = (message: TextMessage | null | undefined): message is TextMessage =>
  message !== null && message !== undefined && i18n.global.te(message.id, 'en')

function formatParam(name: string, value: string | number): string {
  if (typeof value === 'number') return formatNumber(value)
  const month = name === 'month' ? /^(\d{4})-(\d{2})$/.exec(value) : null
  if (month === null) return value
  return new Date(Number(month[1]), Number(month[2]) - 1, 1).toLocaleDateString(currentLocale(), { month: 'long', year: 'numeric' })
}

/** One capacity message; `given` replaces parameters by already-said text. */
export function sayCapacity(message: TextMessage, given: Record<string, string> = {}): string {
  const params = {
    ...Object.fromEntries(Object.entries(message.params).map(([name, value]) => [name, formatParam(name, value)])),
    ...given,
  }
  const count = message.params.count
  return typeof count === 'number' ? t(message.id, params, count) : t(message.id, params)
}

export function recommendationText(recommendation: CapacityRecommendation): string {
  if (!known(recommendation.message)) return recommendation.text
  const parts: Record<string, string> = { caveat: '' }
  for (const [name, part] of Object.entries(recommendation.parts)) {
    parts[name] = known(part) ? sayCapacity(part) : String(recommendation.message.params[name] ?? '')
  }
  const said = sayCapacity(recommendation.message, parts)
  // The period opens most sentences, lower-cased as a part: the sentence gets its capital here.
  return said.charAt(0).toLocaleUpperCase(currentLocale()) + said.slice(1)
}

export function arithmeticText(recommendation: CapacityRecommendation): string {
  return known(recommendation.arithmeticMessage) ? sayCapacity(recommendation.arithmeticMessage) : recommendation.arithmetic
}

/** A duration in the words core uses ("6 h 12 min"), in the page's language. */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return t('capacity.duration.minutes', { minutes: formatNumber(rest) })
  if (rest === 0) return t('capacity.duration.hours', { hours: formatNumber(hours) })
  return t('capacity.duration.hoursMinutes', { hours: formatNumber(hours), minutes: formatNumber(rest) })
}

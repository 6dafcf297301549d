// The words of the printed capacity report in the report's language. The core
// may not import the renderer's catalogue (docs/architecture.md), so a host
// hands it a translator built from that catalogue (main/app/report-words.ts):
// the report names message ids (report.*, and the capacity.* the Capacity view
// already says) with parameters it has formatted itself, in the report's locale.
// The recommendation arrives from recommend.ts as a message with its parts,
// said here as the page says it (renderer/src/i18n/capacity-text.ts).
import type { CapacityRecommendation, TextMessage } from '../types/index.ts'

export interface ReportWords {
  /** BCP 47 tag the numbers and dates follow: the asked locale ("pt-PT" keeps its own digits, its words are pt-BR). */
  locale: string
  /** The catalogue's language the words are in ("pt-BR", "en", the pseudo-locale "en-XA"): the page's lang. */
  language: string
  /** One message of the catalogue, parameters already formatted; `count` picks the plural form. */
  say(id: string, params?: Readonly<Record<string, string>>, count?: number): string
  /** Whether the catalogue has the id (a message from a newer core keeps its English). */
  knows(id: string): boolean
}

/** The words for a locale; undefined: the host's default language (the saved one, else English). */
export type ReportWordsFor = (locale: string | undefined) => ReportWords

export interface NumberWords {
  number(value: number, digits?: number): string
  /** "November 2026", "novembro de 2026", "2026年11月". */
  month(year: number, month: number): string
}

function formatParam(name: string, value: string | number, format: NumberWords): string {
  if (typeof value === 'number') return format.number(value)
  const month = name === 'month' ? /^(\d{4})-(\d{2})$/.exec(value) : null
  return month === null ? value : format.month(Number(month[1]), Number(month[2]))
}

/** One message core made (recommend.ts), its numbers in the locale; `given` replaces parameters by already-said text. */
export function sayMessage(words: ReportWords, format: NumberWords, message: TextMessage, given: Record<string, string> = {}): string {
  const params = {
    ...Object.fromEntries(Object.entries(message.params).map(([name, value]) => [name, formatParam(name, value, format)])),
    ...given,
  }
  const count = message.params.count
  return words.say(message.id, params, typeof count === 'number' ? count : undefined)
}

export function recommendationWords(words: ReportWords, format: NumberWords, recommendation: CapacityRecommendation): string {
  if (!words.knows(recommendation.message.id)) return recommendation.text
  const parts: Record<string, string> = { caveat: '' }
  for (const [name, part] of Object.entries(recommendation.parts)) {
    parts[name] = words.knows(part.id) ? sayMessage(words, format, part) : String(recommendation.message.params[name] ?? '')
  }
  const said = sayMessage(words, format, recommendation.message, parts)
  // The period opens most sentences, lower-cased as a part: the sentence gets its capital here.
  return said.charAt(0).toLocaleUpperCase(words.locale) + said.slice(1)
}

export function arithmeticWords(words: ReportWords, format: NumberWords, recommendation: CapacityRecommendation): string {
  const message = recommendation.arithmeticMessage
  if (message === null) return ''
  return words.knows(message.id) ? sayMessage(words, format, message) : recommendation.arithmetic
}

/** A duration as the Capacity view says it ("6 h 12 min", "6 時間 12 分"). */
export function durationWords(words: ReportWords, format: NumberWords, ms: number): string {
  const minutes = Math.round(ms / 60_000)
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return words.say('capacity.duration.minutes', { minutes: format.number(rest) })
  if (rest === 0) return words.say('capacity.duration.hours', { hours: format.number(hours) })
  return words.say('capacity.duration.hoursMinutes', { hours: format.number(hours), minutes: format.number(rest) })
}

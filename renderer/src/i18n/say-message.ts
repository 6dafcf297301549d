// How a sentence of main/core (notices, alerts, transitions, server errors,
// warnings) is said in one language, written once for the page
// (i18n/text-message.ts) and the desktop side (main/electron/tray-text.ts).
// A message is an id of the catalogue with parameters beside its English text;
// numbers are formatted by their meaning (a ratio as a percent, minutes as a
// forecast, a duration in ms (`*Ms`) in the language's units, counts with the
// language's separators); `count` also picks the plural form. Parameters that
// are sentences themselves (`parts`: a cause, a list's items) are said first,
// each with its English parameter as fallback. A message this build does not
// know (a newer backend) or an older backend without one shows the English.
// Pure: each side brings its own vue-i18n and number formats as a Voice, so
// nothing here touches Vue, the DOM or Node and main may import it (rule in
// .dependency-cruiser.cjs).
import type { TextMessage } from '../../../main/core/types/index.ts'

/** What saying a message needs of one language. */
export interface Voice {
  /** The catalogue's text of `id` with its parameters; with `count`, the plural form for that count. */
  t: (id: string, params: Record<string, string>, count?: number) => string
  /** Whether this build's catalogue has `id` (English holds every id). */
  knows: (id: string) => boolean
  /** A number in the language's digits and separators. */
  number: (value: number, options?: Intl.NumberFormatOptions) => string
  /** A utilization (used / limit) as a percent, by the one rounding rule (each side keeps its own copy of it). */
  percent: (utilization: number) => string
}

/** "< 1 min", "~12 min", "~3 h", "~2 d": the forecast's words (main/core/alerts/forecast.ts formatForecast, translated). */
export function forecastWords(voice: Pick<Voice, 't' | 'number'>, minutes: number): string {
  if (minutes < 1) return voice.t('format.forecastUnderMinute', {})
  if (minutes < 59.5) return voice.t('format.forecastMinutes', { value: voice.number(Math.round(minutes)) })
  const hours = minutes / 60
  return hours < 47.5
    ? voice.t('format.forecastHours', { value: voice.number(Math.round(hours)) })
    : voice.t('format.forecastDays', { value: voice.number(Math.round(hours / 24)) })
}

/** "4 s", "1.5 s", "200 ms", "5 min", "1 h", "30 d" as main/core's formatDuration (ingest/error-text.ts) cuts them, in the language's words. */
export function durationWords(voice: Pick<Voice, 't' | 'number'>, ms: number): string {
  const tenths = (value: number): string => voice.number(value, { maximumFractionDigits: 1 })
  if (ms < 1000) return voice.t('format.milliseconds', { value: voice.number(Math.round(ms)) })
  if (ms < 120_000) return voice.t('format.seconds', { value: tenths(ms / 1000) })
  if (ms < 3_600_000) return voice.t('serverErrors.units.minutes', { value: tenths(ms / 60_000) })
  if (ms < 2 * 86_400_000) return voice.t('serverErrors.units.hours', { value: tenths(ms / 3_600_000) })
  return voice.t('serverErrors.units.days', { value: tenths(ms / 86_400_000) })
}

function paramWords(voice: Voice, name: string, value: string | number): string {
  if (typeof value === 'string') return value
  if (name === 'utilization') return voice.percent(value)
  if (name === 'forecastMinutes') return forecastWords(voice, value)
  if (name.endsWith('Ms')) return durationWords(voice, value)
  // Seconds to a tenth, as core writes them ("2.0 s" apart, "1.5 s" to answer).
  if (name.endsWith('Seconds')) return voice.number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  // Line and column numbers, ports, license tokens (ids): digits of the language without grouping ("line 1200", not "line 1,200").
  if (name === 'line' || name === 'column' || name === 'token') return voice.number(value, { useGrouping: false })
  return voice.number(value)
}

/** A part sits inside another sentence (an unreachable server's cause): its own closing full stop would double the frame's. */
function inner(text: string): string {
  return text.replace(/[.。]$/u, '')
}

/** Says messages in the voice's language: the English text when the catalogue has no such id. */
export function messageSayer(voice: Voice): (message: TextMessage | undefined, english: string) => string {
  const sayPart = (name: string, part: TextMessage | TextMessage[], english: string | number | undefined): string => {
    const fallback = english === undefined ? '' : String(english)
    if (!Array.isArray(part)) return inner(say(part, fallback))
    // A list whose items this build cannot all say is shown as core wrote it, never half translated.
    if (!part.every((item) => voice.knows(item.id))) return fallback
    return part
      .map((item) => inner(say(item, '')))
      .join(voice.t(name === 'clauses' ? 'format.clauseSeparator' : 'format.listSeparator', {}))
  }
  const say = (message: TextMessage | undefined, english: string): string => {
    if (!message || !voice.knows(message.id)) return english
    const params: Record<string, string> = Object.fromEntries(
      Object.entries(message.params).map(([name, value]) => [name, paramWords(voice, name, value)]),
    )
    for (const [name, part] of Object.entries(message.parts ?? {})) params[name] = sayPart(name, part, message.params[name])
    const count = message.params.count
    return typeof count === 'number' ? voice.t(message.id, params, count) : voice.t(message.id, params)
  }
  return say
}

// The desktop side's words (tray tooltip and menu, desktop notifications) in
// the OS language (app.getPreferredSystemLanguages), from the same catalogue
// and plural rules as the page (renderer/src/i18n: plain JSON and pure
// functions, the one part of the renderer main may import, see
// .dependency-cruiser.cjs). Sentences from main/core arrive as message ids with
// parameters (TextMessage) beside their English text.
import { createI18n } from 'vue-i18n'
import { utilizationTenths } from '../core/alerts/percent-text.ts'
import type { TextMessage } from '../core/types/index.ts'
import { LANGUAGE_MESSAGES, matchLanguage, PLURAL_RULES, type Language } from '../../renderer/src/i18n/catalogue.ts'

/** Says a message in the chosen language; the English text when the catalogue has no such id. */
export type Say = (message: TextMessage | undefined, english: string) => string

/** English as main/core wrote it: what the tray says without a language (tests, tools). */
export const sayEnglish: Say = (_message, english) => english

/** A fixed sentence of the catalogue (no parameters). */
export function fixed(id: string, params: TextMessage['params'] = {}): TextMessage {
  return { id, params }
}

export function desktopTranslator(preferred: readonly string[]): { language: Language; say: Say } {
  const language = matchLanguage(preferred)
  if (language === 'en') return { language, say: sayEnglish }
  const i18n = createI18n({
    legacy: false,
    locale: language,
    fallbackLocale: 'en',
    messages: LANGUAGE_MESSAGES,
    pluralRules: PLURAL_RULES,
    missingWarn: false,
    fallbackWarn: false,
  }).global
  const number = (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(language, options).format(value)
  const percent = (utilization: number) => {
    const tenths = utilizationTenths(utilization)
    const format = (ratio: number) => number(ratio, { style: 'percent', maximumFractionDigits: 1 })
    return tenths === 0 && utilization > 0 ? `<${format(0.001)}` : format(tenths / 1000)
  }
  const forecast = (minutes: number) => {
    if (minutes < 1) return i18n.t('format.forecastUnderMinute')
    if (minutes < 59.5) return i18n.t('format.forecastMinutes', { value: number(Math.round(minutes)) })
    const hours = minutes / 60
    return hours < 47.5
      ? i18n.t('format.forecastHours', { value: number(Math.round(hours)) })
      : i18n.t('format.forecastDays', { value: number(Math.round(hours / 24)) })
  }
  // As the page's formatDuration (renderer/src/i18n/text-message.ts): the units core's error sentences use.
  const duration = (ms: number): string => {
    const tenths = (value: number) => number(value, { maximumFractionDigits: 1 })
    if (ms < 1000) return i18n.t('format.milliseconds', { value: number(Math.round(ms)) })
    if (ms < 120_000) return i18n.t('format.seconds', { value: tenths(ms / 1000) })
    if (ms < 3_600_000) return i18n.t('serverErrors.units.minutes', { value: tenths(ms / 60_000) })
    if (ms < 2 * 86_400_000) return i18n.t('serverErrors.units.hours', { value: tenths(ms / 3_600_000) })
    return i18n.t('serverErrors.units.days', { value: tenths(ms / 86_400_000) })
  }
  const param = (name: string, value: string | number): string => {
    if (typeof value === 'string') return value
    if (name === 'utilization') return percent(value)
    if (name === 'forecastMinutes') return forecast(value)
    if (name.endsWith('Ms')) return duration(value)
    if (name.endsWith('Seconds')) return number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    if (name === 'line' || name === 'column' || name === 'token') return number(value, { useGrouping: false })
    return number(value)
  }
  const known = (message: TextMessage): boolean => i18n.te(message.id, 'en')
  // A part sits inside another sentence (an unreachable server's cause): its own full stop would double the frame's.
  const inner = (text: string) => text.replace(/[.。]$/u, '')
  const part = (name: string, value: TextMessage | TextMessage[], english: string | number | undefined): string => {
    const fallback = english === undefined ? '' : String(english)
    if (!Array.isArray(value)) return inner(say(value, fallback))
    if (!value.every(known)) return fallback
    return value.map((item) => inner(say(item, ''))).join(i18n.t(name === 'clauses' ? 'format.clauseSeparator' : 'format.listSeparator'))
  }
  const say: Say = (message, english) => {
    if (!message || !known(message)) return english
    const params: Record<string, string> = Object.fromEntries(
      Object.entries(message.params).map(([name, value]) => [name, param(name, value)]),
    )
    for (const [name, value] of Object.entries(message.parts ?? {})) params[name] = part(name, value, message.params[name])
    const count = message.params.count
    return typeof count === 'number' ? i18n.t(message.id, params, count) : i18n.t(message.id, params)
  }
  return { language, say }
}

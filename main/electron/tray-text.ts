// The desktop side's words (tray tooltip and menu, desktop notifications) in
// the OS language (app.getPreferredSystemLanguages), from the same catalogue
// and plural rules as the page (renderer/src/i18n: plain JSON and pure
// functions, the one part of the renderer main may import, see
// .dependency-cruiser.cjs). Sentences from main/core arrive as message ids with
// parameters (TextMessage) beside their English text, and are said by the
// page's own rules (renderer/src/i18n/say-message.ts).
import { createI18n } from 'vue-i18n'
import { utilizationTenths } from '../core/alerts/percent-text.ts'
import type { TextMessage } from '../core/types/index.ts'
import { LANGUAGE_MESSAGES, matchLanguage, PLURAL_RULES, type Language } from '../../renderer/src/i18n/catalogue.ts'
import { messageSayer, type Voice } from '../../renderer/src/i18n/say-message.ts'

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
  const voice: Voice = {
    t: (id, params, count) => (count === undefined ? i18n.t(id, params) : i18n.t(id, params, count)),
    knows: (id) => i18n.te(id, 'en'),
    number,
    // As the page's formatPercent (renderer/src/model/format.ts), over main's copy of the rounding rule.
    percent: (utilization) => {
      const tenths = utilizationTenths(utilization)
      const format = (ratio: number) => number(ratio, { style: 'percent', maximumFractionDigits: 1 })
      return tenths === 0 && utilization > 0 ? `<${format(0.001)}` : format(tenths / 1000)
    },
  }
  const say: Say = messageSayer(voice)
  return { language, say }
}

// The printed capacity report's words (main/core/capacity/report-words.ts) from
// the app's catalogue: the same messages and plural rules as the page
// (renderer/src/i18n/catalogue.ts, the one part of the renderer main may
// import, see .dependency-cruiser.cjs), through vue-i18n as the tray does
// (main/electron/tray-text.ts). The core cannot import the catalogue, so every
// host that builds a report (the composition root for the desktop call, the
// served route, `npm run report`) hands it these.
import { createI18n } from 'vue-i18n'
import type { ReportWords, ReportWordsFor } from '../core/capacity/report-words.ts'
import type { LanguageChoice } from '../core/types/index.ts'
import { matchLanguage, MESSAGES, PLURAL_RULES, PSEUDO_LOCALE, type Locale } from '../../renderer/src/i18n/catalogue.ts'

// One instance for every report: each call names its locale, so reports in two languages can be built side by side.
let catalogue: ReturnType<typeof createCatalogue> | null = null

function createCatalogue() {
  return createI18n({
    legacy: false,
    locale: 'en',
    fallbackLocale: 'en',
    messages: MESSAGES,
    pluralRules: PLURAL_RULES,
    // Completeness is a test (test/renderer/i18n/catalogue.test.ts); a gap falls back to English quietly.
    missingWarn: false,
    fallbackWarn: false,
  }).global
}

/** The catalogue's language for a locale: its own or its base language's ("pt-PT" reads pt-BR), the pseudo-locale on purpose, else English. */
export function reportLanguage(locale: string): Locale {
  return locale.toLowerCase() === PSEUDO_LOCALE.toLowerCase() ? PSEUDO_LOCALE : matchLanguage([locale])
}

/** The words of a report in `locale` (a BCP 47 tag already checked by monthlyReport). */
export function reportWords(locale: string): ReportWords {
  catalogue ??= createCatalogue()
  const i18n = catalogue
  const language = reportLanguage(locale)
  return {
    // The pseudo-locale is English made longer: its numbers and dates are English ones.
    locale: language === PSEUDO_LOCALE ? 'en' : locale,
    language,
    say: (id, params = {}, count) =>
      count === undefined ? i18n.t(id, params, { locale: language }) : i18n.t(id, params, { locale: language, plural: count }),
    knows: (id) => i18n.te(id, 'en'),
  }
}

/**
 * The words for a report that may not name its locale: the app's saved
 * language (appearance.json) when one is chosen, else `otherwise` (English, or
 * the browser's languages in the served route).
 */
export function reportWordsFor(saved: () => LanguageChoice, otherwise = 'en'): ReportWordsFor {
  return (locale) => {
    if (locale !== undefined) return reportWords(locale)
    const choice = saved()
    return reportWords(choice === 'system' ? otherwise : choice)
  }
}

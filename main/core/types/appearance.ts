// Types only: the renderer type-checks this file (tsconfig.web.json).

/** The colour theme (issue 20): follow the OS / browser, or pin light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark'

/**
 * The language (issue 20): follow the OS / browser, or one of the six the
 * catalogue has (renderer/src/i18n/catalogue.ts LANGUAGES). Kept beside the
 * theme so the page, the tray and the notifications speak the same one.
 */
export type LanguageChoice = 'system' | 'en' | 'pt-BR' | 'fr' | 'es' | 'de' | 'ja'

/** What the settings view shows and edits. */
export interface AppearanceView {
  theme: ThemeChoice
  language: LanguageChoice
  /** Sentence when the saved choice could not be read or written; null when fine. */
  problem: string | null
}

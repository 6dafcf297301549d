// The page's language: vue-i18n (composition API) over the shared catalogue.
// It follows the browser's languages (in Electron, Chromium's are the OS's)
// unless the user picked one in the language menu; the pick is kept in
// localStorage, which lasts across restarts in Electron and in the served page's
// browser. <html lang> follows, so screen readers and hyphenation use it too.
import { ref } from 'vue'
import { createI18n } from 'vue-i18n'
import { isLocale, matchLanguage, MESSAGES, PLURAL_RULES, type Locale } from './catalogue.ts'

export const LANGUAGE_STORAGE_KEY = 'licenseMonitor.language'

/** 'system' follows the browser or OS; a locale is the user's pick. */
export type LanguageChoice = 'system' | Locale

function storage(): Storage | null {
  try {
    return localStorage
  } catch {
    // Storage can be disabled: the page then follows the system language each time.
    return null
  }
}

function savedChoice(): LanguageChoice {
  const saved = storage()?.getItem(LANGUAGE_STORAGE_KEY) ?? null
  return isLocale(saved) ? saved : 'system'
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages.length > 0 ? navigator.languages : [navigator.language]
}

export function resolveLocale(choice: LanguageChoice, preferred: readonly string[] = browserLanguages()): Locale {
  return choice === 'system' ? matchLanguage(preferred) : choice
}

export const languageChoice = ref<LanguageChoice>(savedChoice())

export const i18n = createI18n({
  legacy: false,
  locale: resolveLocale(languageChoice.value),
  fallbackLocale: 'en',
  messages: MESSAGES,
  pluralRules: PLURAL_RULES,
  // Completeness is a test (test/renderer/i18n): at run time a gap falls back to English quietly.
  missingWarn: false,
  fallbackWarn: false,
})

/** For the pure helpers in model/ (status words, times): reactive, so a language change re-renders their text. */
export const t = i18n.global.t

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}

function apply(): void {
  const locale = resolveLocale(languageChoice.value)
  i18n.global.locale.value = locale
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

export function setLanguageChoice(choice: LanguageChoice): void {
  languageChoice.value = choice
  try {
    if (choice === 'system') storage()?.removeItem(LANGUAGE_STORAGE_KEY)
    else storage()?.setItem(LANGUAGE_STORAGE_KEY, choice)
  } catch {
    // A full or disabled storage only costs keeping the pick across restarts.
  }
  apply()
}

apply()
// The OS or browser language can change while the page is open.
if (typeof window !== 'undefined') window.addEventListener('languagechange', apply)

/** A count in the current language's digits and separators (Intl.NumberFormat), for plural messages' {count}. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat(currentLocale() === 'en-XA' ? 'en' : currentLocale()).format(value)
}

/** A plural message: its form chosen by `count`, the number written by Intl.NumberFormat. */
export function tc(key: string, count: number, params: Record<string, unknown> = {}): string {
  return t(key, { ...params, count: formatCount(count) }, count)
}

/**
 * Text from a 4D Server (product, machine, server names) set into a translated
 * sentence, isolated for bidi (FSI … PDI) as a <bdi> element would: a name in a
 * right-to-left script cannot reorder the words around it.
 */
export function isolate(name: string): string {
  return `\u2068${name}\u2069`
}

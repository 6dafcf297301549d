// The messages of every language, shared by the page (vue-i18n, i18n/index.ts)
// and the tray in main (main/electron/tray-text.ts): the same words and the same
// plural rules in both. Plain data and pure functions, no DOM, no Node, no Vue,
// which is why main may import this folder (rule in .dependency-cruiser.cjs).
// Messages use vue-i18n's syntax: {name} parameters, "one | other" plural forms.
import de from './locales/de.json' with { type: 'json' }
import en from './locales/en.json' with { type: 'json' }
import es from './locales/es.json' with { type: 'json' }
import fr from './locales/fr.json' with { type: 'json' }
import ja from './locales/ja.json' with { type: 'json' }
import ptBR from './locales/pt-BR.json' with { type: 'json' }

/** The languages 4D documents itself in, English first (the fallback). */
export const LANGUAGES = ['en', 'pt-BR', 'fr', 'es', 'de', 'ja'] as const
export type Language = (typeof LANGUAGES)[number]

/** Accented and 40 % longer English, to find clipped or overflowing text; chosen only on purpose (tests, translators). */
export const PSEUDO_LOCALE = 'en-XA'
export type Locale = Language | typeof PSEUDO_LOCALE

export type Messages = typeof en
export interface MessageTree {
  [key: string]: string | MessageTree
}

/** Each language by its own name, as a language menu shows it. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  'pt-BR': 'Português (Brasil)',
  fr: 'Français',
  es: 'Español',
  de: 'Deutsch',
  ja: '日本語',
}

export const LANGUAGE_MESSAGES: Readonly<Record<Language, MessageTree>> = { en, 'pt-BR': ptBR, fr, es, de, ja }

export function isLocale(value: unknown): value is Locale {
  return value === PSEUDO_LOCALE || LANGUAGES.some((language) => language === value)
}

/**
 * The first supported language of a preference list (navigator.languages, or
 * Electron's getPreferredSystemLanguages): an exact tag first, then the same
 * base language (pt-PT reads pt-BR, fr-CA reads fr, en-GB reads en); English
 * when none matches.
 */
export function matchLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase()
    const exact = LANGUAGES.find((language) => language.toLowerCase() === lower)
    if (exact) return exact
    const base = lower.split(/[-_]/)[0]
    const sameBase = LANGUAGES.find((language) => language.toLowerCase().split('-')[0] === base)
    if (sameBase) return sameBase
  }
  return 'en'
}

/**
 * vue-i18n's plural choice from the language's own rules (Intl.PluralRules):
 * two forms are "one | other" (French and Portuguese say "0 licença", English
 * "0 licenses"); a single form (Japanese) is used for every count.
 */
export function pluralRule(locale: Locale): (choice: number, choicesLength: number) => number {
  const rules = new Intl.PluralRules(locale === PSEUDO_LOCALE ? 'en' : locale)
  return (choice, choicesLength) => {
    if (choicesLength <= 1) return 0
    const one = rules.select(Math.abs(choice)) === 'one'
    if (choicesLength === 2) return one ? 0 : 1
    // Three forms are vue-i18n's "none | one | other".
    if (choice === 0) return 0
    return one ? 1 : 2
  }
}

const LOCALES: readonly Locale[] = [...LANGUAGES, PSEUDO_LOCALE]

export const PLURAL_RULES: Readonly<Record<Locale, (choice: number, choicesLength: number) => number>> = Object.fromEntries(
  LOCALES.map((locale) => [locale, pluralRule(locale)]),
) as Record<Locale, (choice: number, choicesLength: number) => number>

/** Plain letters and their accented look-alikes, pairwise. */
const ACCENTS = 'aáeéiíoóuúcçnñAÁEÉIÍOÓUÚCÇNÑyýYÝsšSŠzžZŽ'
const ACCENTED: Readonly<Record<string, string>> = Object.fromEntries(
  Array.from({ length: ACCENTS.length / 2 }, (_, index) => [ACCENTS.charAt(index * 2), ACCENTS.charAt(index * 2 + 1)]),
)

/** One plural form, accented outside its {parameters}, bracketed and padded to 140 % of its length. */
function pseudoForm(form: string): string {
  let depth = 0
  let out = ''
  let visible = 0
  for (const char of form) {
    if (char === '{') depth += 1
    if (depth === 0) {
      out += ACCENTED[char] ?? char
      visible += 1
    } else out += char
    if (char === '}') depth = Math.max(0, depth - 1)
  }
  const lead = /^\s*/.exec(out)?.[0] ?? ''
  const trail = /\s*$/.exec(out)?.[0] ?? ''
  const core = out.trim()
  // Padding in words of at most 6 so it wraps where long translations would.
  const extra = Math.ceil(visible * 0.4)
  const pad = Array.from({ length: Math.ceil(extra / 6) }, (_, i) => '·'.repeat(Math.min(6, extra - i * 6))).join(' ')
  return `${lead}[${core}${pad ? ` ${pad}` : ''}]${trail}`
}

/** The pseudo-locale of one message: each "|" plural form on its own. */
export function pseudoMessage(message: string): string {
  const forms: string[] = []
  let depth = 0
  let current = ''
  for (const char of message) {
    if (char === '{') depth += 1
    if (char === '}') depth = Math.max(0, depth - 1)
    if (char === '|' && depth === 0) {
      forms.push(current)
      current = ''
    } else current += char
  }
  forms.push(current)
  return forms.map(pseudoForm).join('|')
}

function mapTree(tree: MessageTree, map: (message: string) => string): MessageTree {
  return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, typeof value === 'string' ? map(value) : mapTree(value, map)]))
}

export const MESSAGES: Readonly<Record<Locale, MessageTree>> = {
  ...LANGUAGE_MESSAGES,
  [PSEUDO_LOCALE]: mapTree(en, pseudoMessage),
}

/** Every key of a tree, dotted ("tabs.licenses"), for the completeness tests. */
export function messageKeys(tree: MessageTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : messageKeys(value, `${prefix}${key}.`),
  )
}

// The catalogue's guarantees: no language silently falls back to English, every
// message compiles (vue-i18n's own compiler), plural forms follow each
// language's rules, and the pseudo-locale keeps parameters while growing 40 %.
import { baseCompile } from '@intlify/message-compiler'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import {
  LANGUAGE_MESSAGES,
  LANGUAGES,
  matchLanguage,
  MESSAGES,
  messageKeys,
  PLURAL_RULES,
  PSEUDO_LOCALE,
  pseudoMessage,
  type MessageTree,
} from '../../../renderer/src/i18n/catalogue.ts'

function messageAt(tree: MessageTree, key: string): string {
  const value = key
    .split('.')
    .reduce<string | MessageTree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree)
  if (typeof value !== 'string') throw new Error(`no message ${key}`)
  return value
}

/** The {parameters} a message names, sorted. */
function parameters(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ''))].sort()
}

const english = messageKeys(LANGUAGE_MESSAGES.en)

function i18nFor(locale: string) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: MESSAGES,
    pluralRules: PLURAL_RULES,
    missingWarn: false,
    fallbackWarn: false,
  }).global
}

describe('the message catalogue', () => {
  it('has a good number of English messages to check', () => {
    expect(english.length).toBeGreaterThan(50)
  })

  for (const language of LANGUAGES) {
    it(`${language}: has every English key and no other`, () => {
      const keys = messageKeys(LANGUAGE_MESSAGES[language])
      expect(english.filter((key) => !keys.includes(key))).toEqual([])
      expect(keys.filter((key) => !english.includes(key))).toEqual([])
    })

    it(`${language}: every message compiles and names the same parameters as English`, () => {
      const problems: string[] = []
      for (const key of english) {
        const message = messageAt(LANGUAGE_MESSAGES[language], key)
        baseCompile(message, { onError: (error) => problems.push(`${key}: ${error.message}`) })
        // A translation may drop {count} where its one form has the number elsewhere; it may not invent or lose others.
        const expected = parameters(messageAt(LANGUAGE_MESSAGES.en, key)).filter((name) => name !== 'count')
        const got = parameters(message).filter((name) => name !== 'count')
        if (expected.join() !== got.join()) problems.push(`${key}: parameters ${got.join()} instead of ${expected.join()}`)
      }
      expect(problems).toEqual([])
    })

    it(`${language}: no message is left in English where English has words to translate`, () => {
      if (language === 'en') return
      const same = english.filter((key) => {
        const text = messageAt(LANGUAGE_MESSAGES.en, key)
        // Short technical texts (OK, "{value} ms", product names) rightly read the same everywhere.
        return /[a-z]{4,} [a-z]{4,}/i.test(text.replace(/\{\w+\}/g, '')) && messageAt(LANGUAGE_MESSAGES[language], key) === text
      })
      expect(same).toEqual([])
    })
  }

  it('renders plural forms by each language’s rules, with numbers written by Intl', () => {
    const cases: [string, number, string][] = [
      ['en', 0, '0 product rows'],
      ['en', 1, '1 product row'],
      ['en', 1234, '1,234 product rows'],
      ['pt-BR', 0, '0 linha de produto'],
      ['pt-BR', 1, '1 linha de produto'],
      ['pt-BR', 3, '3 linhas de produto'],
      ['pt-BR', 1234, '1.234 linhas de produto'],
      ['fr', 0, '0 ligne de produit'],
      ['fr', 1, '1 ligne de produit'],
      ['fr', 2, '2 lignes de produit'],
      ['de', 1, '1 Produktzeile'],
      ['de', 2, '2 Produktzeilen'],
      ['es', 1, '1 fila de producto'],
      ['es', 5, '5 filas de producto'],
      ['ja', 1, '製品 1 行'],
      ['ja', 7, '製品 7 行'],
    ]
    for (const [locale, count, expected] of cases) {
      const count_ = new Intl.NumberFormat(locale).format(count)
      expect(i18nFor(locale).t('licenses.rowCount', { count: count_ }, count), `${locale} ${count}`).toBe(expected)
    }
  })

  it('falls back to English only for a key missing everywhere, and the pseudo-locale differs from English', () => {
    expect(i18nFor('fr').t('tabs.licenses')).toBe('Licences')
    expect(i18nFor(PSEUDO_LOCALE).t('tabs.licenses')).not.toBe('Licenses')
  })

  it('follows the browser or OS language list, by exact tag then by base language', () => {
    expect(matchLanguage(['pt-BR', 'en'])).toBe('pt-BR')
    expect(matchLanguage(['pt-PT'])).toBe('pt-BR')
    expect(matchLanguage(['fr-CA', 'en-US'])).toBe('fr')
    expect(matchLanguage(['nl-NL', 'de-AT'])).toBe('de')
    expect(matchLanguage(['ja-JP'])).toBe('ja')
    expect(matchLanguage(['es_MX'])).toBe('es')
    expect(matchLanguage(['nl', 'sv'])).toBe('en')
    expect(matchLanguage([])).toBe('en')
  })

  it('makes pseudo messages accented, bracketed and at least 40 % longer, keeping parameters and plural forms', () => {
    const pseudo = pseudoMessage('{count} license left | {count} licenses left')
    const forms = pseudo.split('|')
    expect(forms).toHaveLength(2)
    expect(forms[0]?.trim()).toBe('[{count} líçéñšé léft ······]')
    for (const key of english) {
      const source = messageAt(LANGUAGE_MESSAGES.en, key)
      const message = messageAt(MESSAGES[PSEUDO_LOCALE], key)
      expect(parameters(message), key).toEqual(parameters(source))
      // Parameters are filled in at run time: the words around them grow.
      const words = (text: string) => text.replace(/\{\w+\}/g, '').length
      expect(words(message), key).toBeGreaterThanOrEqual(Math.floor(words(source) * 1.4))
      expect(
        () =>
          baseCompile(message, {
            onError: (error) => {
              throw error
            },
          }),
        key,
      ).not.toThrow()
    }
  })
})

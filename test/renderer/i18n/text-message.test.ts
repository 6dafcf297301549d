// The notices main/core builds, said in each language from their message id and
// parameters: the English rendering matches core's own English text word for
// word (the same sentence from one set of numbers), and the other languages get
// their plural forms and number formats.
import { afterEach, describe, expect, it } from 'vitest'
import { resolvedLocal, unreachableLocal, usageLocal, valueLocal, type LocalText } from '../../../main/core/alerts/notice-text.ts'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { translateMessage } from '../../../renderer/src/i18n/text-message.ts'

const say = (local: LocalText) => translateMessage(local.message, local.text)

afterEach(() => setLanguageChoice('system'))

const CASES: LocalText[] = [
  usageLocal('4D Client', 'srv-app-01', { used: 49, limit: 50, remaining: 1 }),
  usageLocal('4D Client', 'srv-app-01', { used: 48, limit: 50, remaining: 2 }, 12),
  usageLocal('4D Client', 'srv-app-01', { used: 48, limit: 50, remaining: 2 }, 61),
  usageLocal('4D Client', 'srv-app-01', { used: 50, limit: 50, remaining: 0 }),
  usageLocal('4D Client', 'srv-app-01', { used: 1, limit: 1, remaining: 0 }),
  usageLocal('4D Client', 'srv-app-01', { used: 52, limit: 50, remaining: -2 }),
  usageLocal('4D Web', 'srv-app-01', { used: 7, limit: null, remaining: null }),
  resolvedLocal('4D Client', 'srv-app-01', { used: 38, limit: 50, remaining: 12 }),
  resolvedLocal('4D Client', 'srv-app-01', { used: 3, limit: null, remaining: null }),
  resolvedLocal('4D Client', 'srv-app-01', null),
  unreachableLocal('Accounting', 'srv-app-01', 1, null),
  unreachableLocal('Accounting', 'srv-app-01', 3, 'connection refused by 10.0.0.5:8080.'),
  valueLocal({ used: 48, limit: 50, remaining: 2 }),
  valueLocal({ used: 48, limit: null, remaining: null }),
]

describe('sentences from main/core in the page’s language', () => {
  it('English from the catalogue is word for word the English core writes', () => {
    setLanguageChoice('en')
    for (const local of CASES) expect(say(local)).toBe(local.text)
  })

  it('Brazilian Portuguese: licença/licenças by count, a decimal comma in percents', () => {
    setLanguageChoice('pt-BR')
    expect(say(usageLocal('4D Client', 'srv-app-01', { used: 49, limit: 50, remaining: 1 }))).toBe(
      '4D Client em srv-app-01: 1 licença restante de 50 (98%)',
    )
    expect(say(usageLocal('4D Client', 'srv-app-01', { used: 197, limit: 200, remaining: 3 }))).toBe(
      '4D Client em srv-app-01: 3 licenças restantes de 200 (98,5%)',
    )
    expect(say(unreachableLocal('Accounting', 'srv-app-01', 1, null))).toContain('após 1 consulta com falha')
  })

  it('French and German write percents and thousands their own way; Japanese has one form', () => {
    setLanguageChoice('fr')
    expect(say(usageLocal('4D Client', 'srv', { used: 1997, limit: 2000, remaining: 3 }, 12))).toBe(
      '4D Client sur srv : 3 licences restantes sur 2\u202f000 (99,8\u00a0%), épuisé dans ~12 min',
    )
    setLanguageChoice('de')
    expect(say(usageLocal('4D Client', 'srv', { used: 1999, limit: 2000, remaining: 1 }))).toBe(
      '4D Client auf srv: 1 von 2.000 Lizenzen frei (99,9\u00a0%)',
    )
    setLanguageChoice('ja')
    expect(say(usageLocal('4D Client', 'srv', { used: 48, limit: 50, remaining: 2 }))).toBe(
      'srv の 4D Client: 残り 2 / 50 ライセンス (96%)',
    )
  })

  it('shows the English text when there is no message or the id is unknown', () => {
    setLanguageChoice('fr')
    expect(translateMessage(undefined, 'as sent')).toBe('as sent')
    expect(translateMessage({ id: 'notice.from.a.newer.backend', params: {} }, 'as sent')).toBe('as sent')
  })
})

// The printed capacity report in every language of the catalogue and the
// pseudo-locale, from a real history file: the page is in the report's
// language (no English left, no message id left), its arithmetic shows the
// figures the generated history implies, every id it says is in every
// locale's catalogue, and the language follows the asked locale, else the
// saved one, else the host's default.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportLanguage, reportWords, reportWordsFor } from '../../main/app/report-words.ts'
import { DEFAULT_CAPACITY_SETTINGS } from '../../main/core/capacity/capacity-settings.ts'
import { monthlyReport } from '../../main/core/capacity/monthly-report.ts'
import type { ReportWords } from '../../main/core/capacity/report-words.ts'
import { openHistory, type HistoryDb } from '../../main/core/history/db.ts'
import { LANGUAGE_MESSAGES, LANGUAGES, PSEUDO_LOCALE } from '../../renderer/src/i18n/catalogue.ts'
import { MINUTE, writeHoldings, writePool, type MinuteValue } from '../core/capacity/generated-history.ts'

const DEC = new Date(2026, 11, 1).getTime()
const NOW = new Date(2026, 11, 2, 9).getTime()
const day = (date: number, hour = 0) => new Date(2026, 10, date, hour).getTime()

/** Office hours at `level` on 2 to 4 November; on the 3rd the pool is at `full` from 10:00 to 11:00. */
function days(level: number, lim: number, full?: number): MinuteValue[] {
  const out: MinuteValue[] = []
  for (let at = day(2); at < day(5); at += MINUTE) {
    const date = new Date(at)
    const hour = date.getHours()
    let used = hour >= 9 && hour < 17 ? level : 2
    if (full !== undefined && date.getDate() === 3 && hour === 10) used = full
    out.push({ at, used, lim })
  }
  return out
}

let dir: string
let history: HistoryDb

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-report-words-'))
  history = openHistory(dir)
  const layout = { hourDone: DEC, minuteFrom: DEC, minuteDone: DEC }
  writePool(history.db, { machine: 'srv-01', productId: 1, productName: '4D Client', minutes: days(7, 10, 10) }, layout)
  writePool(history.db, { machine: 'srv-02', productId: 1, productName: '4D Client', minutes: days(20, 50) }, layout)
  writeHoldings(history.db, 'srv-01', 1, [
    { token: 1, user: 'maria', client: 'PC-FIN-07', sessionType: 'remote', state: 'sleeping', start: day(2, 9), end: day(2, 13) },
  ])
})
afterAll(() => {
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The report of a month in `locale`, and every id its words were asked for. */
function report(month: string, locale: string | undefined, words = reportWordsFor(() => 'system')) {
  const said = new Set<string>()
  const spy = (given: string | undefined): ReportWords => {
    const inner = words(given)
    return {
      ...inner,
      say: (id, params, count) => {
        said.add(id)
        return inner.say(id, params, count)
      },
    }
  }
  const page = monthlyReport(history.db, { month, locale, words: spy, settings: DEFAULT_CAPACITY_SETTINGS, now: NOW })
  if ('error' in page) throw new Error(page.error)
  return { html: page.html, said }
}

/** The page's visible text: no tags, no style sheet, entities of quotes read back. */
function text(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
}

function messageAt(language: (typeof LANGUAGES)[number], id: string): string | undefined {
  const value = id
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], LANGUAGE_MESSAGES[language])
  return typeof value === 'string' ? value : undefined
}

// Words of the English report that a translated one must not show.
const ENGLISH = [
  'Recommendation',
  'Figures',
  'Days with data',
  'Arithmetic:',
  'Generated',
  'Top idle holders',
  'Client machine',
  'gaps, longest',
]

describe('the capacity report in the admin’s language', () => {
  it('takes the language from the locale: its own, its base language’s, the pseudo-locale on purpose, else English', () => {
    const cases: [string, string][] = [
      ['pt-BR', 'pt-BR'],
      ['pt-PT', 'pt-BR'],
      ['fr-CA', 'fr'],
      ['es-419', 'es'],
      ['de-AT', 'de'],
      ['ja-JP', 'ja'],
      ['en-GB', 'en'],
      ['nl-NL', 'en'],
      [PSEUDO_LOCALE, PSEUDO_LOCALE],
    ]
    for (const [locale, language] of cases) expect(reportLanguage(locale), locale).toBe(language)
    // Numbers keep the locale's own format: pt-PT words are Brazilian, its digits Portuguese.
    expect(reportWords('pt-PT')).toMatchObject({ language: 'pt-BR', locale: 'pt-PT' })
    expect(reportWords(PSEUDO_LOCALE)).toMatchObject({ language: PSEUDO_LOCALE, locale: 'en' })
  })

  it('without a locale, says the report in the saved language, else in the host’s default', () => {
    expect(reportWordsFor(() => 'de')(undefined).language).toBe('de')
    expect(reportWordsFor(() => 'de')('fr-FR').language).toBe('fr')
    expect(reportWordsFor(() => 'system', 'ja-JP')(undefined).language).toBe('ja')
    expect(reportWordsFor(() => 'system')(undefined).language).toBe('en')
  })

  for (const locale of [...LANGUAGES, PSEUDO_LOCALE]) {
    it(`${locale}: every word from the catalogue in that language, the arithmetic with the history's figures`, () => {
      const { html, said } = report('2026-11', locale)
      const page = text(html)
      expect(html).toContain(`<html lang="${locale}">`)
      expect(page).not.toMatch(/\b(report|capacity)\.[a-z]+\.?[a-zA-Z]*/)
      // srv-01 was full (peak 10 of 10): floor(10 × 10 / 9) + 1 = 12, two more; srv-02 peaked at 20 of 50: 20 + 3 = 23.
      const flat = page.replace(/\s+/g, '')
      // The pseudo-locale accents the word floor too.
      expect(flat).toContain(locale === PSEUDO_LOCALE ? 'flóór(10×10/9)+1=12' : 'floor(10×10/9)+1=12')
      expect(flat).toContain('12−10=2')
      expect(flat).toContain('23−50=−27')
      expect(page).toContain('maria')
      if (locale !== 'en') for (const english of ENGLISH) expect(page, `${locale}: ${english}`).not.toContain(english)
      // Every id the page said is in every language of the catalogue (the catalogue test keeps the languages' keys equal).
      for (const id of said) for (const language of LANGUAGES) expect(messageAt(language, id), `${language} ${id}`).toBeDefined()
    })
  }

  it('en: the English report reads as it did before the catalogue', () => {
    const page = text(report('2026-11', 'en').html)
    expect(page).toContain('4D License Monitor · capacity report')
    expect(page).toContain('November 2026 (2026-11-01 to 2026-11-30) · margin 3')
    expect(page).toContain('In November 2026 the pool of 10 was full for 1 h on 1 day: 2 more licenses would have kept it below 90 %')
    expect(page).toContain('Arithmetic: highest peak 10; the smallest pool with 10 below 90 % is floor(10 × 10 / 9) + 1 = 12; 12 − 10 = 2')
    expect(page).toMatch(/Full \(at the limit\) 1 h in 1 stretch on 1 day/)
    expect(page).toMatch(/Days with data 3 /)
    expect(page).toContain('Users: none idle in this period.')
    expect(page).toContain('Generated Dec 2, 2026')
    expect(page).toContain("from the monitor's local history")
  })

  it('pt-BR: the Portuguese page, with its plurals and the month in its words', () => {
    const page = text(report('2026-11', 'pt-BR').html)
    expect(page).toContain('Novembro de 2026 (2026-11-01 a 2026-11-30) · margem 3')
    expect(page).toContain(
      'Em novembro de 2026, o pool de 10 ficou esgotado por 1 h em 1 dia: 2 licenças a mais o teriam mantido abaixo de 90 %',
    )
    expect(page).toMatch(/Esgotado \(no limite\) 1 h em 1 intervalo, em 1 dia/)
    expect(page).toContain('Usuários: nenhum ocioso neste período.')
    expect(page).toMatch(/\d lacunas?; a maior, de \d+ h/)
  })

  it('a month without usage says so in the language', () => {
    const english = text(report('2026-09', 'en').html)
    expect(english).toContain('No usage recorded')
    expect(english).toContain('The history has no usage from 2026-09-01 to 2026-09-30, so there is nothing to report.')
    const japanese = text(report('2026-09', 'ja').html)
    expect(japanese).toContain('使用の記録なし')
    expect(japanese).toContain('2026-09-01 から 2026-09-30 までの使用履歴がないため')
  })

  it('escapes a translation as it escapes a server’s text', () => {
    const hostile: ReportWords = { ...reportWords('en'), say: () => '<img src=x onerror=alert(1)>' }
    const page = monthlyReport(history.db, { month: '2026-11', words: () => hostile, settings: DEFAULT_CAPACITY_SETTINGS, now: NOW })
    if ('error' in page) throw new Error(page.error)
    expect(page.html).not.toContain('<img')
    expect(page.html).toContain('&#60;img src=x onerror=alert(1)&#62;')
  })
})

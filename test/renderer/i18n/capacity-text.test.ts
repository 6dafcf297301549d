// The recommendation sentences main/core builds, said in each language from
// their message id, parameters and parts: English from the catalogue is core's
// own English word for word (every rule, with and without the coverage caveat,
// each kind of period), and the other languages use their words for licenses.
import { afterEach, describe, expect, it } from 'vitest'
import { recommend, type RecommendInput } from '../../../main/core/capacity/recommend.ts'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { arithmeticText, durationText, recommendationText } from '../../../renderer/src/i18n/capacity-text.ts'

afterEach(() => setLanguageChoice('system'))

// The periods as main/core/capacity/capacity-request.ts words them (that file reads the history, so it is not imported here).
const last30 = { words: 'over the last 30 days', message: { id: 'capacity.period.lastDays', params: { count: 30 } } }
const november = { words: 'in November 2026', message: { id: 'capacity.period.month', params: { month: '2026-11' } } }
const range = {
  words: 'from 2026-11-03 to 2026-11-20',
  message: { id: 'capacity.period.range', params: { from: '2026-11-03', to: '2026-11-20' } },
}
const days = {
  words: 'over the 3 days from 2026-11-01 to 2026-11-03',
  message: { id: 'capacity.period.days', params: { count: 3, from: '2026-11-01', to: '2026-11-03' } },
}

const pressure = { atOrAbove90Ms: 0, fullMs: 0, fullEpisodes: 0, fullDays: 0 }
const base: RecommendInput = {
  machine: 'srv-01',
  productName: '4D Client',
  limit: 50,
  maxDailyPeak: 41,
  p95DailyPeak: 38,
  pressure,
  margin: 3,
  period: last30.words,
  periodMessage: last30.message,
  coverage: 1,
}
const full = { atOrAbove90Ms: 30 * 3_600_000, fullMs: 22_320_000, fullEpisodes: 11, fullDays: 9 }

const CASES: RecommendInput[] = [
  base,
  { ...base, coverage: 0.62 },
  { ...base, maxDailyPeak: 49 },
  { ...base, maxDailyPeak: 46, margin: 1, period: november.words, periodMessage: november.message },
  { ...base, maxDailyPeak: 47 },
  { ...base, limit: null, period: range.words, periodMessage: range.message },
  { ...base, maxDailyPeak: null, p95DailyPeak: null },
  { ...base, limit: 27, maxDailyPeak: 27, pressure: full },
  { ...base, limit: 27, maxDailyPeak: 27, pressure: { ...full, fullMs: 3_600_000, fullDays: 1 }, coverage: 0.5 },
  { ...base, limit: 50, maxDailyPeak: 50, pressure: { ...full, fullMs: 45 * 60_000, fullDays: 1 } },
  { ...base, period: days.words, periodMessage: days.message },
  { ...base, period: 'over the year', periodMessage: undefined },
]

describe('capacity sentences from main/core in the page’s language', () => {
  it('English from the catalogue is word for word the English core writes (sentence and arithmetic)', () => {
    setLanguageChoice('en')
    for (const input of CASES) {
      const r = recommend(input)
      expect(recommendationText(r)).toBe(r.text)
      expect(arithmeticText(r)).toBe(r.arithmetic)
    }
  })

  it('other languages say licenses in their words, with the period and plural forms', () => {
    setLanguageChoice('pt-BR')
    expect(recommendationText(recommend(base))).toBe(
      'Nos últimos 30 dias, o pool de 50 nunca passou de 41; 95 % dos dias tiveram pico de 38 ou menos: você poderia ter 44 e manter uma margem de 3 licenças.',
    )
    setLanguageChoice('fr')
    expect(recommendationText(recommend({ ...base, limit: 27, maxDailyPeak: 27, pressure: full }))).toBe(
      'Sur les 30 derniers jours, le pool de 27 a été épuisé pendant 6 h 12 min sur 9 jours : 4 licences de plus l’auraient gardé sous 90 %. Les demandes refusées pendant qu’il était épuisé ne sont pas dans l’historique : c’est donc un minimum.'.replace(
        /’/g,
        "'",
      ),
    )
    setLanguageChoice('de')
    expect(recommendationText(recommend({ ...base, maxDailyPeak: 48, period: november.words, periodMessage: november.message }))).toBe(
      'Im November 2026 lag der Pool von 50 nie über 48; an 95 % der Tage lag die Spitze bei 38 oder weniger: Eine Reserve von 3 Lizenzen über dieser Spitze braucht 1 Lizenz mehr.',
    )
    setLanguageChoice('es')
    expect(recommendationText(recommend({ ...base, coverage: 0.62 }))).toContain(
      '(el historial cubre el 62 % del período; el resto se desconoce)',
    )
    setLanguageChoice('ja')
    expect(recommendationText(recommend(base))).toBe(
      '直近 30 日間、50 のプールは 41 を超えず、95 % の日のピークは 38 以下でした。44 ライセンスにしても 3 ライセンスの余裕を保てます。',
    )
    expect(durationText(22_320_000)).toBe('6 時間 12 分')
  })

  it('a message this build does not know shows core’s English', () => {
    setLanguageChoice('fr')
    const r = recommend(base)
    expect(recommendationText({ ...r, message: { id: 'capacity.recommend.fromTheFuture', params: {} } })).toBe(r.text)
  })
})

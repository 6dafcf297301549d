// The sentences main/core still built in English only (server warnings, the
// unreachable notice's cause, the round's reasons, limit notes and flags), said
// from their message ids: English word for word as core writes it, Brazilian
// Portuguese and Japanese in their own words with their own numbers, nested
// parts (a cause inside a reason inside a clause) said in the same language,
// and the English text kept when a message is missing or unknown.
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { unreachableLocal } from '../../../main/core/alerts/notice-text.ts'
import { refused, timedOut } from '../../../main/core/ingest/error-text.ts'
import {
  copyTooOld,
  holdsLicense,
  invalidBoth,
  invalidItems,
  metricsLinesUnread,
  workerFailed,
} from '../../../main/core/ingest/warning-text.ts'
import {
  behindReason,
  duplicateToken,
  globalDisagrees,
  INFERRED_LIMIT,
  limitsDiffer,
  notOneReading,
  poolSkew,
  skew,
  uncountedLate,
  usedCountDiffers,
} from '../../../main/core/usage/row-text.ts'
import { poolSentenceLocal } from '../../../main/core/usage/pool-text.ts'
import type { LocalText, SharedPool } from '../../../main/core/types/index.ts'
import ProductRow from '../../../renderer/src/components/ProductRow.vue'
import ServerStrip from '../../../renderer/src/components/ServerStrip.vue'
import { desktopTranslator } from '../../../main/electron/tray-text.ts'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { translateMessage, translateMessages } from '../../../renderer/src/i18n/text-message.ts'
import { NOW, product, server } from '../fixtures.ts'

const say = (local: LocalText) => translateMessage(local.message, local.text)

afterEach(() => setLanguageChoice('system'))

const REFUSED = refused()
const downReason = behindReason.down(REFUSED.text, REFUSED.message)
const ROUND = notOneReading(
  {
    spreadMs: 12_000,
    boundMs: 1_000,
    behind: [
      { server: 'Sales', reason: downReason.text, reasonMessage: downReason.message, ageMs: 12_000 },
      { server: 'HR', reason: 'no answer yet', reasonMessage: behindReason.noAnswer(null, undefined).message, ageMs: null },
    ],
  },
  { shares: [{ server: 'Sales', used: 5 }] },
)
const BOTH = invalidBoth(invalidItems('records', 2, 3, 'productId missing', 1), invalidItems('products', 1, 2, 'id missing', 0))
const LIMITS = limitsDiffer(
  [
    { server: 'A', allowed: 10 },
    { server: 'B', allowed: 32767 },
  ],
  32767,
  32767,
)
const TIMEOUT = timedOut(4000)
const UNREACHABLE = unreachableLocal('Accounting', 'srv-app-01', 3, TIMEOUT.text, TIMEOUT.message)

type PoolFacts = Omit<SharedPool, 'sentence' | 'sentenceMessage'>
const PROOF = { server: 'Sales', token: 5521, time: '2026-11-28T09:14:40.002Z', global: 9, balance: 1 }
const SHARED: PoolFacts = {
  heldHere: 4,
  elsewhere: [
    { server: 'Sales', machine: 'localhost', used: 5 },
    { server: 'HR', machine: 'srv-hr', used: 1 },
  ],
  unlisted: 0,
  evidence: ['globalCount', 'licenseNumber'],
  proof: PROOF,
}
const POOLS: LocalText[] = [
  poolSentenceLocal(SHARED, 12),
  poolSentenceLocal(SHARED, null),
  poolSentenceLocal({ ...SHARED, proof: null, evidence: ['licenseNumber'] }, null),
  poolSentenceLocal({ ...SHARED, proof: { ...PROOF, time: null }, unlisted: 2, unlistedAtMost: true }, 12),
  poolSentenceLocal({ heldHere: 2, elsewhere: [], unlisted: 5, evidence: [], proof: PROOF }, 10),
  poolSentenceLocal({ heldHere: 2, elsewhere: [], unlisted: 1, unlistedAtMost: true, evidence: [], proof: PROOF }, null),
]

const CASES: LocalText[] = [
  ...POOLS,
  invalidItems('records', 3, 120, 'productId missing', 0),
  invalidItems('records', 2, 3, 'token: expected a number', 2),
  invalidItems('products', 1, 4, 'id missing', 1),
  BOTH,
  metricsLinesUnread(1, 'line 3: expected a value'),
  metricsLinesUnread(4, 'line 3: expected a value'),
  workerFailed('ERR 42'),
  copyTooOld(120_400),
  holdsLicense('Sales'),
  downReason,
  behindReason.down(null, undefined),
  behindReason.noAnswer(REFUSED.text, REFUSED.message),
  behindReason.stale(),
  behindReason.notInRound(),
  behindReason.slow(1_500),
  INFERRED_LIMIT,
  LIMITS,
  usedCountDiffers('A', 2, 1),
  usedCountDiffers('A', 2, 3),
  duplicateToken('A', 5521, 2),
  uncountedLate(1, 'Sales', 'Accounting', '2026-11-28T09:15:00.500Z'),
  uncountedLate(3, 'Sales, HR', 'Accounting', '2026-11-28T09:15:00.500Z'),
  globalDisagrees(11, 'Sales', 9, '2026-11-28T09:14:40.002Z'),
  skew(11, 10, true),
  skew(11, 10, false),
  poolSkew(14, 12),
  ROUND,
  UNREACHABLE,
]

describe('core sentences in the page’s language', () => {
  it('English from the catalogue is word for word the English core writes, parts included', () => {
    setLanguageChoice('en')
    for (const local of CASES) expect(say(local)).toBe(local.text)
  })

  it('Brazilian Portuguese: a warning, a reason, the limit note, flags with parts, the unreachable cause', () => {
    setLanguageChoice('pt-BR')
    expect(say(BOTH)).toBe(
      'registros inválidos: 2 de 3 (productId missing, e 1 outro problema); produtos do License info inválidos: 1 de 2 (id missing)',
    )
    expect(say(holdsLicense('Sales'))).toBe('este monitor ocupa uma licença 4D Client em Sales pela própria sessão REST')
    expect(say(downReason)).toBe('fora do ar: conexão recusada')
    expect(say(INFERRED_LIMIT)).toMatch(/^Limite deduzido do registro de licença mais recente/)
    expect(say(LIMITS)).toBe(
      'Os servidores desta máquina informam limites diferentes (A 10, B ilimitado (32767)); usando o maior, ilimitado (32767)',
    )
    expect(say(usedCountDiffers('A', 2, 1))).toBe('A informa usedCount 2, mas enviou 1 registro de licença')
    expect(say(usedCountDiffers('A', 2, 3))).toBe('A informa usedCount 2, mas enviou 3 registros de licença')
    expect(say(ROUND)).toBe(
      'Não é uma leitura consistente: leituras com 12,0 s de diferença (limite de 1,0 s); 5 de Sales lidas 12,0 s antes (fora do ar: conexão recusada); HR não contado (ainda sem resposta); os alertas crítico e esgotado aguardam uma',
    )
    expect(say(UNREACHABLE)).toBe(
      'Accounting (srv-app-01) está inacessível após 3 consultas com falha: ' +
        translateMessage(TIMEOUT.message, TIMEOUT.text) +
        '. Os alertas de licença dele estão suspensos.',
    )
    expect(say(UNREACHABLE)).not.toContain('timed out')
  })

  it('the tray (main) says every sentence, parts included, word for word as the page does, in every language', () => {
    for (const [choice, preferred] of [
      ['pt-BR', 'pt-BR'],
      ['ja', 'ja-JP'],
      ['de', 'de-DE'],
      ['fr', 'fr-FR'],
      ['es', 'es-ES'],
    ] as const) {
      setLanguageChoice(choice)
      const tray = desktopTranslator([preferred])
      expect(tray.language).toBe(choice)
      for (const local of [...CASES, ...POOLS]) expect(tray.say(local.message, local.text)).toBe(say(local))
    }
    // Not English by accident: the nested cause of the unreachable sentence is said in the tray's language too.
    expect(desktopTranslator(['pt-BR']).say(UNREACHABLE.message, UNREACHABLE.text)).not.toContain('timed out')
  })

  it('the shared-pool sentence in pt-BR and ja: servers elsewhere, evidence and proof said in the language', () => {
    setLanguageChoice('pt-BR')
    expect(say(POOLS[0]!)).toBe(
      'Compartilha um pool com Sales (em localhost, 5 em uso), HR (em srv-hr, 1 em uso), cadastrado como outra máquina, por suas contagens globais (globalProductUsedCount acima da própria) e o mesmo número de licença no License info: 10 licenças em uso no pool, 2 de 12 restantes; o registro mais recente de Sales (token 5521 em 2026-11-28T09:14:40.002Z) conta 9 em uso no pool.',
    )
    expect(say(POOLS[4]!)).toBe(
      'Este pool tem 5 licenças em uso em servidores não cadastrados aqui: o registro mais recente de Sales (token 5521 em 2026-11-28T09:14:40.002Z) conta 9 em uso no pool, 2 delas aqui, 3 de 10 restantes.',
    )
    setLanguageChoice('ja')
    expect(say(POOLS[1]!)).toBe(
      'Sales (localhost、5 件保持)、HR (srv-hr、1 件保持) (別のマシンとして登録) と 1 つのプールを共有しています (グローバル数 (自身の数を上回る globalProductUsedCount) と 同じ License info ライセンス番号 による): プール全体で 10 件保持; Sales の最新レコード (トークン 5521、2026-11-28T09:14:40.002Z) ではプール全体で 9 件保持。',
    )
  })

  it('Japanese: one plural form, its own list separator and word order', () => {
    setLanguageChoice('ja')
    expect(say(invalidItems('records', 2, 3, 'productId missing', 1))).toBe(
      '3 件中 2 件のレコードが無効: productId missing (ほか 1 件の問題)',
    )
    expect(say(LIMITS)).toBe(
      'このマシンのサーバーが異なる上限を報告しています (A 10、B 無制限 (32767))。最大の 無制限 (32767) を使用します',
    )
    expect(say(duplicateToken('A', 5521, 2))).toBe('A はライセンストークン 5521 を 2 回送信しました。1 回として数えます')
    expect(say(behindReason.slow(1_500))).toBe('応答に 1.5 秒かかった')
    expect(say(ROUND)).toContain('Sales の 5 件は 12.0 秒前の読み取り (停止: ')
    expect(say(UNREACHABLE)).toMatch(
      /^Accounting \(srv-app-01\) は 3 回のポーリング失敗の後、到達できません: .+。このサーバーのライセンスアラートは保留中です。$/,
    )
    expect(say(UNREACHABLE)).not.toContain('timed out')
  })

  it('keeps the English where a message is missing, unknown, or a list item is unknown; an old unreachable alert says its English cause', () => {
    setLanguageChoice('pt-BR')
    expect(translateMessages(undefined, ['as sent'])).toEqual(['as sent'])
    expect(translateMessages([], ['as sent'])).toEqual(['as sent'])
    const unknownItem = { ...ROUND.message, parts: { clauses: [{ id: 'flags.round.fromANewerBackend', params: {} }] } }
    expect(translateMessage(unknownItem, ROUND.text)).toContain(ROUND.message.params.clauses as string)
    const old = unreachableLocal('Accounting', 'srv-app-01', 3, 'timed out after 4 s')
    expect(say(old)).toBe(
      'Accounting (srv-app-01) está inacessível após 3 consultas com falha: timed out after 4 s. Os alertas de licença dele estão suspensos.',
    )
  })
})

function mountRow(overrides: Parameters<typeof product>[0]) {
  const table = document.createElement('table')
  const body = document.createElement('tbody')
  table.append(body)
  document.body.append(table)
  return mount(ProductRow, { props: { machine: 'srv-1', usage: product(overrides), expanded: false, now: NOW }, attachTo: body })
}

describe('the table and the server strip say them', () => {
  const flags = [usedCountDiffers('A', 2, 3), skew(11, 10, false)]
  const row = {
    productId: 1,
    productName: '4D Client',
    limitSource: 'inferred' as const,
    limitNote: INFERRED_LIMIT.text,
    limitNoteMessage: INFERRED_LIMIT.message,
    flags: flags.map((flag) => flag.text),
    flagMessages: flags.map((flag) => flag.message),
  }

  it('pt-BR: the row’s limit note and flags', () => {
    setLanguageChoice('pt-BR')
    const wrapper = mountRow(row)
    expect(wrapper.get('[data-testid=limit-note]').text()).toMatch(/^Limite deduzido/)
    expect(wrapper.findAll('[data-testid=flag]').map((flag) => flag.text())).toEqual([
      'A informa usedCount 2, mas enviou 3 registros de licença',
      'Mais licenças contadas (11) do que o pool comporta (10): um servidor informando mais do que o próprio pool, não um esgotamento',
    ])
    wrapper.unmount()
  })

  it('ja: the row’s flags; a row from an older backend (no messages) keeps its English', () => {
    setLanguageChoice('ja')
    const wrapper = mountRow(row)
    expect(wrapper.findAll('[data-testid=flag]')[0]?.text()).toBe(
      'A は usedCount 2 を報告していますが、送信したライセンスレコードは 3 件です',
    )
    wrapper.unmount()
    const older = mountRow({ ...row, limitNoteMessage: undefined, flagMessages: undefined })
    expect(older.get('[data-testid=limit-note]').text()).toBe(INFERRED_LIMIT.text)
    expect(older.findAll('[data-testid=flag]').map((flag) => flag.text())).toEqual(row.flags)
    older.unmount()
  })

  it('pt-BR: the shared-pool note under a row', () => {
    setLanguageChoice('pt-BR')
    const sentence = POOLS[0]!
    const wrapper = mountRow({ ...row, pool: { ...SHARED, sentence: sentence.text, sentenceMessage: sentence.message } })
    expect(wrapper.get('[data-testid=pool-sentence]').text()).toMatch(/^Compartilha um pool com Sales \(em localhost, 5 em uso\)/)
    wrapper.unmount()
  })

  it('pt-BR and ja: the server strip’s warnings', () => {
    const warnings = [invalidItems('records', 3, 120, 'productId missing', 0), copyTooOld(120_000)]
    const entry = server({
      id: 's',
      name: 'S',
      status: 'stale',
      warnings: warnings.map((warning) => warning.text),
      warningMessages: warnings.map((warning) => warning.message),
    })
    setLanguageChoice('pt-BR')
    const pt = mount(ServerStrip, { props: { servers: [entry] } })
    expect(pt.findAll('[data-testid=server-warning]').map((w) => w.text())).toEqual([
      'registros inválidos: 3 de 120 (productId missing)',
      'a cópia do License usage no servidor 4D tem 120 s: o worker pode estar travado, então os dados aparecem como desatualizados',
    ])
    setLanguageChoice('ja')
    const ja = mount(ServerStrip, { props: { servers: [entry] } })
    expect(ja.findAll('[data-testid=server-warning]')[0]?.text()).toBe('120 件中 3 件のレコードが無効: productId missing')
  })
})

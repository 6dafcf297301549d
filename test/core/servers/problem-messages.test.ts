// Every refusal of the server list carries a message id and parameters beside
// its English (problem-text.ts), and the catalogue's English says it word for
// word: the page's translation starts from the same sentence core wrote. Drives
// the real service over a real servers file, and the page's own limits and
// the connection test with real files that are missing or not PEM.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { declaredSentences, type ProblemText } from '../../../main/core/servers/problem-text.ts'
import { emptyDraft, recordFromDraft } from '../../../main/core/servers/server-record.ts'
import { createServerList } from '../../../main/core/servers/server-list.ts'
import { testConnection } from '../../../main/core/servers/test-connection.ts'
import { FIELD_LABELS, validateDrafts } from '../../../main/core/servers/validate.ts'
import type { FieldProblem, ServerDraft, TextMessage } from '../../../main/core/types/index.ts'
import { LANGUAGES, MESSAGES, PLURAL_RULES, type Locale } from '../../../renderer/src/i18n/catalogue.ts'

const i18n = createI18n({
  legacy: false,
  locale: 'en',
  messages: MESSAGES,
  pluralRules: PLURAL_RULES,
  missingWarn: false,
  fallbackWarn: false,
})

/** The catalogue's words for a message in a language, as the page says it (counts pick the form; limits travel as digits). */
function say(message: TextMessage, locale: Locale): string {
  const { count } = message.params
  const params = { ...message.params }
  return typeof count === 'number'
    ? i18n.global.t(message.id, params, { plural: count, locale })
    : i18n.global.t(message.id, params, { locale })
}

/** A field's problem as the page composes it: the label, then the sentence. */
function sayProblem(problem: FieldProblem, locale: Locale): string {
  if (!problem.sentence) throw new Error(`no message id for "${problem.message}"`)
  const sentence = say(problem.sentence, locale)
  if (problem.field === 'list') return sentence
  return i18n.global.t(
    'servers.validation.onField',
    { field: i18n.global.t(`servers.validation.field.${problem.field}`, {}, { locale }), problem: sentence },
    { locale },
  )
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-problem-messages-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const draft = (overrides: Partial<ServerDraft>): ServerDraft => ({ ...emptyDraft(), name: 'A', url: 'http://127.0.0.1:9/x', ...overrides })

function service() {
  const persistence = createFilePersistence({ path: join(dir, 'servers.json'), env: {}, log: () => undefined })
  return createServerList({ persistence, apply: () => undefined, env: {} })
}

describe('the sentences of the server list, as message ids', () => {
  it('each sentence the schema declares has one message, and the catalogue’s English is that sentence', () => {
    const sentences: ProblemText[] = declaredSentences()
    expect(sentences.length).toBeGreaterThan(30)
    for (const { text, message } of sentences) {
      expect(message.id).toMatch(/^servers\.validation\./)
      expect(say(message, 'en'), message.id).toBe(text)
    }
  })

  it('the page’s own limits in the desktop app and in the served mode, and a CA file missing or not PEM', () => {
    const notPem = join(dir, 'not-a-ca.pem')
    writeFileSync(notPem, 'hello')
    const missing = join(dir, 'missing.pem')
    const resolveCaPath = (caFile: string) => caFile
    const desktop = validateDrafts([draft({ authType: 'bearer', secretEnv: 'TOKEN' })], { secretInput: 'value', resolveCaPath })
    const served = validateDrafts(
      [
        draft({ authType: 'bearer', secret: 'typed' }),
        draft({ name: 'B', url: 'https://srv/x', caFile: missing }),
        draft({ name: 'C', url: 'https://srv/y', caFile: notPem }),
      ],
      { secretInput: 'env', resolveCaPath },
    )
    const problems = [...desktop, ...served]
    expect(problems.map((problem) => [problem.field, problem.sentence])).toEqual([
      ['secretEnv', { id: 'servers.validation.noSecretEnv', params: {} }],
      ['secret', { id: 'servers.validation.noSecretValues', params: {} }],
      ['caFile', { id: 'servers.validation.caFileUnreadableCode', params: { path: missing, code: 'ENOENT' } }],
      ['caFile', { id: 'servers.validation.caFileNotPem', params: { path: notPem } }],
    ])
    for (const problem of problems) expect(sayProblem(problem, 'en')).toBe(problem.message)
    expect(problems.map((problem) => problem.message.split(': ')[0])).toEqual([
      FIELD_LABELS.secretEnv,
      FIELD_LABELS.secret,
      'CA file',
      'CA file',
    ])
  })

  it('the connection test: credentials kept for the saved URL, a CA file that cannot be read', async () => {
    const needsSave = await service().testConnection(draft({ authType: 'bearer' }))
    const caFile = join(dir, 'gone.pem')
    const unreadable = await testConnection(recordFromDraft(draft({ url: 'https://127.0.0.1:9/x', caFile }), 't'), '', (file) => file)
    const refusals = [needsSave, unreadable].map((result) => (result.ok ? null : result))
    expect(refusals.map((result) => result?.errorMessage)).toEqual([
      { id: 'servers.validation.testNeedsSave', params: {} },
      { id: 'servers.validation.testCaFile', params: { file: caFile } },
    ])
    for (const result of refusals) expect(result && result.errorMessage && say(result.errorMessage, 'en')).toBe(result?.error)
  })

  it('the import: a text that is no list, unknown fields inside auth, and the secrets and CA files it does not take', async () => {
    const list = service()
    const notAList = await list.importJson('{"servers": {}}')
    const outcome = await list.importJson(
      JSON.stringify({
        servers: [
          { name: 'Odd', url: 'http://127.0.0.1:9/x', auth: { type: 'none', user: 'x', pass: 'y' } },
          { name: 'Token', url: 'http://127.0.0.1:9/t', auth: { type: 'bearer', token: 'plain' } },
          { name: 'Password', url: 'http://127.0.0.1:9/p', auth: { type: 'basic', username: 'u', password: 'plain' } },
          { name: 'Pinned', url: 'https://srv/x', tls: { caFile: 'elsewhere.pem' } },
        ],
      }),
    )
    expect(notAList.entries[0]?.problemDetails?.[0]?.sentence).toEqual({
      id: 'servers.import.notServerList',
      params: { shape: '{"servers": [...]}' },
    })
    expect(outcome.entries[0]?.problemDetails).toEqual([
      {
        field: 'authType',
        message: 'Authentication: auth: unknown fields "user", "pass"',
        sentence: { id: 'servers.validation.unknownFieldsAt', params: { count: 2, fields: '"user", "pass"', where: 'auth' } },
      },
    ])
    expect(outcome.entries.slice(1).map((entry) => entry.noteMessages?.map((message) => message.id))).toEqual([
      ['servers.import.tokenNotImported'],
      ['servers.import.passwordNotImported'],
      ['servers.import.caFileNotTaken'],
    ])
    for (const entry of [...notAList.entries, ...outcome.entries]) {
      expect(entry.problemDetails?.map((problem) => sayProblem(problem, 'en'))).toEqual(entry.problems)
      expect(entry.noteMessages?.map((message) => say(message, 'en'))).toEqual(entry.notes)
    }
  })

  it('every language has words of its own for the refusals (plural forms by its rules)', () => {
    const atLeastOne = { id: 'servers.validation.records.atLeast', params: { limit: '1', count: 1 } }
    const atMostMany = { id: 'servers.validation.records.atMost', params: { limit: '5000000', count: 5_000_000 } }
    expect(LANGUAGES.map((locale) => [say(atLeastOne, locale), say(atMostMany, locale)])).toEqual([
      ['must be at least 1 records', 'must be at most 5000000 records'],
      ['deve ser de no mínimo 1 registro', 'deve ser de no máximo 5000000 registros'],
      ['doit valoir au moins 1 enregistrement', 'doit valoir au plus 5000000 enregistrements'],
      ['debe ser como mínimo 1 registro', 'debe ser como máximo 5000000 registros'],
      ['muss mindestens 1 Lizenzeintrag sein', 'darf höchstens 5000000 Lizenzeinträge sein'],
      ['1 レコード以上で指定してください', '5000000 レコード以下で指定してください'],
    ])
  })
})

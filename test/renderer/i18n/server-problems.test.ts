// The server list's refusals in the page's language, from the real core: the
// Servers view runs against the contract's own backend over a real servers
// file (the served mode's persistence), so each sentence comes from
// main/core/servers as the English text and a message id, and the page says it
// in Brazilian Portuguese or Japanese; the catalogue's English says every one
// of core's sentences word for word, and an older backend's English is shown.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Result } from '../../../main/core/contract/contract.ts'
import type { FieldProblem, ImportOutcome, ServerDraft, ServerProblem, TextMessage } from '../../../main/core/types/index.ts'
import ServerForm from '../../../renderer/src/components/ServerForm.vue'
import ServerTestResult from '../../../renderer/src/components/ServerTestResult.vue'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { importNotes, importProblems, problemText } from '../../../renderer/src/i18n/server-problems.ts'
import { translateMessage } from '../../../renderer/src/i18n/text-message.ts'
import { emptyDraft } from '../../../renderer/src/stores/settings.ts'
import ServersView from '../../../renderer/src/views/ServersView.vue'

/** test/fixtures/servers-backend.ts and core's declared sentences, named here: the web project's type check has no Node, so they load at run time. */
interface ServersBackend {
  call(name: string, args: unknown[]): Promise<Result<unknown>>
  close(): void
}
const BACKEND_MODULE = '../../fixtures/servers-backend.ts'
const SENTENCES_MODULE = '../../../main/core/servers/problem-text.ts'
const { startServersBackend } = (await import(/* @vite-ignore */ BACKEND_MODULE)) as { startServersBackend: () => ServersBackend }
const { declaredSentences } = (await import(/* @vite-ignore */ SENTENCES_MODULE)) as {
  declaredSentences: () => { text: string; message: TextMessage }[]
}

let backend: ServersBackend

beforeEach(() => {
  backend = startServersBackend()
  // The preload API of the page, answered by the real backend (as the served mode's /api/call does).
  const api = new Proxy(
    {},
    {
      get:
        (_target, name) =>
        (...args: unknown[]) =>
          backend.call(String(name), args),
    },
  )
  ;(window as unknown as { licenseMonitor?: unknown }).licenseMonitor = api
})

afterEach(() => {
  delete (window as unknown as { licenseMonitor?: unknown }).licenseMonitor
  setLanguageChoice('system')
  localStorage.clear()
  backend.close()
})

async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  const result = await backend.call(name, args)
  if (!result.ok) throw new Error(result.error)
  return result.data as T
}

const draft = (overrides: Partial<ServerDraft>): ServerDraft => ({ ...emptyDraft(), ...overrides })

/** The view's form after typing, once the backend's check (200 ms after the last keystroke) has answered. */
async function formWith(values: Partial<Record<'name' | 'url' | 'intervalMs', string>>): Promise<VueWrapper> {
  setActivePinia(createPinia())
  const view = mount(ServersView)
  await flushPromises()
  await view.get('[data-testid="add-server"]').trigger('click')
  for (const [field, value] of Object.entries(values)) await view.get(`[data-testid="field-${field}"]`).setValue(value)
  await new Promise((resolve) => setTimeout(resolve, 300))
  await flushPromises()
  return view
}

const fieldError = (view: VueWrapper, field: string): string => view.get(`[data-testid="field-error-${field}"]`).text()

describe('the server form says core’s refusals in the page’s language', () => {
  it('pt-BR: a bad URL, a missing name and an interval too short, each on its field', async () => {
    setLanguageChoice('pt-BR')
    const view = await formWith({ name: '  ', url: 'ftp://srv-app-01/licencas', intervalMs: '10' })
    expect(fieldError(view, 'url')).toBe('URL: deve ser uma URL http ou https')
    expect(fieldError(view, 'name')).toBe('Nome: não pode ficar vazio')
    expect(fieldError(view, 'intervalMs')).toBe('Intervalo de consulta: deve ser de no mínimo 250 ms')
  })

  it('ja: the same refusals, and an interval past what a timer holds with the digits the field takes', async () => {
    setLanguageChoice('ja')
    const view = await formWith({ name: '', url: 'http://user:pw@srv/x', intervalMs: String(2 ** 31) })
    expect(fieldError(view, 'url')).toBe('URL: ユーザー名やパスワードを含めることはできません。"auth" で指定してください')
    expect(fieldError(view, 'name')).toBe('名前: 空にはできません')
    expect(fieldError(view, 'intervalMs')).toBe('ポーリング間隔: 2147483647 ms 以下で指定してください')
  })

  it('pt-BR and ja: a name taken by a saved server whatever its case', async () => {
    await call('saveServers', [draft({ name: 'Contabilidade', url: 'http://127.0.0.1:9/x' })])
    setLanguageChoice('pt-BR')
    const view = await formWith({ name: 'CONTABILIDADE', url: 'http://127.0.0.1:10/x' })
    expect(fieldError(view, 'name')).toBe('Nome: outro servidor já se chama "Contabilidade"')
    setLanguageChoice('ja')
    await flushPromises()
    expect(fieldError(view, 'name')).toBe('名前: 「Contabilidade」という名前のサーバーがすでにあります')
  })

  it('pt-BR and ja: a duplicate id, as the contract refuses a list that holds one twice', async () => {
    await call('saveServers', [draft({ name: 'A', url: 'http://127.0.0.1:9/x' })])
    const [saved] = (await call<{ servers: { id: string }[] }>('listServers')).servers
    const twice = [
      draft({ id: saved?.id, name: 'A', url: 'http://127.0.0.1:9/x' }),
      draft({ id: saved?.id, name: 'B', url: 'http://127.0.0.1:10/x' }),
    ]
    const problems = (await call<ServerProblem[]>('validateServers', twice)).filter((problem) => problem.index === 1)
    expect(problems.map((problem) => problem.sentence?.id)).toEqual(['servers.validation.idTaken'])
    const props = {
      initial: twice[1]!,
      isNew: false,
      problems,
      checking: false,
      secretInput: 'env' as const,
      secretStatus: null,
      storageWarning: null,
      testResult: null,
      testing: false,
      saving: false,
    }
    setLanguageChoice('pt-BR')
    expect(mount(ServerForm, { props }).get('[data-testid="list-problem"]').text()).toBe('outro servidor já tem o id "a"')
    setLanguageChoice('ja')
    expect(mount(ServerForm, { props }).get('[data-testid="list-problem"]').text()).toBe('ID「a」のサーバーがすでにあります')
  })

  it('pt-BR: a timeout past the interval, with the interval in the sentence', async () => {
    setLanguageChoice('pt-BR')
    setActivePinia(createPinia())
    const view = await formWith({ name: 'A', url: 'http://127.0.0.1:9/x', intervalMs: '1000' })
    expect(fieldError(view, 'timeoutMs')).toBe('Tempo limite: não pode passar do intervalo de consulta (1000 ms)')
  })
})

describe('an import with bad entries says each problem in the page’s language', () => {
  const twoBad = JSON.stringify({
    servers: [
      { name: 'Vendas', url: 'ftp://srv/x', intervalMs: 10 },
      { name: 'Estoque', url: 'http://127.0.0.1:9/x', intevalMs: 5000 },
      { name: 'Caixa', url: 'http://127.0.0.1:10/x', auth: { type: 'bearer', token: 'segredo' } },
    ],
  })

  it('pt-BR: both refused entries with their problems, and the note of the entry taken', async () => {
    setLanguageChoice('pt-BR')
    setActivePinia(createPinia())
    const view = mount(ServersView)
    await flushPromises()
    await view.get('[data-testid="import-text"]').setValue(twoBad)
    await view.get('[data-testid="import-paste"]').trigger('click')
    await flushPromises()
    const entries = view.findAll('[data-testid="import-entry"]')
    expect(entries.map((entry) => entry.findAll('[data-testid="import-problem"]').map((problem) => problem.text()))).toEqual([
      ['URL: deve ser uma URL http ou https', 'Intervalo de consulta: deve ser de no mínimo 250 ms'],
      ['campo desconhecido "intevalMs"'],
      [],
    ])
    expect(entries[2]?.get('[data-testid="import-note"]').text()).toBe(
      'O token do arquivo não foi importado: informe-o nas configurações do servidor.',
    )
    expect(entries.map((entry) => entry.text())).toEqual([
      expect.stringContaining('Vendas: não importado'),
      expect.stringContaining('Estoque: não importado'),
      expect.stringContaining('Caixa: adicionado'),
    ])
  })

  it('ja: the same problems, and a text that is not JSON', async () => {
    setLanguageChoice('ja')
    const outcome = await call<ImportOutcome>('importServers', twoBad)
    expect(outcome.entries.slice(0, 2).map(importProblems)).toEqual([
      ['URL: http または https の URL を指定してください', 'ポーリング間隔: 250 ms 以上で指定してください'],
      ['不明なフィールド "intevalMs"'],
    ])
    const notJson = await call<ImportOutcome>('importServers', '{"servers": [')
    expect(notJson.entries.map(importProblems)).toEqual([['インポートするテキストが有効な JSON ではありません。']])
    const notAList = await call<ImportOutcome>('importServers', '{"servers": 5}')
    expect(notAList.entries.map(importProblems)).toEqual([
      ['インポートするテキストは {"servers": [...]} の形式 (このモニターのエクスポートまたは servers.json) である必要があります。'],
    ])
    setLanguageChoice('en')
    for (const outcome of [notJson, notAList])
      expect(outcome.entries.map(importProblems)).toEqual(outcome.entries.map((entry) => entry.problems))
  })
})

describe('the catalogue’s English is core’s English', () => {
  it('says every sentence the schema declares word for word, and another language says it in its own words', () => {
    const sentences = declaredSentences()
    expect(sentences.length).toBeGreaterThan(30)
    setLanguageChoice('en')
    for (const { text, message } of sentences) expect(translateMessage(message, `(no ${message.id})`), message.id).toBe(text)
    setLanguageChoice('pt-BR')
    const same = sentences.filter(({ text, message }) => /[a-z]{4,} [a-z]{4,}/.test(text) && translateMessage(message, text) === text)
    expect(same.map(({ message }) => message.id)).toEqual([])
  })

  it('says the rules core writes in code (across fields, the list, the page, the import) word for word', async () => {
    await call('saveServers', [draft({ name: 'Saved', url: 'http://127.0.0.1:9/x' })])
    const [saved] = (await call<{ servers: (ServerDraft & { id: string })[] }>('listServers')).servers
    const drafts = [
      draft({ ...saved, secret: '', secretEnv: '' }),
      draft({ name: 'saved', url: 'https://srv/x', timeoutMs: 9000, authType: 'bearer', secret: 'typed', caFile: 'new.pem' }),
      draft({ name: 'Plain', url: 'http://10.0.0.5/x', authType: 'basic', username: 'u', secretEnv: 'PATH', fingerprint256: 'AB' }),
      draft({ name: 'Exporter', url: 'http://127.0.0.1:9/m', kind: 'prometheus-4d-exporter', authType: 'bearer' }),
    ]
    const problems = await call<ServerProblem[]>('validateServers', drafts)
    const gone = await call<{ problems: ServerProblem[] }>('saveServers', [
      draft({ id: 'gone', name: 'Gone', url: 'http://127.0.0.1:9/x' }),
    ])
    const moved = await call<{ problems: ServerProblem[] }>('putOnOneMachine', [saved?.id, 'nope'], 'm')
    const all = [...problems, ...gone.problems, ...moved.problems]
    expect(all.map((problem) => problem.sentence?.id).sort()).toEqual([
      'servers.validation.authRefusal.prometheus4dExporter',
      'servers.validation.caFileNotInFile',
      'servers.validation.envNotInFile',
      'servers.validation.nameTaken',
      'servers.validation.noLongerSaved',
      'servers.validation.noSecretValues',
      'servers.validation.notFingerprint',
      'servers.validation.oneMachineUnknown',
      'servers.validation.plainHttpCredentials',
      'servers.validation.timeoutOverInterval',
      'servers.validation.tlsNeedsHttps',
    ])
    const imported = await call<ImportOutcome>(
      'importServers',
      JSON.stringify({ servers: [{ name: 'V', url: 'http://127.0.0.1:9/x', auth: { type: 'basic', username: 'u', password: 'p' } }] }),
    )
    const refusedTest = await call<{ ok: false; error: string; problems?: FieldProblem[] }>('testConnection', draft({ url: 'x' }))
    setLanguageChoice('en')
    for (const problem of all) expect(problemText(problem), problem.sentence?.id).toBe(problem.message)
    expect(imported.entries[0]?.noteMessages?.map((message) => message.id)).toEqual(['servers.import.passwordNotImported'])
    for (const entry of imported.entries) expect(importNotes(entry)).toEqual(entry.notes)
    expect(refusedTest.problems?.length).toBe(2)
    expect(refusedTest.problems?.map(problemText).join('; ')).toBe(refusedTest.error)
  })

  it('an older backend without message ids: the English it sent', () => {
    setLanguageChoice('pt-BR')
    const older: FieldProblem = { field: 'url', message: 'URL: must be an http or https URL' }
    expect(problemText(older)).toBe('URL: must be an http or https URL')
    expect(problemText({ ...older, sentence: { id: 'servers.validation.fromANewerBackend', params: {} } })).toBe(older.message)
    const result = mount(ServerTestResult, {
      props: { result: { ok: false, latencyMs: 0, error: 'the CA file ca.pem cannot be read' } },
    })
    expect(result.get('[data-testid="test-error"]').text()).toBe('Falhou após 0 ms: the CA file ca.pem cannot be read')
  })
})

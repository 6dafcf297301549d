// The desktop's own dialogs in the user's language, electron mocked: the CSV
// and monthly-report save dialogs and the tray export's error box are titled
// through the desktop translator (a pt-BR system gets Portuguese titles, an
// unknown language English), the start-up dialogs follow the language saved
// in the page's menu without touching its file, and the desktop's secrets
// sentences are said in each language. Every English title and sentence is
// the catalogue's English word for word.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createI18n } from 'vue-i18n'
import { parseExportRequest, type ExportJob } from '../../main/core/export/export-request.ts'
import { openHistoryStore, type HistoryStore } from '../../main/core/history/store.ts'
import type { TextMessage } from '../../main/core/types/index.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { createSaveExport, exportUsageFromTray } = await import('../../main/electron/export-dialog.ts')
const { createSaveReport } = await import('../../main/electron/report-pdf.ts')
const { DIALOG_TITLES, dialogTitle, startupSay } = await import('../../main/electron/dialog-text.ts')
const { desktopTranslator } = await import('../../main/electron/tray-text.ts')
const { NO_ENCRYPTION, NO_KEYRING, undecryptable } = await import('../../main/electron/secrets.ts')
const { tokenNotKept } = await import('../../main/electron/settings-migrations.ts')
const { LANGUAGE_MESSAGES, LANGUAGES } = await import('../../renderer/src/i18n/catalogue.ts')
const { askStartAtLogin, setupStartAtLogin, START_AT_LOGIN_QUESTION } = await import('../../main/electron/start-at-login.ts')
const { openDesktopSettings } = await import('../../main/app/desktop-settings.ts')

let dir: string
let store: HistoryStore

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-dialog-language-'))
  store = openHistoryStore(join(dir, 'data'))
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => {
  resetElectronMock()
  electronMock.app.downloads = join(dir, 'Downloads')
})

/** The catalogue's English of a message, compiled by vue-i18n as the page would say it. */
const english = createI18n({ legacy: false, locale: 'en', messages: LANGUAGE_MESSAGES, missingWarn: false }).global
const catalogueEnglish = (message: TextMessage): string => english.t(message.id, message.params)

/** A real export job, as the tray's export asks for it. */
function usageJob(): ExportJob {
  const parsed = parseExportRequest({ kind: 'usage' }, Date.now())
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.job
}

/** The title of the save dialog shown last (showSaveDialog's options, with or without a parent window). */
function lastSaveTitle(): unknown {
  const args = electronMock.dialog.shown.at(-1) as unknown[]
  return (args.at(-1) as { title?: string }).title
}

describe('save dialogs and error boxes', () => {
  it('a pt-BR system gets Portuguese titles on the CSV export and the monthly report', async () => {
    const { say } = desktopTranslator(['pt-BR', 'en-US'])
    await createSaveExport({ db: store.db, say })(usageJob())
    expect(lastSaveTitle()).toBe('Exportar CSV')
    const report = await createSaveReport({ say })({ month: '2026-11', html: '<p>x</p>', pages: 1 })
    expect(report).toEqual({ status: 'cancelled' })
    expect(lastSaveTitle()).toBe('Salvar o relatório mensal de capacidade')
  })

  it('ja and de titles; a language the app does not have, and no translator, give English', async () => {
    await createSaveExport({ db: store.db, say: desktopTranslator(['ja-JP']).say })(usageJob())
    expect(lastSaveTitle()).toBe('CSV をエクスポート')
    await createSaveReport({ say: desktopTranslator(['de-AT']).say })({ month: '2026-11', html: '', pages: 1 })
    expect(lastSaveTitle()).toBe('Monatlichen Kapazitätsbericht speichern')
    await createSaveExport({ db: store.db, say: desktopTranslator(['ko-KR']).say })(usageJob())
    expect(lastSaveTitle()).toBe('Export CSV')
    await createSaveReport()({ month: '2026-11', html: '', pages: 1 })
    expect(lastSaveTitle()).toBe('Save the monthly capacity report')
  })

  it('the tray export’s failure is titled in French, its cause as the export said it', async () => {
    const failing = () => Promise.reject(new Error('the history is closed'))
    expect(await exportUsageFromTray(failing, Date.now, desktopTranslator(['fr-FR']).say)).toBeNull()
    expect(electronMock.dialog.shown.at(-1)).toEqual({ title: "L'export de l'utilisation a échoué", content: 'the history is closed' })
  })

  it('every title’s English is the catalogue’s, and every language has its own words for each', () => {
    for (const [name, title] of Object.entries(DIALOG_TITLES)) {
      expect(catalogueEnglish({ id: `desktop.dialogs.${name}`, params: {} })).toBe(title)
      for (const language of LANGUAGES.filter((language) => language !== 'en')) {
        const said = dialogTitle(desktopTranslator([language]).say, name as keyof typeof DIALOG_TITLES)
        // "Export CSV" is the same words in Portuguese and Spanish; everything else differs from English.
        if (name !== 'exportCsv') expect(said, `${language} ${name}`).not.toBe(title)
        expect(said, `${language} ${name}`).not.toMatch(/desktop\.dialogs/)
      }
    }
  })
})

describe('the start-at-login question', () => {
  it('pt-BR: asked in Portuguese, "Agora não" the default; English word for word the catalogue’s', async () => {
    const settings = openDesktopSettings(mkdtempSync(join(dir, 'login-')))
    const login = setupStartAtLogin({ settings, platform: 'win32' })
    await askStartAtLogin(login, settings, desktopTranslator(['pt-BR']).say)
    const asked = electronMock.dialog.shown.at(-1) as { message: string; detail: string; buttons: string[]; defaultId: number }
    expect(asked.message).toBe('Iniciar o Monitor de Licenças 4D quando você entrar no sistema?')
    expect(asked.detail).toMatch(/^Ele abriria na bandeja do sistema/)
    expect(asked.buttons).toEqual(['Iniciar com o sistema', 'Agora não'])
    expect(asked.buttons[asked.defaultId]).toBe('Agora não')
    for (const [key, text] of Object.entries(START_AT_LOGIN_QUESTION))
      expect(catalogueEnglish({ id: `desktop.startAtLogin.${key}`, params: {} })).toBe(text)
  })
})

describe('the start-up dialogs’ language', () => {
  it('follows the language saved in appearance.json, else the OS’s, and never touches the file', () => {
    const data = mkdtempSync(join(dir, 'startup-'))
    const system = () => ['pt-BR']
    expect(dialogTitle(startupSay(data, system), 'settingsUpgraded')).toBe('Suas configurações foram atualizadas')
    writeFileSync(join(data, 'appearance.json'), JSON.stringify({ theme: 'dark', language: 'de' }))
    expect(dialogTitle(startupSay(data, system), 'settingsUpgraded')).toBe('Ihre Einstellungen wurden aktualisiert')
    writeFileSync(join(data, 'appearance.json'), JSON.stringify({ theme: 'dark' }))
    expect(dialogTitle(startupSay(data, system), 'settingsUnreadable')).toBe('Não foi possível ler suas configurações')
    // A broken file is the app's to set aside and report (openAppearance): here it reads as "system" and stays where it is.
    writeFileSync(join(data, 'appearance.json'), '{ not json')
    expect(
      dialogTitle(
        startupSay(data, () => ['ja']),
        'historyProblem',
      ),
    ).toBe('ローカル履歴で問題が発生しました')
    expect(readdirSync(data)).toEqual(['appearance.json'])
    expect(existsSync(join(data, 'appearance.json.broken'))).toBe(false)
  })
})

describe('the desktop’s secrets sentences', () => {
  const sentences = [
    NO_KEYRING,
    NO_ENCRYPTION,
    undecryptable('token', 'accounting'),
    undecryptable('password', 'sales'),
    tokenNotKept('Contabilidade'),
  ]

  it('English: the catalogue says each word for word as main writes it', () => {
    for (const sentence of sentences) expect(catalogueEnglish(sentence.message)).toBe(sentence.text)
  })

  it('pt-BR and ja: said in the language, with the server’s name as written', () => {
    const portuguese = desktopTranslator(['pt-BR']).say
    expect(portuguese(undecryptable('password', 'sales').message, '')).toBe(
      'A senha salva do servidor "sales" não pode mais ser descriptografada (o chaveiro foi trocado ou redefinido): informe-a novamente.',
    )
    expect(portuguese(tokenNotKept('Contabilidade').message, '')).toMatch(/^Não foi possível manter o token do servidor "Contabilidade"/)
    const japanese = desktopTranslator(['ja']).say
    expect(japanese(undecryptable('token', 'accounting').message, '')).toBe(
      'サーバー「accounting」の保存済みトークンを復号できなくなりました (キーリングが変更またはリセットされました)。もう一度入力してください。',
    )
    for (const language of LANGUAGES.filter((language) => language !== 'en'))
      for (const sentence of sentences) {
        const said = desktopTranslator([language]).say(sentence.message, sentence.text)
        expect(said, `${language} ${sentence.message.id}`).not.toBe(sentence.text)
      }
  })
})

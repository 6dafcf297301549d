// The desktop monthly report with electron mocked (the binary cannot run here)
// and a real history: the saveMonthlyReport call builds the page in core, the
// glue asks where to save, prints the page from a hidden, script-less,
// sandboxed window and writes the PDF; a cancel writes nothing and opens no window.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LanguageChoice, MonthlyReportOutcome, Snapshot } from '../../main/core/types/index.ts'
import { openHistoryStore, type HistoryStore } from '../../main/core/history/store.ts'
import { snapshot } from '../core/history/snapshots.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { createSaveReport } = await import('../../main/electron/report-pdf.ts')
const { createBackend, dispatchCall } = await import('../../main/core/contract/backend.ts')
const { reportWordsFor } = await import('../../main/app/report-words.ts')

const T0 = new Date(2026, 10, 12, 9).getTime()
const NOW = new Date(2026, 11, 2, 9).getTime()
let dir: string
let store: HistoryStore

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-report-pdf-'))
  store = openHistoryStore(join(dir, 'data'))
  // Seven licenses of a pool of 10 for ten minutes on 12 November.
  for (let i = 0; i < 20; i++) {
    const licenses = Array.from({ length: 7 }, (_, k) => ({ server: 'A', token: k + 1 }))
    store.record(snapshot([{ name: 'A', machine: 'srv-report' }], licenses, 10), T0 + i * 30_000)
  }
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => {
  resetElectronMock()
  electronMock.app.downloads = join(dir, 'Downloads')
})

function call(...args: unknown[]) {
  return callSaved(() => 'system', ...args)
}

/** The call in an app whose saved language is `saved()` (appearance.json), as create-app.ts wires it. */
function callSaved(saved: () => LanguageChoice, ...args: unknown[]) {
  const monitor = { getSnapshot: () => ({}) as Snapshot, onSnapshot: () => () => undefined }
  const backend = createBackend({
    monitor,
    history: { store, now: () => NOW },
    saveReport: createSaveReport(),
    reportWords: reportWordsFor(saved),
  })
  return dispatchCall(backend, 'saveMonthlyReport', args) as Promise<
    { ok: true; data: MonthlyReportOutcome } | { ok: false; error: string }
  >
}

describe('desktop monthly report (printToPDF)', () => {
  it('proposes capacity-report-YYYY-MM.pdf in Downloads, prints the month page and writes the PDF where the user chose', async () => {
    const out = join(dir, 'november.pdf')
    electronMock.dialog.saveAnswer = { canceled: false, filePath: out }
    const answer = await call({ month: '2026-11', locale: 'de-DE' })
    expect(answer).toEqual({ ok: true, data: { status: 'saved', path: out, pages: 1 } })
    const [options] = electronMock.dialog.shown as [{ defaultPath: string; filters: unknown }][]
    expect(options?.[0].defaultPath).toBe(join(dir, 'Downloads', 'capacity-report-2026-11.pdf'))
    expect(options?.[0].filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }])
    const [window] = FakeBrowserWindow.instances
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    })
    expect(window?.options.webPreferences).not.toHaveProperty('preload')
    expect(window?.webContents.printed).toEqual([{ preferCSSPageSize: true, printBackground: true }])
    // The page printed is the month's report, from a temp file that is gone afterwards, in a window that is closed.
    const loaded = window?.loadedFile ?? ''
    expect(loaded).toMatch(/report\.html$/)
    expect(existsSync(loaded)).toBe(false)
    expect(window?.destroyed).toBe(true)
    const pdf = readFileSync(out, 'latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    expect(pdf).toContain('report.html')
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('the printed page holds the month figures the history implies', async () => {
    electronMock.dialog.saveAnswer = { canceled: false, filePath: join(dir, 'check.pdf') }
    let html = ''
    const original = FakeBrowserWindow.prototype.loadFile
    FakeBrowserWindow.prototype.loadFile = async function (this: InstanceType<typeof FakeBrowserWindow>, path: string) {
      html = readFileSync(path, 'utf8')
      return original.call(this, path)
    }
    try {
      await call({ month: '2026-11' })
    } finally {
      FakeBrowserWindow.prototype.loadFile = original
    }
    expect(html).toContain('November 2026')
    expect(html).toContain('srv-report')
    expect(html).toContain('In November 2026 the pool of 10 never went above 7')
  })

  /** The page a call printed, read from the temp file the hidden window loads. */
  async function printedPage(order: () => Promise<unknown>): Promise<string> {
    electronMock.dialog.saveAnswer = { canceled: false, filePath: join(dir, 'language.pdf') }
    let html = ''
    const original = FakeBrowserWindow.prototype.loadFile
    FakeBrowserWindow.prototype.loadFile = async function (this: InstanceType<typeof FakeBrowserWindow>, path: string) {
      html = readFileSync(path, 'utf8')
      return original.call(this, path)
    }
    try {
      await order()
    } finally {
      FakeBrowserWindow.prototype.loadFile = original
    }
    return html
  }

  it('the printed page speaks the language of the order (the page’s), else the app’s saved language', async () => {
    const german = await printedPage(() => callSaved(() => 'ja', { month: '2026-11', locale: 'de-DE' }))
    expect(german).toContain('<html lang="de">')
    expect(german).toContain('Im November 2026 lag der Pool von 10 nie über 7')
    const japanese = await printedPage(() => callSaved(() => 'ja', { month: '2026-11' }))
    expect(japanese).toContain('<html lang="ja">')
    expect(japanese).toContain('2026年11月、10 のプールは 7 を超えず')
    const english = await printedPage(() => callSaved(() => 'system', { month: '2026-11' }))
    expect(english).toContain('In November 2026 the pool of 10 never went above 7')
  })

  it('a desktop backend built without the catalogue refuses with a sentence rather than print a page without words', async () => {
    const monitor = { getSnapshot: () => ({}) as Snapshot, onSnapshot: () => () => undefined }
    const backend = createBackend({ monitor, history: { store, now: () => NOW }, saveReport: createSaveReport() })
    expect(await dispatchCall(backend, 'saveMonthlyReport', [{ month: '2026-11' }])).toEqual({
      ok: false,
      error: expect.stringContaining('without the message catalogue'),
    })
    expect(electronMock.dialog.shown).toEqual([])
  })

  it('a cancelled dialog writes nothing and opens no window', async () => {
    electronMock.dialog.saveAnswer = { canceled: true, filePath: undefined }
    expect(await call({ month: '2026-11' })).toEqual({ ok: true, data: { status: 'cancelled' } })
    expect(FakeBrowserWindow.instances).toHaveLength(0)
  })

  it('a bad month is refused with a sentence before any dialog', async () => {
    expect(await call({ month: 'November' })).toEqual({
      ok: false,
      error: expect.stringContaining('The month "November" is not a calendar month written YYYY-MM'),
    })
    expect(electronMock.dialog.shown).toEqual([])
  })
})

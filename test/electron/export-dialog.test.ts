// The Electron save flow with electron mocked and a real history file: a
// chosen path gets the CSV, a cancel writes nothing, the tray's usage export
// shows a failure instead of throwing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseExportRequest } from '../../main/core/export/export-request.ts'
import { openHistoryStore, type HistoryStore } from '../../main/core/history/store.ts'
import { snapshot } from '../core/history/snapshots.ts'

const electron = vi.hoisted(() => ({
  downloads: '',
  locale: 'pt-BR',
  answer: { canceled: false, filePath: '' as string | undefined },
  saveCalls: [] as unknown[][],
  errors: [] as [string, string][],
}))

vi.mock('electron', () => {
  const mock = {
    app: {
      getPath: (name: string) => {
        if (name !== 'downloads') throw new Error(`unexpected app.getPath(${name})`)
        return electron.downloads
      },
      getLocale: () => electron.locale,
    },
    dialog: {
      async showSaveDialog(...args: unknown[]) {
        electron.saveCalls.push(args)
        return electron.answer
      },
      showErrorBox: (title: string, content: string) => electron.errors.push([title, content]),
    },
  }
  return { ...mock, default: mock }
})

const { createSaveExport, exportUsageFromTray } = await import('../../main/electron/export-dialog.ts')

const NOW = Date.UTC(2026, 10, 28, 12)
let dir: string
let store: HistoryStore

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-export-dialog-'))
  electron.downloads = join(dir, 'Downloads')
  store = openHistoryStore(join(dir, 'data'))
  store.record(
    snapshot(
      [{ name: 'A', machine: 'srv-01' }],
      [
        { server: 'A', token: 1 },
        { server: 'A', token: 2 },
      ],
    ),
    NOW - 5000,
  )
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => {
  electron.saveCalls.length = 0
  electron.errors.length = 0
})

function job(input: unknown) {
  const parsed = parseExportRequest(input, NOW)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.job
}

describe('Electron export dialog', () => {
  it('proposes a dated name in Downloads, and writes the CSV where the user chose', async () => {
    const out = join(dir, 'chosen.csv')
    electron.answer = { canceled: false, filePath: out }
    const save = createSaveExport({ db: store.db, now: () => NOW })
    const outcome = await save(job({ kind: 'usage', locale: 'en-US' }))
    expect(outcome).toEqual({ status: 'saved', path: out, rows: 1 })
    const [options] = electron.saveCalls[0] as [{ defaultPath: string; filters: unknown }]
    expect(options.defaultPath).toMatch(
      new RegExp(`^${electron.downloads.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/license-usage-2026-11-2\\d\\.csv$`),
    )
    expect(options.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }])
    const text = readFileSync(out, 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expect(text.split('\r\n')[1]).toContain(',srv-01,1,4D Client,2,10,8,')
  })

  it('a capacity export is saved with the user groups of the saved capacity settings', async () => {
    // A second poll with the same two licenses: they have now been held for 3 s.
    store.record(
      snapshot(
        [{ name: 'A', machine: 'srv-01' }],
        [
          { server: 'A', token: 1 },
          { server: 'A', token: 2 },
        ],
      ),
      NOW - 2000,
    )
    const out = join(dir, 'groups.csv')
    electron.answer = { canceled: false, filePath: out }
    const save = createSaveExport({
      db: store.db,
      now: () => NOW,
      capacitySettings: () => ({ margin: 3, groups: [{ name: 'Everyone', patterns: ['*'] }] }),
    })
    const outcome = await save(job({ kind: 'capacity-groups', locale: 'en-US' }))
    expect(outcome).toMatchObject({ status: 'saved', path: out, rows: 1 })
    const [options] = electron.saveCalls[0] as [{ defaultPath: string }]
    expect(options.defaultPath).toMatch(/capacity-groups-2026-11-2\d\.csv$/)
    expect(readFileSync(out, 'utf8').split('\r\n')[1]).toMatch(/^srv-01,1,4D Client,Everyone,/)
  })

  it('makes the dialog modal on the window when there is one', async () => {
    electron.answer = { canceled: true, filePath: undefined }
    const window = { id: 7 }
    await createSaveExport({ db: store.db, window: () => window as never })(job({ kind: 'licenses' }))
    expect(electron.saveCalls[0]![0]).toBe(window)
  })

  it('a cancelled dialog writes nothing', async () => {
    electron.answer = { canceled: true, filePath: join(dir, 'never.csv') }
    const before = readdirSync(dir).sort()
    const outcome = await createSaveExport({ db: store.db })(job({ kind: 'usage' }))
    expect(outcome).toEqual({ status: 'cancelled' })
    expect(existsSync(join(dir, 'never.csv'))).toBe(false)
    expect(readdirSync(dir).sort()).toEqual(before)
  })

  it('the tray exports usage in the system locale (pt-BR: ";", decimal comma, Portuguese column names)', async () => {
    const out = join(dir, 'tray.csv')
    electron.answer = { canceled: false, filePath: out }
    const outcome = await exportUsageFromTray(createSaveExport({ db: store.db }), () => NOW)
    expect(outcome).toEqual({ status: 'saved', path: out, rows: 1 })
    const [header, row] = readFileSync(out, 'utf8').split('\r\n')
    expect(row).toContain(';srv-01;1;4D Client;2;10;8;20,0;')
    expect(header).toContain(';Máquina;Id do produto;Produto;Em uso;Limite;Restantes;Utilização %;Situação;')
  })

  it('the tray shows a failed export in an error box instead of throwing', async () => {
    electron.answer = { canceled: false, filePath: join(dir, 'missing-folder', 'x.csv') }
    const outcome = await exportUsageFromTray(createSaveExport({ db: store.db }), () => NOW)
    expect(outcome).toBeNull()
    expect(electron.errors).toHaveLength(1)
    expect(electron.errors[0]![0]).toBe('The usage export failed')
    expect(electron.errors[0]![1]).toMatch(/^The CSV export to .*x\.csv failed after \d+ rows? and was not written: ENOENT/)
  })
})

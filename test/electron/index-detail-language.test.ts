// The Electron entry on a Brazilian Portuguese system (electron mocked;
// settings, desktop preferences, history and simulator real) meeting three
// broken files at start: each start-up warning's detail, not only its title,
// is said in Portuguese, naming the file and where it was moved.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeTray, electronMock } = await import('./electron-mock.ts')
const userData = mkdtempSync(join(tmpdir(), 'lm-electron-details-'))
electronMock.app.userData = userData
electronMock.app.preferredLanguages = ['pt-BR', 'en-US']
const settingsFile = join(userData, 'settings.json')
const desktopFile = join(userData, 'desktop.json')
// No server saved (the settings are unreadable): the demo workspace opens its history in <data>/demo.
const historyFile = join(userData, 'demo', 'history.sqlite')
writeFileSync(settingsFile, '{"servers": [{"name": "Contabilidade", "token": "plain-token-1"')
writeFileSync(desktopFile, '{"startAtLogin": "sim"}')
mkdirSync(join(userData, 'demo'))
writeFileSync(historyFile, 'isto não é sqlite '.repeat(300))
await import('../../main/electron/index.ts')

afterAll(() => {
  electronMock.app.preferredLanguages = ['en-US']
  rmSync(userData, { recursive: true, force: true })
})

type Shown = { message?: string; detail?: string }

describe('Electron entry on a pt-BR system with broken files', () => {
  it('says each start-up warning’s detail in Portuguese, naming the file and its backup', async () => {
    await expect.poll(() => FakeTray.instances.length, { timeout: 15_000 }).toBe(1)
    const shown = electronMock.dialog.shown as Shown[]
    expect(shown.map((dialog) => dialog.message)).toEqual([
      'Não foi possível ler suas configurações',
      'Não foi possível ler as preferências do aplicativo para desktop',
      'O histórico local teve um problema',
    ])
    const settingsBackup = readdirSync(userData).find((name) => name.startsWith('settings.json.corrupt-'))
    expect(settingsBackup).toBeDefined()
    expect(shown[0]!.detail).toBe(
      `Não foi possível ler o arquivo de configurações ${settingsFile} (não é um JSON válido); ` +
        `ele foi movido para ${join(userData, settingsBackup!)} e as configurações padrão estão em uso.`,
    )
    expect(shown[1]!.detail).toBe(
      `Não foi possível usar as preferências do aplicativo para desktop em ${desktopFile} ("startAtLogin" não é true nem false); ` +
        'iniciar com o sistema e o listener de métricas ficam desativados até você escolher de novo.',
    )
    const historyBackup = readdirSync(join(userData, 'demo')).find((name) => /^history-damaged-.*\.sqlite$/.test(name))
    expect(historyBackup).toBeDefined()
    // SQLite's own reason stays as SQLite wrote it; the sentence around it is Portuguese.
    expect(shown[2]!.detail).toBe(
      `O arquivo de histórico ${historyFile} estava danificado (file is not a database), por isso foi movido para ` +
        `${join(userData, 'demo', historyBackup!)} e um novo histórico, vazio, foi iniciado.`,
    )
    expect(JSON.stringify(shown)).not.toContain('plain-token-1')
  })

  it('quits as usual', async () => {
    expect(electronMock.app.emitPreventable('will-quit')).toBe(true)
    await expect.poll(() => electronMock.app.quitCalls, { timeout: 10_000 }).toBe(1)
  })
})

// The Electron entry on a Brazilian Portuguese system (electron mocked;
// settings, history and simulator real): the start-up warnings are titled in
// Portuguese and the upgrade's note about a token it could not keep is said in
// Portuguese too; the tray's CSV export asks where to save in Portuguese.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeTray, electronMock } = await import('./electron-mock.ts')
const userData = mkdtempSync(join(tmpdir(), 'lm-electron-language-'))
electronMock.app.userData = userData
electronMock.app.downloads = join(userData, 'Downloads')
electronMock.app.preferredLanguages = ['pt-BR', 'en-US']
// No keychain: the version-1 file's plaintext token cannot be carried over.
electronMock.safeStorage.available = false
writeFileSync(
  join(userData, 'settings.json'),
  JSON.stringify({
    servers: [{ name: 'Contabilidade', url: 'http://127.0.0.1:9/licencas', kind: 'http-json', token: 'plain-token-1' }],
    alerts: { warning: { utilizationPercent: 500 } },
  }),
)
await import('../../main/electron/index.ts')

afterAll(() => {
  electronMock.safeStorage.available = true
  electronMock.app.preferredLanguages = ['en-US']
  rmSync(userData, { recursive: true, force: true })
})

type Shown = { message?: string; detail?: string }

describe('Electron entry on a pt-BR system', () => {
  it('titles the start-up warnings in Portuguese and says the upgrade’s note in Portuguese', async () => {
    await expect.poll(() => FakeTray.instances.length, { timeout: 15_000 }).toBe(1)
    const shown = electronMock.dialog.shown as Shown[]
    expect(shown.map((dialog) => dialog.message)).toEqual([
      'Suas configurações foram atualizadas',
      'Não foi possível usar suas configurações de alerta',
    ])
    expect(shown[0]!.detail).toBe(
      'Não foi possível manter o token do servidor "Contabilidade": este sistema não consegue criptografar segredos. ' +
        'Informe-o novamente quando houver um chaveiro disponível.',
    )
    expect(JSON.stringify(shown)).not.toContain('plain-token-1')
  })

  it('asks where to save the tray’s CSV export in Portuguese', async () => {
    const exportItem = FakeTray.instances[0]!.menu!.items.find((item) => item.label === 'Exportar uso (CSV)…')
    expect(exportItem).toBeDefined()
    exportItem!.click!()
    await expect.poll(() => electronMock.dialog.shown.length).toBe(3)
    const [options] = (electronMock.dialog.shown.at(-1) as unknown[]).slice(-1) as [{ title: string }]
    expect(options.title).toBe('Exportar CSV')
  })

  it('quits as usual', async () => {
    expect(electronMock.app.emitPreventable('will-quit')).toBe(true)
    await expect.poll(() => electronMock.app.quitCalls, { timeout: 10_000 }).toBe(1)
  })
})

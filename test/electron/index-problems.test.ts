// The Electron entry shows the composition root's problems as dialogs titled
// by topic: unusable alert thresholds, and a damaged demo history moved aside
// at start. Electron mocked; settings, history and simulator real.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeTray, electronMock } = await import('./electron-mock.ts')
const userData = mkdtempSync(join(tmpdir(), 'lm-electron-problems-'))
electronMock.app.userData = userData
writeFileSync(join(userData, 'settings.json'), JSON.stringify({ alerts: { warning: { utilizationPercent: 500 } } }))
mkdirSync(join(userData, 'demo'))
writeFileSync(join(userData, 'demo', 'history.sqlite'), 'not a database, but longer than a header would be'.repeat(100))
await import('../../main/electron/index.ts')

afterAll(() => rmSync(userData, { recursive: true, force: true }))

describe('Electron entry: problems at start', () => {
  it('shows one dialog per problem, titled by its topic, and still starts', async () => {
    await expect.poll(() => FakeTray.instances.length, { timeout: 15_000 }).toBe(1)
    const shown = electronMock.dialog.shown as Array<{ message: string; detail: string }>
    expect(shown.map((dialog) => dialog.message)).toEqual(['Your alert settings could not be used', 'The local history had a problem'])
    expect(shown[0]!.detail).toMatch(/utilizationPercent|warning/)
    expect(shown[1]!.detail).toContain(join(userData, 'demo', 'history.sqlite'))
    expect(shown[1]!.detail).toMatch(/moved to .*history-damaged-/)
    expect(readdirSync(join(userData, 'demo')).some((name) => name.startsWith('history-damaged-'))).toBe(true)
    expect(existsSync(join(userData, 'demo', 'history.sqlite'))).toBe(true)
  })

  it('quits as usual', async () => {
    expect(electronMock.app.emitPreventable('will-quit')).toBe(true)
    await expect.poll(() => electronMock.app.quitCalls, { timeout: 10_000 }).toBe(1)
    expect(FakeTray.instances[0]!.destroyed).toBe(true)
  })
})

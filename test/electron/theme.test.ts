import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { setupTheme } = await import('../../main/electron/theme.ts')
const { openAppearance } = await import('../../main/core/appearance/appearance-file.ts')

beforeEach(() => resetElectronMock())

it('sets nativeTheme.themeSource from the saved choice at start, then from each new choice, and stops when asked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lm-theme-'))
  writeFileSync(join(dir, 'appearance.json'), JSON.stringify({ theme: 'dark' }))
  const appearance = openAppearance(dir)
  const stop = setupTheme(appearance)
  expect(electronMock.nativeTheme.sources).toEqual(['dark'])
  appearance.setTheme('light')
  appearance.setTheme('system')
  expect(electronMock.nativeTheme.sources).toEqual(['dark', 'light', 'system'])
  stop()
  appearance.setTheme('dark')
  expect(electronMock.nativeTheme.sources).toEqual(['dark', 'light', 'system'])
  // The choice persists for the next start, whatever the glue does.
  expect(JSON.parse(readFileSync(join(dir, 'appearance.json'), 'utf8'))).toEqual({ theme: 'dark' })
  expect(openAppearance(dir).view()).toEqual({ theme: 'dark', language: 'system', problem: null })
})

it('starts on "system" with a sentence when the saved file is not usable, and keeps the file aside', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lm-theme-'))
  writeFileSync(join(dir, 'appearance.json'), JSON.stringify({ theme: 'purple' }))
  const appearance = openAppearance(dir)
  expect(appearance.view().theme).toBe('system')
  expect(appearance.view().problem).toContain('"theme" is not "system", "light" or "dark"')
  expect(existsSync(join(dir, 'appearance.json.broken'))).toBe(true)
  setupTheme(appearance)
  expect(electronMock.nativeTheme.sources).toEqual(['system'])
})

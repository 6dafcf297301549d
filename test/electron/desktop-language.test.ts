// The desktop side follows the language chosen in the page (issue 20): the
// choice is kept in appearance.json across a restart (a real file, electron
// mocked), the tray's menu and tooltip are re-worded the moment it changes,
// and "system" goes back to the OS's languages.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FixtureSnapshotSource } from './fixture-snapshot-source.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeTray, resetElectronMock } = await import('./electron-mock.ts')
const { setupTray } = await import('../../main/electron/tray.ts')
const { setupDesktopLanguage } = await import('../../main/electron/desktop-language.ts')
const { fixed } = await import('../../main/electron/tray-text.ts')
const { LANGUAGE_CHOICES, openAppearance } = await import('../../main/core/appearance/appearance-file.ts')
const { LANGUAGES } = await import('../../renderer/src/i18n/catalogue.ts')

class TrayFixture extends FixtureSnapshotSource {
  snooze(): string | null {
    return null
  }
  async pause(): Promise<void> {}
  resume(): void {}
  isPaused(): boolean {
    return false
  }
}

beforeEach(() => resetElectronMock())

const dataDir = () => mkdtempSync(join(tmpdir(), 'lm-language-'))
const labels = (tray: InstanceType<typeof FakeTray>): string[] => tray.menu!.items.flatMap((item) => (item.label ? [item.label] : []))

describe('the desktop language', () => {
  it('saves exactly the catalogue’s languages, or "system"', () => {
    expect(LANGUAGE_CHOICES).toEqual(['system', ...LANGUAGES])
  })

  it('keeps the chosen language in appearance.json beside the theme, across a restart', () => {
    const dir = dataDir()
    const first = openAppearance(dir)
    first.setTheme('dark')
    expect(first.setLanguage('de')).toEqual({ theme: 'dark', language: 'de', problem: null })
    expect(JSON.parse(readFileSync(join(dir, 'appearance.json'), 'utf8'))).toEqual({ theme: 'dark', language: 'de' })
    const restarted = openAppearance(dir)
    expect(restarted.view()).toEqual({ theme: 'dark', language: 'de', problem: null })
    const language = setupDesktopLanguage(restarted, () => ['en-US'])
    expect(language.say(fixed('tray.menu.quit'), 'Quit')).toBe('Beenden')
  })

  it('reads a file from before the language was kept as "system", and refuses an unknown language with a sentence', () => {
    const old = dataDir()
    writeFileSync(join(old, 'appearance.json'), JSON.stringify({ theme: 'light' }))
    expect(openAppearance(old).view()).toEqual({ theme: 'light', language: 'system', problem: null })
    const odd = dataDir()
    writeFileSync(join(odd, 'appearance.json'), JSON.stringify({ theme: 'light', language: 'klingon' }))
    const view = openAppearance(odd).view()
    expect(view.language).toBe('system')
    expect(view.problem).toContain('"language" is not one of "system", "en", "pt-BR", "fr", "es", "de", "ja"')
  })

  it('re-words the tray at once when the page picks another language, and follows the OS again on "system"', () => {
    const appearance = openAppearance(dataDir())
    const language = setupDesktopLanguage(appearance, () => ['ja-JP'])
    const stop = setupTray(new TrayFixture(), {
      open: vi.fn(),
      quit: vi.fn(),
      say: language.say,
      onLanguageChange: (listener) => language.onChange(listener),
    })
    const tray = FakeTray.instances[0]!
    expect(labels(tray)[0]).toBe('ウィンドウを開く')
    appearance.setLanguage('fr')
    expect(labels(tray)[0]).toBe('Ouvrir la fenêtre')
    expect(labels(tray)).toContain('Quitter')
    expect(tray.tooltip).not.toBe('')
    appearance.setLanguage('system')
    expect(labels(tray)[0]).toBe('ウィンドウを開く')
    stop()
    language.stop()
    appearance.setLanguage('de')
    expect(labels(tray)[0]).toBe('ウィンドウを開く')
  })
})

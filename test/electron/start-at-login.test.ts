import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { APP_ID } from '../../main/app/app-id.ts'
import { isAutostartEnabled } from '../../main/app/autostart-linux.ts'
import { openDesktopSettings } from '../../main/app/desktop-settings.ts'
import type { ServerPersistence } from '../../main/core/servers/persistence.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { askStartAtLogin, offerStartAtLoginOnFirstServer, reapplyStartAtLogin, setupStartAtLogin, startedHidden } =
  await import('../../main/electron/start-at-login.ts')

let dir: string
beforeEach(() => {
  resetElectronMock()
  dir = mkdtempSync(join(tmpdir(), 'start-at-login-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('Windows and macOS: the login item', () => {
  it.each(['win32', 'darwin'] as const)('%s: turns it on with the --hidden switch, and off again, saving the choice', (platform) => {
    const settings = openDesktopSettings(dir)
    const login = setupStartAtLogin({ settings, platform })
    login.set(true)
    expect(electronMock.app.loginItemCalls).toEqual([{ openAtLogin: true, args: ['--hidden'] }])
    expect(openDesktopSettings(dir).read().startAtLogin).toBe(true)
    login.set(false)
    expect(electronMock.app.loginItemCalls.at(-1)).toEqual({ openAtLogin: false, args: ['--hidden'] })
    expect(login.enabled()).toBe(false)
  })
})

describe('Linux: the XDG autostart entry (real files)', () => {
  it('writes the entry starting the AppImage hidden, and removes it', () => {
    const autostart = join(dir, 'autostart')
    const login = setupStartAtLogin({
      settings: openDesktopSettings(dir),
      platform: 'linux',
      autostartDir: autostart,
      env: { APPIMAGE: '/home/ana/Apps/4D License Monitor.AppImage' },
    })
    login.set(true)
    const text = readFileSync(join(autostart, `${APP_ID}.desktop`), 'utf8')
    expect(text).toContain('Exec="/home/ana/Apps/4D License Monitor.AppImage" --hidden\n')
    expect(electronMock.app.loginItemCalls).toEqual([])
    login.set(false)
    expect(isAutostartEnabled(autostart, APP_ID)).toBe(false)
  })

  it('says why when the entry cannot be written, and keeps the saved choice unchanged', () => {
    // A file where the folder should be: mkdir fails.
    const login = setupStartAtLogin({
      settings: openDesktopSettings(dir),
      platform: 'linux',
      autostartDir: join(dir, 'desktop.json', 'autostart'),
      env: {},
    })
    openDesktopSettings(dir).update({})
    expect(() => login.set(true)).toThrow(/^Start at login could not be turned on: /)
    expect(login.enabled()).toBe(false)
  })

  it('re-applies the saved choice at start, so a deleted entry comes back', () => {
    const autostart = join(dir, 'autostart')
    openDesktopSettings(dir).update({ startAtLogin: true })
    const login = setupStartAtLogin({ settings: openDesktopSettings(dir), platform: 'linux', autostartDir: autostart, env: {} })
    expect(isAutostartEnabled(autostart, APP_ID)).toBe(false)
    expect(reapplyStartAtLogin(login)).toBeNull()
    expect(isAutostartEnabled(autostart, APP_ID)).toBe(true)
  })
})

describe('starting hidden', () => {
  it('honours --hidden on every platform', () => {
    expect(startedHidden(['/app', '--hidden'], 'linux')).toBe(true)
    expect(startedHidden(['/app'], 'win32')).toBe(false)
  })
  it('on macOS, reads wasOpenedAtLogin from the login item', () => {
    expect(startedHidden(['/app'], 'darwin')).toBe(false)
    electronMock.app.loginItem = { openAtLogin: true, wasOpenedAtLogin: true }
    expect(startedHidden(['/app'], 'darwin')).toBe(true)
  })
})

describe('the first-run question', () => {
  function persistence(): ServerPersistence & { written: number } {
    const base = {
      written: 0,
      secretInput: 'value',
      write() {
        base.written++
      },
    }
    return base as unknown as ServerPersistence & { written: number }
  }

  it('is asked once, when a save first lists a server, after the list is saved', () => {
    const settings = openDesktopSettings(dir)
    const base = persistence()
    const offers: number[] = []
    const wrapped = offerStartAtLoginOnFirstServer(
      base,
      () => {
        offers.push(base.written)
        settings.update({ startAtLoginOffered: true })
      },
      () => settings.read().startAtLoginOffered,
    )
    wrapped.write([], new Map())
    expect(offers).toEqual([])
    wrapped.write([{ id: 'a' } as never], new Map())
    wrapped.write([{ id: 'a' } as never, { id: 'b' } as never], new Map())
    expect(offers).toEqual([2])
    expect(wrapped.secretInput).toBe('value')
  })

  it('turns start at login on only for "Start at login", and remembers that it asked either way', async () => {
    const settings = openDesktopSettings(dir)
    const login = setupStartAtLogin({ settings, platform: 'win32' })
    await askStartAtLogin(login, settings)
    // The mock dialog answers 0: the first button.
    expect(electronMock.dialog.shown).toHaveLength(1)
    expect(
      (electronMock.dialog.shown[0] as { buttons: string[]; defaultId: number }).buttons[
        (electronMock.dialog.shown[0] as { defaultId: number }).defaultId
      ],
    ).toBe('Not now')
    expect(openDesktopSettings(dir).read()).toMatchObject({ startAtLogin: true, startAtLoginOffered: true })
  })
})

import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { createMainWindow, setupWindow } = await import('../../main/electron/window.ts')
const { PRELOAD_PATH, RENDERER_DIR, RENDERER_URL } = await import('../../main/electron/app-paths.ts')
const { ownWindows } = await import('../../main/electron/own-windows.ts')

beforeEach(() => resetElectronMock())

function onlyWindow(): InstanceType<typeof FakeBrowserWindow> {
  expect(FakeBrowserWindow.instances).toHaveLength(1)
  return FakeBrowserWindow.instances[0]!
}

describe('main window', () => {
  it('is created with exactly the required webPreferences', () => {
    createMainWindow(() => false)
    expect(onlyWindow().options.webPreferences).toEqual({
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    })
    const preferences = onlyWindow().options.webPreferences as Record<string, unknown>
    expect(preferences).not.toHaveProperty('enableBlinkFeatures')
    expect(preferences).not.toHaveProperty('enableRemoteModule')
    expect(PRELOAD_PATH.endsWith('/preload/index.cjs')).toBe(true)
  })

  it('loads the renderer from app://renderer (not file://) and is one of our windows', () => {
    const window = createMainWindow(() => false)
    expect(onlyWindow().loadedUrl).toBe('app://renderer/index.html')
    expect(onlyWindow().loadedFile).toBeNull()
    expect(RENDERER_URL).toBe('app://renderer/index.html')
    expect(ownWindows()).toContain(window)
  })

  it('prevents navigation and redirects to file://, other app hosts, look-alikes and http(s)', () => {
    createMainWindow(() => false)
    const contents = onlyWindow().webContents
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8470/',
      'https://developer.4d.com/',
      pathToFileURL('/etc/passwd').href,
      pathToFileURL(`${RENDERER_DIR}/index.html`).href,
      'app://other/index.html',
      'app://renderer.evil/index.html',
      'app://evil@renderer/index.html',
      'app://renderer:8080/index.html',
      'app:///index.html',
      'app:renderer/index.html',
      'apps://renderer/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
    ]) {
      expect(contents.navigate(url), url).toBe(true)
      expect(contents.navigate(url, 'will-redirect'), url).toBe(true)
    }
    for (const url of [RENDERER_URL, `${RENDERER_URL}#/servers`, 'app://renderer/index.html?view=table']) {
      expect(contents.navigate(url), url).toBe(false)
      expect(contents.navigate(url, 'will-redirect'), url).toBe(false)
    }
  })

  it('denies every new window; only allow-listed documentation links go to the browser', () => {
    createMainWindow(() => false)
    const handler = onlyWindow().webContents.windowOpenHandler!
    for (const url of [
      'https://developer.4d.com/docs/commands/license-usage',
      'http://developer.4d.com/',
      'https://developer.4d.com.evil.example/',
      'https://user@developer.4d.com/',
      'http://example.com/',
      'file:///etc/passwd',
      'app://renderer/index.html',
      'javascript:alert(1)',
      'smb://server/share',
    ]) {
      expect(handler({ url }), url).toEqual({ action: 'deny' })
    }
    expect(electronMock.shell.opened).toEqual(['https://developer.4d.com/docs/commands/license-usage'])
  })

  it('denies every permission request and check', () => {
    createMainWindow(() => false)
    const session = onlyWindow().webContents.session
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      session.permissionRequestHandler!(null, permission, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
      expect(session.permissionCheckHandler!(null, permission, 'app://renderer', {})).toBe(false)
    }
  })

  it('refuses to attach a webview', () => {
    createMainWindow(() => false)
    let prevented = false
    onlyWindow().webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })

  it('hides instead of closing, unless the app is quitting', () => {
    let quitting = false
    createMainWindow(() => quitting)
    const window = onlyWindow()
    window.show()
    expect(window.close()).toBe(true)
    expect(window.visible).toBe(false)
    expect(window.isDestroyed()).toBe(false)
    quitting = true
    expect(window.close()).toBe(false)
    expect(window.isDestroyed()).toBe(true)
    expect(ownWindows()).not.toContain(window)
  })

  it('shows itself when ready, and show() brings back a destroyed window', () => {
    const main = setupWindow(() => false)
    const first = onlyWindow()
    first.emit('ready-to-show')
    expect(first.visible).toBe(true)
    first.destroy()
    main.show()
    expect(FakeBrowserWindow.instances).toHaveLength(2)
    const second = FakeBrowserWindow.instances[1]!
    expect(main.current()).toBe(second)
    expect(second.visible).toBe(true)
    expect(second.focused).toBe(1)
  })
})

import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { createMainWindow, setupWindow } = await import('../../main/electron/window.ts')
const { PRELOAD_PATH, RENDERER_HTML_PATH } = await import('../../main/electron/app-paths.ts')
const { isAllowedExternalLink } = await import('../../main/electron/navigation.ts')
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
    })
    expect(PRELOAD_PATH.endsWith('/preload/index.cjs')).toBe(true)
  })

  it('loads the built renderer from a file and is one of our windows', () => {
    const window = createMainWindow(() => false)
    expect(onlyWindow().loadedFile).toBe(RENDERER_HTML_PATH)
    expect(RENDERER_HTML_PATH.endsWith('/renderer/index.html')).toBe(true)
    expect(ownWindows()).toContain(window)
  })

  it('prevents navigation to other origins, other files and look-alike paths', () => {
    createMainWindow(() => false)
    const contents = onlyWindow().webContents
    const own = pathToFileURL(RENDERER_HTML_PATH)
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8470/',
      pathToFileURL('/etc/passwd').href,
      own.href + '.evil',
      own.href.replace('index.html', 'other.html'),
      own.href.replace('/index.html', '/../index.html').replace('file://', 'file://evil.host'),
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(contents.navigate(url), url).toBe(true)
      expect(contents.navigate(url, 'will-redirect'), url).toBe(true)
    }
    expect(contents.navigate(own.href)).toBe(false)
    expect(contents.navigate(own.href + '#/servers')).toBe(false)
  })

  it('denies every new window and opens no external link while the allow-list is empty', () => {
    createMainWindow(() => false)
    const handler = onlyWindow().webContents.windowOpenHandler!
    for (const url of ['https://developer.4d.com/', 'http://example.com/', 'file:///etc/passwd']) {
      expect(handler({ url })).toEqual({ action: 'deny' })
    }
    expect(electronMock.shell.opened).toEqual([])
  })

  it('allows only http(s) links from the allow-list as external links', () => {
    const list = ['https://developer.4d.com']
    expect(isAllowedExternalLink('https://developer.4d.com/docs/commands/license-usage', list)).toBe(true)
    expect(isAllowedExternalLink('https://developer.4d.com.evil.example/', list)).toBe(false)
    expect(isAllowedExternalLink('http://developer.4d.com/', list)).toBe(false)
    expect(isAllowedExternalLink('file:///etc/passwd', ['file://'])).toBe(false)
    expect(isAllowedExternalLink('garbage', list)).toBe(false)
  })

  it('denies every permission request and check', () => {
    createMainWindow(() => false)
    const session = onlyWindow().webContents.session
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      session.permissionRequestHandler!(null, permission, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
      expect(session.permissionCheckHandler!(null, permission, 'file://', {})).toBe(false)
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

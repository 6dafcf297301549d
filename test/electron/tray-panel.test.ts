import { beforeEach, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { PANEL_URL, setupTrayPanel } = await import('../../main/electron/tray-panel.ts')
const { PRELOAD_PATH } = await import('../../main/electron/app-paths.ts')
const { isOwnWebContents } = await import('../../main/electron/own-windows.ts')
const { panelPosition } = await import('../../main/electron/panel-position.ts')

let opened = 0
let quitting = false
beforeEach(() => {
  resetElectronMock()
  opened = 0
  quitting = false
})

function setUp() {
  return setupTrayPanel({ openMainWindow: () => opened++, isQuitting: () => quitting })
}

function onlyWindow(): InstanceType<typeof FakeBrowserWindow> {
  expect(FakeBrowserWindow.instances).toHaveLength(1)
  return FakeBrowserWindow.instances[0]!
}

const TRAY = { x: 1500, y: 1044, width: 32, height: 32 }

it('opens a 360 x 440 frameless, sandboxed window at #/panel beside the tray, and a second click hides it', () => {
  const panel = setUp()
  expect(FakeBrowserWindow.instances).toHaveLength(0)
  panel.toggle(TRAY)
  const window = onlyWindow()
  expect(window.options).toMatchObject({ width: 360, height: 440, frame: false, skipTaskbar: true, show: false })
  expect(window.options.webPreferences).toMatchObject({
    preload: PRELOAD_PATH,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
  })
  expect(window.loadedUrl).toBe(PANEL_URL)
  expect(window.position).toEqual(Object.values(panelPosition(TRAY, electronMock.screen.workArea, { width: 360, height: 440 })))
  expect(window.visible).toBe(true)
  // Its IPC calls are accepted: it is one of our windows.
  expect(isOwnWebContents(window.webContents as never)).toBe(true)
  panel.toggle(TRAY)
  expect(window.visible).toBe(false)
  panel.toggle(TRAY)
  expect(window.visible).toBe(true)
  expect(FakeBrowserWindow.instances).toHaveLength(1)
})

it('uses the cursor when the tray gives empty bounds (many Linux trays)', () => {
  electronMock.screen.cursor = { x: 1900, y: 1030 }
  setUp().toggle({ x: 0, y: 0, width: 0, height: 0 })
  // Left of and above the click point: toward the middle of the screen.
  expect(onlyWindow().position).toEqual([1900 - 360 - 4, 1030 - 440 - 4])
})

it('hides on blur and turns Escape (window.close()) into a hide, but closes when quitting', () => {
  setUp().toggle(TRAY)
  const window = onlyWindow()
  window.emit('blur')
  expect(window.visible).toBe(false)
  window.show()
  expect(window.close()).toBe(true)
  expect(window.visible).toBe(false)
  expect(window.destroyed).toBe(false)
  quitting = true
  expect(window.close()).toBe(false)
  expect(window.destroyed).toBe(true)
})

it('"Open the full window" (leaving the panel route) opens the main window and puts the panel back on its route', () => {
  setUp().toggle(TRAY)
  const window = onlyWindow()
  window.webContents.emit('did-navigate-in-page', {}, PANEL_URL)
  expect(opened).toBe(0)
  window.webContents.emit('did-navigate-in-page', {}, PANEL_URL.replace('#/panel', '#/'))
  expect(opened).toBe(1)
  expect(window.visible).toBe(false)
  expect(window.loadedUrl).toBe(PANEL_URL)
})

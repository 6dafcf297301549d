// A stand-in for the `electron` module (the binary cannot run here): just
// enough of BrowserWindow, WebContents, ipcMain, Tray, Menu, nativeImage,
// app, shell and session for the glue to run, recording what it was asked.
// Used only through vi.mock('electron', ...).
import { EventEmitter } from 'node:events'
import type { SafeStorage } from 'electron'
import { pathToFileURL } from 'node:url'

export type ProtocolHandler = (request: Request) => Response | Promise<Response>

export class FakeSession {
  permissionRequestHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null = null
  permissionCheckHandler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler
  }
}

export interface FakeFrame {
  url: string
  parent: FakeFrame | null
}

let nextContentsId = 1

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++
  readonly session = new FakeSession()
  readonly sent: Array<{ channel: string; args: unknown[] }> = []
  url = ''
  destroyed = false
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
  readonly mainFrame: FakeFrame = { url: '', parent: null }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args })
  }
  getURL(): string {
    return this.url
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Every printToPDF call's options; the answer is a small PDF naming the page that was loaded then. */
  readonly printed: Array<Record<string, unknown>> = []
  async printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    this.printed.push(options)
    return Buffer.from(`%PDF-1.7\n% printed from ${this.url}\n%%EOF\n`)
  }
  /** Emits a will-navigate the way Electron 45 does; true when the glue prevented it. */
  navigate(url: string, event = 'will-navigate'): boolean {
    let prevented = false
    this.emit(event, { url, preventDefault: () => (prevented = true) }, url)
    return prevented
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  loadedFile: string | null = null
  loadedUrl: string | null = null
  visible = false
  destroyed = false
  minimized = false
  focused = 0
  readonly options: Record<string, unknown>
  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    FakeBrowserWindow.instances.push(this)
  }
  static fromWebContents(contents: FakeWebContents): FakeBrowserWindow | null {
    return FakeBrowserWindow.instances.find((w) => w.webContents === contents) ?? null
  }
  async loadFile(path: string): Promise<void> {
    this.loadedFile = path
    this.webContents.url = pathToFileURL(path).href
    this.webContents.mainFrame.url = this.webContents.url
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    this.webContents.url = url
    this.webContents.mainFrame.url = url
  }
  position: [number, number] | null = null
  setPosition(x: number, y: number): void {
    this.position = [x, y]
  }
  isVisible(): boolean {
    return this.visible
  }
  show(): void {
    this.visible = true
  }
  hide(): void {
    this.visible = false
  }
  focus(): void {
    this.focused++
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Emits 'close' like a user closing the window; true when the glue prevented it. */
  close(): boolean {
    // Widened: the listener sets it during emit(), which TypeScript's flow analysis does not see.
    let prevented = false as boolean
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (!prevented) this.destroy()
    return prevented
  }
  destroy(): void {
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = []
  tooltip = ''
  menu: { items: Array<{ label?: string; type?: string; click?: () => void }> } | null = null
  images: FakeNativeImage[] = []
  destroyed = false
  constructor(image: FakeNativeImage) {
    super()
    this.images.push(image)
    FakeTray.instances.push(this)
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setContextMenu(menu: FakeTray['menu']): void {
    this.menu = menu
  }
  /** Menus popped up by the glue (macOS right click), in order. */
  poppedUp: Array<NonNullable<FakeTray['menu']>> = []
  popUpContextMenu(menu: NonNullable<FakeTray['menu']>): void {
    this.poppedUp.push(menu)
  }
  setImage(image: FakeNativeImage): void {
    this.images.push(image)
  }
  destroy(): void {
    this.destroyed = true
  }
}

export class FakeNativeImage {
  readonly representations: Array<{ scaleFactor: number; buffer: Buffer }> = []
  constructor(buffer: Buffer) {
    this.representations.push({ scaleFactor: 1, buffer })
  }
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void {
    this.representations.push(options)
  }
  template = false
  setTemplateImage(option: boolean): void {
    this.template = option
  }
}

/**
 * safeStorage with a reversible fake cipher: a marker, then the UTF-8 bytes
 * XORed with a key and reversed, so the plaintext (or its base64) never shows
 * in the ciphertext. The backend and availability are settable.
 */
export class FakeSafeStorage {
  static readonly MARKER = Buffer.from('FAKE1')
  available = true
  backend: ReturnType<SafeStorage['getSelectedStorageBackend']> = 'gnome_libsecret'
  encryptCalls = 0
  decryptCalls = 0
  isEncryptionAvailable(): boolean {
    return this.available
  }
  getSelectedStorageBackend(): ReturnType<SafeStorage['getSelectedStorageBackend']> {
    return this.backend
  }
  encryptString(plaintext: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.')
    this.encryptCalls++
    const bytes = Buffer.from(plaintext, 'utf8')
      .map((byte, i) => byte ^ ((0x5a + i) % 256))
      .reverse()
    return Buffer.concat([FakeSafeStorage.MARKER, bytes])
  }
  decryptString(cipher: Buffer): string {
    if (!cipher.subarray(0, FakeSafeStorage.MARKER.length).equals(FakeSafeStorage.MARKER))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    this.decryptCalls++
    const bytes = Buffer.from(cipher.subarray(FakeSafeStorage.MARKER.length)).reverse()
    return Buffer.from(bytes.map((byte, i) => byte ^ ((0x5a + i) % 256))).toString('utf8')
  }
}

export const ipcMainHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()

export const appEvents = new EventEmitter()

/** Schemes registered as privileged (in call order) and protocol handlers by scheme. */
export const protocolState = {
  privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
  handlers: new Map<string, ProtocolHandler>(),
}

export function resetElectronMock(): void {
  FakeBrowserWindow.instances = []
  FakeTray.instances = []
  ipcMainHandlers.clear()
  protocolState.handlers.clear()
  appEvents.removeAllListeners()
  powerMonitorEvents.removeAllListeners()
  electronMock.net.online = true
  electronMock.screen.cursor = { x: 0, y: 0 }
  electronMock.shell.opened.length = 0
  electronMock.dialog.shown.length = 0
  electronMock.dialog.saveAnswer = { canceled: true, filePath: undefined }
  electronMock.app.downloads = ''
  electronMock.app.quitCalls = 0
  electronMock.app.exitCodes = []
  electronMock.app.loginItemCalls = []
  electronMock.app.loginItem = { openAtLogin: false, wasOpenedAtLogin: false }
  electronMock.app.appUserModelIds = []
  electronMock.nativeTheme.themeSource = 'system'
  electronMock.nativeTheme.sources.length = 0
}

/** powerMonitor's events (suspend, resume, lock-screen, unlock-screen). */
export const powerMonitorEvents = new EventEmitter()

export const electronMock = {
  /** nativeTheme.themeSource, and every value the glue set, in order. */
  nativeTheme: {
    sources: [] as string[],
    get themeSource(): string {
      return this.sources.at(-1) ?? 'system'
    },
    set themeSource(value: string) {
      this.sources.push(value)
    },
  },
  /** One 1920 x 1080 display with a 40 px taskbar at the bottom; the cursor where a test puts it. */
  screen: {
    cursor: { x: 0, y: 0 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    getCursorScreenPoint: () => electronMock.screen.cursor,
    getDisplayNearestPoint: () => ({ workArea: electronMock.screen.workArea }),
  },
  powerMonitor: {
    on: (event: string, listener: (...args: unknown[]) => void) => powerMonitorEvents.on(event, listener),
    off: (event: string, listener: (...args: unknown[]) => void) => powerMonitorEvents.off(event, listener),
  },
  /** net.isOnline() answers `online`. */
  net: {
    online: true,
    isOnline: () => electronMock.net.online,
  },
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: { buildFromTemplate: (items: unknown[]) => ({ items }) },
  nativeImage: { createFromBuffer: (buffer: Buffer) => new FakeNativeImage(buffer) },
  ipcMain: {
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
      if (ipcMainHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      ipcMainHandlers.set(channel, handler)
    },
    removeHandler: (channel: string) => ipcMainHandlers.delete(channel),
    on: () => undefined,
  },
  protocol: {
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) {
      protocolState.privileged.push(...schemes)
    },
    handle(scheme: string, handler: ProtocolHandler) {
      if (protocolState.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`)
      protocolState.handlers.set(scheme, handler)
    },
    unhandle: (scheme: string) => protocolState.handlers.delete(scheme),
  },
  shell: {
    opened: [] as string[],
    async openExternal(url: string): Promise<void> {
      electronMock.shell.opened.push(url)
    },
  },
  session: { defaultSession: new FakeSession() },
  safeStorage: new FakeSafeStorage(),
  dialog: {
    shown: [] as unknown[],
    async showMessageBox(options: unknown): Promise<{ response: number }> {
      electronMock.dialog.shown.push(options)
      return { response: 0 }
    },
    showErrorBox(title: string, content: string): void {
      electronMock.dialog.shown.push({ title, content })
    },
    /** What the next save dialog answers; every call's arguments are kept in `shown`. */
    saveAnswer: { canceled: true, filePath: undefined as string | undefined },
    async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string | undefined }> {
      electronMock.dialog.shown.push(args)
      return electronMock.dialog.saveAnswer
    },
  },
  app: {
    userData: '',
    /** Set by tests of the save dialogs; empty: getPath('downloads') throws, as an unexpected call. */
    downloads: '',
    getPath(name: string) {
      if (name === 'downloads' && electronMock.app.downloads !== '') return electronMock.app.downloads
      if (name !== 'userData') throw new Error(`unexpected app.getPath(${name})`)
      return electronMock.app.userData
    },
    getVersion: () => '0.1.0',
    /** The OS languages, most preferred first (the tray and notifications speak the first one the app has). */
    preferredLanguages: ['en-US'] as string[],
    getPreferredSystemLanguages: () => electronMock.app.preferredLanguages,
    getLocale: () => electronMock.app.preferredLanguages[0] ?? 'en-US',
    getName: () => '4D License Monitor',
    isPackaged: true,
    getAppPath: () => '/opt/app/resources/app.asar',
    /** Every setLoginItemSettings call, in order; getLoginItemSettings answers with loginItem. */
    loginItemCalls: [] as Array<Record<string, unknown>>,
    loginItem: { openAtLogin: false, wasOpenedAtLogin: false },
    setLoginItemSettings(settings: Record<string, unknown>) {
      electronMock.app.loginItemCalls.push(settings)
    },
    getLoginItemSettings: () => electronMock.app.loginItem,
    appUserModelIds: [] as string[],
    setAppUserModelId(id: string) {
      electronMock.app.appUserModelIds.push(id)
    },
    singleInstance: true,
    requestSingleInstanceLock: () => electronMock.app.singleInstance,
    whenReady: () => Promise.resolve(),
    // Plain counters, not vi.fn: calls made while a test file imports the entry must survive the mock clearing between tests.
    quitCalls: 0,
    exitCodes: [] as Array<number | undefined>,
    quit() {
      electronMock.app.quitCalls++
    },
    exit(code?: number) {
      electronMock.app.exitCodes.push(code)
    },
    /** Emits an app event with a preventable event object; true when a listener prevented it. */
    emitPreventable(name: string, ...args: unknown[]): boolean {
      let prevented = false
      appEvents.emit(name, { preventDefault: () => (prevented = true) }, ...args)
      return prevented
    },
    on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener),
    once: (event: string, listener: (...args: unknown[]) => void) => appEvents.once(event, listener),
  },
}

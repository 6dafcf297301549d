// The secret store with safeStorage replaced by a reversible fake cipher, on a
// real electron-store file; then a canary token through the whole Electron
// glue: settings -> monitor polling a simulator that requires it -> IPC.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { InvokeChannel } from '../../main/core/contract/contract.ts'
import { createMonitor } from '../../main/core/poll/monitor.ts'
import { serverConfigsFor } from '../../main/simulator/server-configs.ts'
import { startSimulator } from '../../main/simulator/simulator.ts'
import { errorMessageOf } from '../../main/core/util/message-error.ts'

/** What `run` threw (the test fails if it throws nothing). */
function catchError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, FakeSafeStorage, ipcMainHandlers, resetElectronMock } = await import('./electron-mock.ts')
const { createSecretStore, NO_ENCRYPTION_WARNING, NO_KEYRING_WARNING } = await import('../../main/electron/secrets.ts')
const { setupSettings } = await import('../../main/electron/settings.ts')
const { setupIpc } = await import('../../main/electron/ipc.ts')
const { createBackend } = await import('../../main/core/contract/backend.ts')
const { createMainWindow } = await import('../../main/electron/window.ts')

const CANARY = 'canary-secret-9b7e41'
let dir: string
let lines: string[]
const log = (line: string): void => void lines.push(line)

beforeEach(() => {
  resetElectronMock()
  dir = mkdtempSync(join(tmpdir(), 'lm-secrets-'))
  lines = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function openSecrets(safeStorage = new FakeSafeStorage(), platform: NodeJS.Platform = 'linux') {
  const settings = setupSettings({ cwd: dir, log, safeStorage })
  return { settings, secrets: createSecretStore(settingsStore(settings.path), safeStorage, platform), safeStorage }
}

/** A second view of the same file, as electron-store would give it (get/set of the `secrets` key). */
function settingsStore(path: string) {
  return {
    get: (key: 'secrets') => (JSON.parse(readFileSync(path, 'utf8')) as Record<string, never>)[key],
    set: (key: 'secrets', value: unknown) => {
      const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
      writeFileSync(path, JSON.stringify({ ...json, [key]: value }))
    },
  }
}

function encodings(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex'), encodeURIComponent(secret)]
}

describe('secret store', () => {
  it('keeps only base64 ciphertext on disk and gives the plaintext back', () => {
    const { settings, secrets } = openSecrets()
    secrets.set('accounting', 'token', CANARY)
    secrets.set('accounting', 'password', 'p@ss word')
    const text = readFileSync(settings.path, 'utf8')
    for (const form of encodings(CANARY)) expect(text).not.toContain(form)
    const stored = (JSON.parse(text) as { secrets: Record<string, Record<string, string>> }).secrets.accounting!
    expect(stored.token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(Buffer.from(stored.token!, 'base64').toString('utf8')).not.toContain(CANARY)
    expect(secrets.get('accounting', 'token')).toBe(CANARY)
    expect(secrets.get('accounting', 'password')).toBe('p@ss word')
    // The settings store sees the same secrets (one file).
    expect(settings.secrets.get('accounting', 'token')).toBe(CANARY)
  })

  it('says "set" / "not set", forgets one field or a whole server', () => {
    const { secrets } = openSecrets()
    expect(secrets.status('sales')).toEqual({ token: 'not set', password: 'not set' })
    expect(secrets.get('sales', 'token')).toBeNull()
    secrets.set('sales', 'token', 't')
    secrets.set('sales', 'password', 'p')
    expect(secrets.has('sales', 'token')).toBe(true)
    expect(secrets.status('sales')).toEqual({ token: 'set', password: 'set' })
    secrets.remove('sales', 'token')
    expect(secrets.status('sales')).toEqual({ token: 'not set', password: 'set' })
    secrets.remove('sales')
    expect(secrets.status('sales')).toEqual({ token: 'not set', password: 'not set' })
    secrets.remove('never-saved')
  })

  it('refuses ids and fields that are not a server secret', () => {
    const { secrets } = openSecrets()
    expect(() => secrets.set('', 'token', 'x')).toThrow(/id of a server/)
    expect(() => secrets.set('__proto__', 'token', 'x')).toThrow(/id of a server/)
    expect(() => secrets.set('a', 'username' as never, 'x')).toThrow(/"token" or a "password", not "username"/)
    expect(() => secrets.set('a', 'token', '')).toThrow(/empty/)
    expect(({} as Record<string, unknown>).token).toBeUndefined()
  })

  it('warns before saving when Linux has no keyring (basic_text), and refuses when nothing can encrypt', () => {
    const storage = new FakeSafeStorage()
    expect(openSecrets(storage).secrets.storageWarning()).toBeNull()
    storage.backend = 'basic_text'
    expect(openSecrets(storage).secrets.storageWarning()).toEqual({
      text: NO_KEYRING_WARNING,
      message: { id: 'desktop.secrets.noKeyring', params: {} },
    })
    expect(NO_KEYRING_WARNING).toMatch(/no keyring.*fixed key.*gnome-keyring, KWallet.*accept the risk/s)
    expect(openSecrets(storage, 'win32').secrets.storageWarning()).toBeNull()
    storage.available = false
    const { secrets } = openSecrets(storage)
    expect(secrets.storageWarning()?.text).toBe(NO_ENCRYPTION_WARNING)
    expect(() => secrets.set('a', 'token', CANARY)).toThrow(NO_ENCRYPTION_WARNING)
  })

  it('names the server when a saved secret can no longer be decrypted, without quoting the cipher', () => {
    const { settings, secrets } = openSecrets()
    secrets.set('accounting', 'token', CANARY)
    const other = createSecretStore(
      settingsStore(settings.path),
      Object.assign(new FakeSafeStorage(), {
        isEncryptionAvailable: () => true,
        encryptString: () => Buffer.from(''),
        decryptString: () => {
          throw new Error('bad key')
        },
      }),
    )
    expect(() => other.get('accounting', 'token')).toThrow(
      'The saved token of server "accounting" can no longer be decrypted (the keyring was changed or reset): enter it again.',
    )
    // The same sentence as a catalogue message, for whoever shows it in the user's language.
    expect(errorMessageOf(catchError(() => other.get('accounting', 'token')))).toEqual({
      id: 'desktop.secrets.undecryptableToken',
      params: { server: 'accounting' },
    })
  })
})

describe('a canary token through settings, polling and IPC', () => {
  it('polls with it, but it never reaches the settings file, console logs or anything sent to the renderer', async () => {
    const simulator = await startSimulator({ servers: 1, machines: 1, seed: 3, token: CANARY })
    const captured: string[] = []
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' '))),
    )
    const safeStorage = new FakeSafeStorage()
    const [config] = serverConfigsFor(simulator.servers())
    // The admin saved the server without its token, then typed the token into the app.
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ settingsVersion: 2, servers: [{ ...config, auth: { type: 'bearer' } }] }))
    const settings = setupSettings({ cwd: dir, safeStorage })
    settings.secrets.set(config!.id, 'token', CANARY)
    const monitor = createMonitor({ servers: settings.servers(), demo: false })
    const teardown = setupIpc(createBackend({ monitor }))
    try {
      createMainWindow(() => false)
      const window = FakeBrowserWindow.instances[0]!
      await monitor.pollNow()
      const answer = (await ipcMainHandlers.get(InvokeChannel.getSnapshot)!({
        sender: window.webContents,
        senderFrame: window.webContents.mainFrame,
      })) as {
        ok: boolean
        data: { servers: Array<{ status: string }> }
      }
      // The token really was used: the simulator answers 401 without it.
      expect(answer.ok).toBe(true)
      expect(answer.data.servers.map((s) => s.status)).toEqual(['up'])
      expect(window.webContents.sent.length).toBeGreaterThan(0)
      const toRenderer = JSON.stringify([answer, window.webContents.sent])
      const onDisk = readFileSync(settings.path, 'utf8')
      for (const form of encodings(CANARY)) {
        expect(toRenderer, form).not.toContain(form)
        expect(onDisk, form).not.toContain(form)
        expect(captured.join('\n'), form).not.toContain(form)
      }
    } finally {
      teardown()
      for (const spy of spies) spy.mockRestore()
      await monitor.stop()
      await simulator.stop()
    }
  })

  it('without the token the server is down with an authentication message that names it, not a secret', async () => {
    const simulator = await startSimulator({ servers: 1, machines: 1, seed: 3, token: CANARY })
    const [config] = serverConfigsFor(simulator.servers())
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ settingsVersion: 2, servers: [{ ...config, auth: { type: 'bearer' } }] }))
    const settings = setupSettings({ cwd: dir, log, safeStorage: new FakeSafeStorage() })
    const monitor = createMonitor({ servers: settings.servers(), demo: false })
    try {
      await monitor.pollNow()
      const [summary] = monitor.getSnapshot().servers
      expect(summary!.status).toBe('down')
      expect(summary!.lastError).toMatch(/authentication failed for .*check the token/)
      expect(lines).toEqual([`No token is saved for server "${config!.id}": it is polled without one.`])
    } finally {
      await monitor.stop()
      await simulator.stop()
    }
  })
})

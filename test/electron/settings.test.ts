import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { electronMock, FakeSafeStorage } = await import('./electron-mock.ts')
const { setupSettings } = await import('../../main/electron/settings.ts')
const { SETTINGS_VERSION } = await import('../../main/electron/settings-migrations.ts')
const { catalogueSay } = await import('../fixtures/catalogue-say.ts')

let dir: string
let lines: string[]
const log = (line: string): void => void lines.push(line)

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-settings-'))
  lines = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

// https: a token over plain http to another machine is refused by the server schema (see server-verdicts.test.ts).
const server = { name: 'Accounting', url: 'https://srv-app-01:8443/license-usage', kind: 'http-json', token: 's3cret-token' }

describe('settings', () => {
  it('defaults to no servers in Electron userData', () => {
    electronMock.app.userData = dir
    const settings = setupSettings({ log })
    expect(settings.path).toBe(join(dir, 'settings.json'))
    expect(settings.servers()).toEqual([])
    expect(settings.recovery).toBeNull()
    expect(lines).toEqual([])
  })

  it('gives servers ids from their names and the default interval and timeout', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        servers: [server, { ...server, name: 'Accounting!', intervalMs: 2000 }, { ...server, id: 'given', name: 'Sales', timeoutMs: 4500 }],
        timeoutMs: 3000,
      }),
    )
    const servers = setupSettings({ cwd: dir, log }).servers()
    expect(servers.map((s) => [s.id, s.intervalMs, s.timeoutMs])).toEqual([
      ['accounting', 5000, 3000],
      ['accounting-2', 2000, 2000],
      ['given', 5000, 4500],
    ])
  })

  for (const [name, content] of [
    ['not JSON', '{"servers": [{"name": "Accounting", "token": "s3cret-token"'],
    ['against the schema', JSON.stringify({ servers: [{ ...server, kind: 'carrier-pigeon' }] })],
    ['a wrong type', JSON.stringify({ servers: 'all of them', intervalMs: 'often', token: 's3cret-token' })],
  ] as const) {
    it(`survives a corrupt file (${name}): backs it up, uses defaults, names the file without quoting it`, () => {
      const file = join(dir, 'settings.json')
      writeFileSync(file, content)
      const settings = setupSettings({ cwd: dir, log })
      expect(settings.servers()).toEqual([])
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain(file)
      expect(lines[0]).not.toContain('s3cret-token')
      expect(settings.recovery?.text).toBe(lines[0])
      // The dialog says it from the catalogue: the same English word for word, the cause included.
      expect(catalogueSay('en')(settings.recovery?.message, '')).toBe(lines[0])
      expect(catalogueSay('fr')(settings.recovery?.message, '')).toContain(`Le fichier de réglages ${file} n'a pas pu être lu`)
      const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'))
      expect(backups).toHaveLength(1)
      expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(content)
      expect(lines[0]).toContain(join(dir, backups[0]!))
      // The next start is clean.
      lines = []
      expect(setupSettings({ cwd: dir, log }).recovery).toBeNull()
      expect(lines).toEqual([])
    })
  }
})

describe('settings migrations (settingsVersion in the file)', () => {
  const token = 'canary-token-5d1e'

  function writeSettings(value: unknown): string {
    const file = join(dir, 'settings.json')
    writeFileSync(file, JSON.stringify(value))
    return file
  }

  it('moves a version-1 plaintext token into the encrypted secrets and writes ids down', () => {
    const file = writeSettings({
      servers: [
        { ...server, token },
        { name: 'Sales', url: 'http://127.0.0.1:1/x', kind: 'rest-function' },
      ],
    })
    const safeStorage = new FakeSafeStorage()
    const settings = setupSettings({ cwd: dir, log, safeStorage })
    expect(settings.recovery).toBeNull()
    expect(settings.notices).toEqual([])
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(token)
    expect(text).not.toContain(Buffer.from(token).toString('base64'))
    const saved = JSON.parse(text) as {
      settingsVersion: number
      servers: Array<Record<string, unknown>>
      secrets: Record<string, { token?: string }>
    }
    expect(saved.settingsVersion).toBe(SETTINGS_VERSION)
    expect(saved.servers.map((s) => [s.id, s.auth])).toEqual([
      ['accounting', { type: 'bearer' }],
      ['sales', undefined],
    ])
    expect(saved.servers[0]).not.toHaveProperty('token')
    expect(Object.keys(saved.secrets)).toEqual(['accounting'])
    expect(settings.secrets.status('accounting')).toEqual({ token: 'set', password: 'not set' })
    // Decrypted only when read (a poll building its headers), not when the list is made.
    const decryptsBefore = safeStorage.decryptCalls
    const [accounting, sales] = settings.servers()
    expect(safeStorage.decryptCalls).toBe(decryptsBefore)
    expect(accounting!.auth).toEqual({ type: 'bearer', token })
    expect(safeStorage.decryptCalls).toBeGreaterThan(decryptsBefore)
    expect(sales!.auth).toBeUndefined()
    expect(lines).toEqual([])
    // The next start reads the current file as it is.
    expect(setupSettings({ cwd: dir, log, safeStorage }).servers()[0]!.auth).toEqual({ type: 'bearer', token })
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('drops a plaintext token it cannot encrypt, and says so without quoting it', () => {
    const file = writeSettings({ servers: [{ ...server, token }] })
    const safeStorage = new FakeSafeStorage()
    safeStorage.available = false
    const settings = setupSettings({ cwd: dir, log, safeStorage })
    expect(readFileSync(file, 'utf8')).not.toContain(token)
    expect(settings.notices).toEqual([
      {
        text: 'The token of server "Accounting" could not be kept: this system cannot encrypt secrets. Enter it again once a keyring is available.',
        message: { id: 'desktop.secrets.tokenNotKept', params: { server: 'Accounting' } },
      },
    ])
    expect(lines).toContain(settings.notices[0]?.text)
    expect(settings.secrets.status('accounting')).toEqual({ token: 'not set', password: 'not set' })
  })

  it('backs up a file written by a newer version and uses defaults', () => {
    const content = JSON.stringify({ settingsVersion: SETTINGS_VERSION + 1, servers: [], future: true })
    writeSettings(JSON.parse(content))
    const settings = setupSettings({ cwd: dir, log, safeStorage: new FakeSafeStorage() })
    expect(settings.recovery?.text).toMatch(/written by a newer version of 4D License Monitor/)
    const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'))
    expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(content)
  })

  it('refuses a current file that carries a plaintext secret in a server (schema), keeping it only in the backup', () => {
    const content = JSON.stringify({ settingsVersion: SETTINGS_VERSION, servers: [{ ...server, id: 'a', token }], secrets: {} })
    const file = writeSettings(JSON.parse(content))
    const settings = setupSettings({ cwd: dir, log, safeStorage: new FakeSafeStorage() })
    expect(settings.recovery?.text).toMatch(/does not match the settings schema/)
    expect(JSON.stringify(settings.recovery)).not.toContain(token)
    expect(readFileSync(file, 'utf8')).not.toContain(token)
    expect(settings.servers()).toEqual([])
  })

  it('a version-1 file that is also damaged is backed up as the user had it, not as migrated', () => {
    const content = JSON.stringify({ servers: [{ ...server, token, kind: 'carrier-pigeon' }] })
    writeSettings(JSON.parse(content))
    const settings = setupSettings({ cwd: dir, log, safeStorage: new FakeSafeStorage() })
    expect(settings.recovery).not.toBeNull()
    const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'))
    expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(content)
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain(token)
  })
})

describe('server list in the settings store (settings screen)', () => {
  const CANARY = 'canary-electron-secret-55c1'

  it('saves secrets as ciphertext only, keeps them when left empty, forgets them with the server, and lists only set / not set', async () => {
    const { createServerList } = await import('../../main/core/servers/server-list.ts')
    const { emptyDraft } = await import('../../main/core/servers/server-record.ts')
    const safeStorage = new FakeSafeStorage()
    const settings = setupSettings({ cwd: dir, log, safeStorage })
    const applied: number[] = []
    const list = createServerList({ persistence: settings.serverList, apply: (configs) => void applied.push(configs.length) })
    const draft = { ...emptyDraft(), name: 'Sales', url: 'https://sales.example/usage', authType: 'bearer' as const, secret: CANARY }
    expect(await list.save([draft])).toMatchObject({ status: 'saved' })
    const file = readFileSync(join(dir, 'settings.json'), 'utf8')
    expect(file).not.toContain(CANARY)
    expect(JSON.stringify(list.list())).not.toContain(CANARY)
    expect(list.list().servers[0]!.secret).toEqual({ state: 'set' })
    expect(settings.servers()[0]!.auth).toEqual({ type: 'bearer', token: CANARY })

    // Disabled and saved again with the secret left empty: kept, not polled.
    const [entry] = list.list().servers
    const { secret: _s, ...rest } = entry!
    await list.save([{ ...rest, secret: '', secretEnv: '', enabled: false }])
    expect(settings.secrets.get(entry!.id, 'token')).toBe(CANARY)
    expect(settings.servers()).toEqual([])
    expect(applied).toEqual([1, 0])
    expect(list.exportJson()).not.toContain(CANARY)

    await list.save([])
    expect(settings.secrets.has(entry!.id, 'token')).toBe(false)
  })

  it('a secret that is literally "keep" is saved as that secret, not read as "keep the saved one"', async () => {
    const { createServerList } = await import('../../main/core/servers/server-list.ts')
    const { emptyDraft } = await import('../../main/core/servers/server-record.ts')
    const settings = setupSettings({ cwd: dir, log, safeStorage: new FakeSafeStorage() })
    const list = createServerList({ persistence: settings.serverList, apply: () => undefined })
    const draft = { ...emptyDraft(), name: 'Sales', url: 'https://sales.example/usage', authType: 'bearer' as const, secret: CANARY }
    expect(await list.save([draft])).toMatchObject({ status: 'saved' })
    const { secret: _s, ...entry } = list.list().servers[0]!
    expect(await list.save([{ ...entry, secret: 'keep', secretEnv: '' }])).toMatchObject({ status: 'saved' })
    expect(settings.secrets.get(entry.id, 'token')).toBe('keep')
  })
})

describe('history retention in the settings store (key "history")', () => {
  it('defaults when absent, saves { retention } in the file and reads it back after a restart', () => {
    const settings = setupSettings({ cwd: dir, log })
    expect(settings.history.load()).toEqual({
      retention: { rawHours: 48, minuteDays: 30, hourDays: 730, holdingsDays: 730 },
      problem: null,
    })
    expect(settings.history.save({ rawHours: 12, minuteDays: 7, hourDays: 365, holdingsDays: 90 })).toBeNull()
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).history).toEqual({
      retention: { rawHours: 12, minuteDays: 7, hourDays: 365, holdingsDays: 90 },
    })
    expect(setupSettings({ cwd: dir, log }).history.load().retention).toEqual({
      rawHours: 12,
      minuteDays: 7,
      hourDays: 365,
      holdingsDays: 90,
    })
  })

  it('a partial retention takes the defaults for the rest; one that breaks the order rules is reported and the defaults apply', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settingsVersion: SETTINGS_VERSION, history: { retention: { rawHours: 6 } } }),
    )
    expect(setupSettings({ cwd: dir, log }).history.load()).toEqual({
      retention: { rawHours: 6, minuteDays: 30, hourDays: 730, holdingsDays: 730 },
      problem: null,
    })
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settingsVersion: SETTINGS_VERSION, history: { retention: { minuteDays: 60, hourDays: 30 } } }),
    )
    const loaded = setupSettings({ cwd: dir, log }).history.load()
    expect(loaded.retention.hourDays).toBe(730)
    expect(loaded.problem).toBe(
      `History retention: Per-hour rollups must be kept at least as long as per-minute rollups (60 days) in ${join(dir, 'settings.json')}; the default retention applies until it is saved again.`,
    )
  })

  it('the schema refuses a retention that is not whole hours or days: the file is backed up and defaults are used', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settingsVersion: SETTINGS_VERSION, history: { retention: { rawHours: 'forever' } } }),
    )
    const settings = setupSettings({ cwd: dir, log })
    expect(settings.recovery?.text).toMatch(/does not match the settings schema/)
    expect(settings.history.load().retention.rawHours).toBe(48)
  })
})

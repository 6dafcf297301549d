// Settings on disk (electron-store, JSON schema checked, migrated by
// settings-migrations.ts). Secrets are not in the server list: they are
// encrypted in the `secrets` map (secrets.ts). A corrupt file is backed up
// next to itself, never fatal, and never quoted in a log: an old one may
// still hold plaintext tokens.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { app, safeStorage } from 'electron'
import Store from 'electron-store'
import type { z } from 'zod'
import type { LocalText, ServerConfig, TextMessage } from '../core/types/index.ts'
import { fields } from '../core/servers/server-fields.ts'
import { jsonSchemaOf, storedServerShape, storedServersProblem } from '../core/servers/server-schema.ts'
import type { ServerPersistence } from '../core/servers/persistence.ts'
import { createStorePersistence } from './server-store.ts'
import { migrateSettings, SETTINGS_VERSION, type Encrypt } from './settings-migrations.ts'
import { createSecretStore, serverWithSecrets, type SafeStorageLike, type SecretStore, type StoredSecrets } from './secrets.ts'
import { keyValueAlertSettings, type AlertSettingsStore, type KeyValueStore } from '../core/alerts/alert-settings.ts'
import { keyValueHistorySettings, type HistorySettingsStore } from '../core/history/history-settings.ts'
import type { HistoryRetention } from '../core/types/index.ts'
import { errorSentence } from '../core/util/errors.ts'

/** A server as the settings file keeps it (no secret): the one server schema's stored form. */
export type StoredServer = z.input<typeof storedServerShape>

export interface StoredSettings {
  settingsVersion: number
  servers: StoredServer[]
  /** Default poll interval for servers that set none. */
  intervalMs: number
  /** Default request timeout for servers that set none (kept at most the interval). */
  timeoutMs: number
  /** Encrypted secrets by server id (secrets.ts). */
  secrets: StoredSecrets
  /** History retention (History view); absent fields take the defaults. */
  history?: { retention?: Partial<HistoryRetention> }
}

export const DEFAULT_SETTINGS: Readonly<StoredSettings> = Object.freeze({
  settingsVersion: SETTINGS_VERSION,
  servers: [],
  intervalMs: 5000,
  timeoutMs: 4000,
  secrets: {},
})

// The server entry and the default timing come from the one server schema (core/servers/server-schema.ts).
const SERVER_SCHEMA = jsonSchemaOf(storedServerShape)
const INTERVAL_SCHEMA = jsonSchemaOf(fields.intervalMs)
const TIMEOUT_SCHEMA = jsonSchemaOf(fields.timeoutMs)

const DAYS = { type: 'integer', minimum: 1 } as const

/** Whole hours and days; the cross-field rules (minute >= raw, ...) are checked by parseHistorySettings. */
const HISTORY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    retention: {
      type: 'object',
      additionalProperties: false,
      properties: { rawHours: DAYS, minuteDays: DAYS, hourDays: DAYS, holdingsDays: DAYS },
    },
  },
} as const

const CIPHER = { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$' } as const

export const SETTINGS_SCHEMA = {
  settingsVersion: { type: 'integer', const: SETTINGS_VERSION, default: SETTINGS_VERSION },
  servers: { type: 'array', items: SERVER_SCHEMA, default: [] },
  intervalMs: { ...INTERVAL_SCHEMA, default: DEFAULT_SETTINGS.intervalMs },
  timeoutMs: { ...TIMEOUT_SCHEMA, default: DEFAULT_SETTINGS.timeoutMs },
  secrets: {
    type: 'object',
    default: {},
    additionalProperties: { type: 'object', additionalProperties: false, properties: { token: CIPHER, password: CIPHER } },
  },
  history: HISTORY_SCHEMA,
} as const

export interface AppSettings {
  /** Absolute path of the settings file. */
  path: string
  /** Servers with ids, the default interval/timeout and their secrets (read when a poll uses them). */
  servers(): ServerConfig[]
  /** The encrypted secrets of the servers, for the settings UI (which shows only "set" / "not set"). */
  secrets: SecretStore
  /** The server list for the settings screen (main/core/servers), secrets through `secrets`. */
  serverList: ServerPersistence
  /** A sentence telling the user their settings file was unreadable and where it went, English and message; null when it was fine. */
  recovery: LocalText | null
  /** Sentences about what an upgrade of the file could not carry over (e.g. a token that could not be encrypted), English and message. */
  notices: LocalText[]
  /** Alert thresholds and the notifications switch, under the keys `alerts` and `notificationsEnabled`. */
  alerts: AlertSettingsStore
  /** History retention, under the key `history` ({ retention: { rawHours, minuteDays, hourDays, holdingsDays } }). */
  history: HistorySettingsStore
}

export interface SettingsOptions {
  /** Folder of the settings file (default: Electron's userData). */
  cwd?: string
  log?: (line: string) => void
  /** Encryption for secrets (default: Electron's safeStorage; only usable once the app is ready). */
  safeStorage?: SafeStorageLike
}

/**
 * Why a store could not be opened, without quoting the file (a JSON parse error would), in English
 * and as a desktop.details.causes.* message; a cause of another kind is its own English sentence.
 */
function describeProblem(error: unknown): { text: string; message?: TextMessage } {
  if (error instanceof SyntaxError) return { text: 'it is not valid JSON', message: { id: 'desktop.details.causes.notJson', params: {} } }
  if (error instanceof ServerListProblem) return schemaProblem(error.message)
  const message = errorSentence(error)
  const schema = /^Config schema violation: (.*)$/s.exec(message)
  return schema ? schemaProblem(schema[1] ?? '') : { text: message }
}

/** The schema's own finding (ajv's or the server list's rules) stays English: it names fields, not words to translate. */
function schemaProblem(detail: string): { text: string; message: TextMessage } {
  return {
    text: `it does not match the settings schema: ${detail}`,
    message: { id: 'desktop.details.causes.settingsSchema', params: { detail } },
  }
}

/** The recovery sentence, English and message (the cause as a part when it has one). */
export function settingsRecovery(path: string, error: unknown, backup: string): LocalText {
  const cause = describeProblem(error)
  return {
    text: `The settings file ${path} could not be read (${cause.text}); it was moved to ${backup} and default settings are used.`,
    message: {
      id: 'desktop.details.settingsUnreadable',
      params: { path, cause: cause.text, backup },
      ...(cause.message ? { parts: { cause: cause.message } } : {}),
    },
  }
}

function openStore(cwd: string): Store<StoredSettings> {
  return new Store<StoredSettings>({ cwd, name: 'settings', schema: SETTINGS_SCHEMA, clearInvalidConfig: false })
}

function encrypter(storage: SafeStorageLike): Encrypt {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- sync on purpose: the migration runs inside the synchronous setupSettings(); isAsyncEncryptionAvailable/encryptStringAsync would make it async
  return (plaintext) => (storage.isEncryptionAvailable() ? storage.encryptString(plaintext).toString('base64') : null)
}

/** The server list's own rules (ranges, names unique whatever the case, ...) in the words of every other path; ajv checks the rest. */
class ServerListProblem extends Error {}

/** Reads an older file, migrates it and writes it back (temp file + rename) before the schema checks it. */
function migrateFile(path: string, original: string, storage: SafeStorageLike): LocalText[] {
  const result = migrateSettings(JSON.parse(original.replace(/^\uFEFF/, '')), encrypter(storage))
  const servers = (result.settings as { servers?: unknown } | null)?.servers
  const problem = servers === undefined ? null : storedServersProblem(servers)
  if (problem !== null) throw new ServerListProblem(problem)
  if (!result.changed) return result.notes
  const temp = `${path}.migrating`
  writeFileSync(temp, `${JSON.stringify(result.settings, null, '\t')}\n`, { mode: 0o600 })
  renameSync(temp, path)
  return result.notes
}

export function setupSettings(options: SettingsOptions = {}): AppSettings {
  const log = options.log ?? ((line: string) => console.warn(line))
  const cwd = options.cwd ?? app.getPath('userData')
  const storage = options.safeStorage ?? safeStorage
  const path = join(cwd, 'settings.json')
  const original = existsSync(path) ? readFileSync(path, 'utf8') : null
  let store: Store<StoredSettings>
  let recovery: LocalText | null = null
  let notices: LocalText[] = []
  try {
    if (original !== null) notices = migrateFile(path, original, storage)
    store = openStore(cwd)
    void store.store // reads and validates the file now, not at the first use
  } catch (error) {
    notices = []
    const backup = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
    // The backup is the file as the user had it, even when a migration already rewrote it.
    if (original !== null) writeFileSync(backup, original, { mode: 0o600 })
    rmSync(path, { force: true })
    recovery = settingsRecovery(path, error, backup)
    log(recovery.text)
    store = openStore(cwd)
  }
  for (const notice of notices) log(notice.text)
  const secrets = createSecretStore(store, storage)
  return {
    path: store.path,
    // Disabled servers stay in the list but are not polled.
    servers: () =>
      withDefaults(store.store).flatMap(({ enabled, ...server }) => (enabled === false ? [] : [serverWithSecrets(server, secrets, log)])),
    secrets,
    serverList: createStorePersistence(store, secrets, { cwd, log }),
    recovery,
    notices,
    alerts: keyValueAlertSettings(store as unknown as KeyValueStore, path),
    history: keyValueHistorySettings(store as unknown as KeyValueStore, path),
  }
}

/** Fills the default interval and timeout (the timeout never exceeds the interval). */
export function withDefaults(settings: Pick<StoredSettings, 'servers' | 'intervalMs' | 'timeoutMs'>): StoredServer[] {
  return settings.servers.map((server) => {
    const intervalMs = server.intervalMs ?? settings.intervalMs
    const timeoutMs = Math.min(server.timeoutMs ?? settings.timeoutMs, intervalMs)
    return { ...server, intervalMs, timeoutMs }
  })
}

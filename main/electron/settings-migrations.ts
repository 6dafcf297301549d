// Migrations of the settings file, by a version number kept in the file
// itself (`settingsVersion`), run on the raw JSON before the schema sees it.
//
// Why not electron-store's `migrations` option: conf keys its steps by the
// app's version (projectVersion), which ties the file format to release
// numbers (a dev build never re-runs a step, a downgrade is not seen), and a
// step gets only the store, while moving plaintext tokens into safeStorage
// needs the encryption too. A format number of our own has neither problem,
// and lets the schema describe only the current shape.
//
// Versions:
//   1 (no settingsVersion): servers may lack ids and may hold a plaintext `token`.
//   2: every server has an id; secrets live encrypted in `secrets` (see secrets.ts);
//      a server's `auth` holds its type and user name only.
import type { LocalText } from '../core/types/index.ts'
import type { StoredSecrets } from './secrets.ts'

export const SETTINGS_VERSION = 2

export interface MigrationResult {
  /** The settings in the current shape (still to be checked against the schema). */
  settings: unknown
  /** False when the file was already current: nothing to write. */
  changed: boolean
  /** Sentences for the user about what could not be carried over, in English and as catalogue messages. */
  notes: LocalText[]
}

/** base64 ciphertext of a secret, or null when this system cannot encrypt. */
export type Encrypt = (plaintext: string) => string | null

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'server'
  )
}

/** Brings parsed settings up to SETTINGS_VERSION; throws a sentence for a file from a newer app. */
export function migrateSettings(raw: unknown, encrypt: Encrypt): MigrationResult {
  // Not an object at all: left for the schema to refuse, with its own message.
  if (!isObject(raw)) return { settings: raw, changed: false, notes: [] }
  const version = raw.settingsVersion ?? 1
  if (version === SETTINGS_VERSION) return { settings: raw, changed: false, notes: [] }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error(`its settingsVersion is not a version number`)
  }
  if (version > SETTINGS_VERSION) {
    throw new Error(
      `it was written by a newer version of 4D License Monitor (settings version ${version}, this one reads up to ${SETTINGS_VERSION})`,
    )
  }
  return fromVersion1(raw, encrypt)
}

/** v1 -> v2: stable ids written down (secrets are keyed by them) and plaintext tokens encrypted out of the server list. */
function fromVersion1(raw: Json, encrypt: Encrypt): MigrationResult {
  const notes: LocalText[] = []
  const secrets: StoredSecrets = {}
  const servers = raw.servers
  if (Array.isArray(servers)) {
    const taken = new Set(
      servers.flatMap((server) => (isObject(server) && typeof server.id === 'string' && server.id !== '' ? [server.id] : [])),
    )
    for (const server of servers) {
      if (!isObject(server)) continue
      if (typeof server.id !== 'string' || server.id === '') {
        const base = slug(typeof server.name === 'string' ? server.name : '')
        let id = base
        for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
        taken.add(id)
        server.id = id
      }
      if (!('token' in server)) continue
      const token = server.token
      delete server.token
      if (typeof token !== 'string' || token === '') continue
      server.auth ??= { type: 'bearer' }
      const cipher = encrypt(token)
      const name = typeof server.name === 'string' ? server.name : server.id
      if (cipher === null) notes.push(tokenNotKept(String(name)))
      else secrets[server.id as string] = { token: cipher }
    }
  }
  const previous = isObject(raw.secrets) ? raw.secrets : {}
  return { settings: { ...raw, servers, secrets: { ...previous, ...secrets }, settingsVersion: SETTINGS_VERSION }, changed: true, notes }
}

/** The note for a plaintext token this system could not encrypt (desktop.secrets.tokenNotKept in the catalogue). */
export function tokenNotKept(server: string): LocalText {
  return {
    text: `The token of server "${server}" could not be kept: this system cannot encrypt secrets. Enter it again once a keyring is available.`,
    message: { id: 'desktop.secrets.tokenNotKept', params: { server } },
  }
}

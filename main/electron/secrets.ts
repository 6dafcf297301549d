// Server secrets (Bearer tokens, passwords) in the Electron app: encrypted
// with Electron's safeStorage (the OS keychain: Keychain, DPAPI, libsecret or
// KWallet) in main, kept on disk only as base64 ciphertext in the settings
// store's `secrets` map, decrypted only when a poll reads them. The renderer
// only ever learns "set" / "not set"; nothing here logs a secret or a cipher.
import type { SafeStorage } from 'electron'
import type { LocalText, ServerAuth, ServerConfig } from '../core/types/index.ts'
import { errorSentence } from '../core/util/errors.ts'
import { MessageError } from '../core/util/message-error.ts'

export const SECRET_FIELDS = ['token', 'password'] as const
export type SecretField = (typeof SECRET_FIELDS)[number]
export type SecretStatus = 'set' | 'not set'

/** On disk: server id -> field -> base64 ciphertext. */
export type StoredSecrets = Record<string, Partial<Record<SecretField, string>>>

/** The part of the settings store (electron-store) the secrets live in. */
export interface SecretsFile {
  get(key: 'secrets'): StoredSecrets | undefined
  set(key: 'secrets', value: StoredSecrets): void
}

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>

export interface SecretStore {
  /** Encrypts and saves; throws a sentence when this system cannot encrypt at all. */
  set(serverId: string, field: SecretField, value: string): void
  /** The plaintext, for the poll that needs it; null when none is saved. Throws when it can no longer be decrypted. */
  get(serverId: string, field: SecretField): string | null
  has(serverId: string, field: SecretField): boolean
  /** What the renderer may know: whether each secret of a server is saved. */
  status(serverId: string): Record<SecretField, SecretStatus>
  /** Forgets one secret, or every secret of the server. */
  remove(serverId: string, field?: SecretField): void
  /** A sentence the UI must show before a secret is saved (English and message); null when the OS keychain protects them. */
  storageWarning(): LocalText | null
}

export const NO_KEYRING_WARNING =
  'Your desktop has no keyring: secrets would be stored with a fixed key that anyone who can read your files can undo. ' +
  'Install or unlock a keyring (gnome-keyring, KWallet) and restart the app, or accept the risk.'

export const NO_ENCRYPTION_WARNING =
  'This system offers no encryption for secrets (no keychain is available), so tokens and passwords cannot be saved: ' +
  'install or unlock a keyring (gnome-keyring, KWallet) and restart the app.'

// The same sentences as catalogue messages (renderer/src/i18n/locales, desktop.secrets.*), so the
// Servers view and the start-up dialog say them in the user's language; the English stays for logs.
export const NO_KEYRING: LocalText = { text: NO_KEYRING_WARNING, message: { id: 'desktop.secrets.noKeyring', params: {} } }
export const NO_ENCRYPTION: LocalText = { text: NO_ENCRYPTION_WARNING, message: { id: 'desktop.secrets.noEncryption', params: {} } }

/** A saved secret the keyring no longer opens; one message per field, as the field's word differs by language. */
export function undecryptable(field: SecretField, serverId: string): LocalText {
  return {
    text: `The saved ${field} of server "${serverId}" can no longer be decrypted (the keyring was changed or reset): enter it again.`,
    message: {
      id: field === 'token' ? 'desktop.secrets.undecryptableToken' : 'desktop.secrets.undecryptablePassword',
      params: { server: serverId },
    },
  }
}

function checkServerId(serverId: string): void {
  // Plain-object keys from the renderer: refuse the ones that would reach Object.prototype.
  if (
    typeof serverId !== 'string' ||
    serverId === '' ||
    serverId === '__proto__' ||
    serverId === 'constructor' ||
    serverId === 'prototype'
  ) {
    throw new Error('A secret needs the id of a server (a non-empty text).')
  }
}

function checkField(field: string): asserts field is SecretField {
  if (!(SECRET_FIELDS as readonly string[]).includes(field))
    throw new Error(`A server secret is a "token" or a "password", not "${field}".`)
}

export function createSecretStore(
  file: SecretsFile,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const all = (): StoredSecrets => ({ ...(file.get('secrets') ?? {}) })
  const cipherOf = (serverId: string, field: SecretField): string | undefined => {
    const secrets = all()
    return Object.hasOwn(secrets, serverId) ? secrets[serverId]?.[field] : undefined
  }
  const warning = (): LocalText | null => {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- sync on purpose: isAsyncEncryptionAvailable() would make every caller async
    if (!safeStorage.isEncryptionAvailable()) return NO_ENCRYPTION
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return NO_KEYRING
    return null
  }
  return {
    set(serverId, field, value) {
      checkServerId(serverId)
      checkField(field)
      if (typeof value !== 'string' || value === '') throw new Error(`The ${field} to save is empty: remove it instead.`)
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- sync on purpose: isAsyncEncryptionAvailable() would make set() and its callers async
      if (!safeStorage.isEncryptionAvailable()) throw new MessageError(NO_ENCRYPTION)
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- sync on purpose: encryptStringAsync() would make set() and its callers async
      const cipher = safeStorage.encryptString(value).toString('base64')
      const secrets = all()
      secrets[serverId] = { ...(Object.hasOwn(secrets, serverId) ? secrets[serverId] : {}), [field]: cipher }
      file.set('secrets', secrets)
    },
    get(serverId, field) {
      checkServerId(serverId)
      checkField(field)
      const cipher = cipherOf(serverId, field)
      if (cipher === undefined) return null
      try {
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- sync on purpose: decryptStringAsync() would make get() async, and the poll reads secrets through a synchronous getter
        return safeStorage.decryptString(Buffer.from(cipher, 'base64'))
      } catch {
        throw new MessageError(undecryptable(field, serverId))
      }
    },
    has(serverId, field) {
      checkServerId(serverId)
      checkField(field)
      return cipherOf(serverId, field) !== undefined
    },
    status(serverId) {
      checkServerId(serverId)
      return {
        token: cipherOf(serverId, 'token') === undefined ? 'not set' : 'set',
        password: cipherOf(serverId, 'password') === undefined ? 'not set' : 'set',
      }
    },
    remove(serverId, field) {
      checkServerId(serverId)
      const secrets = all()
      if (!Object.hasOwn(secrets, serverId)) return
      // The map without this server (checkServerId keeps __proto__ and friends out of the key).
      const { [serverId]: current, ...others } = secrets
      if (field === undefined) {
        file.set('secrets', others)
        return
      }
      checkField(field)
      const { [field]: _removed, ...rest } = current ?? {}
      file.set('secrets', Object.keys(rest).length === 0 ? others : { ...secrets, [serverId]: rest })
    },
    storageWarning: warning,
  }
}

/** A server's auth as saved in settings: the type and user name, never the secret itself. */
export type StoredAuth = { type: ServerAuth['type']; username?: string }

/**
 * The server's auth with its secret read from the store at the moment a poll
 * uses it (a getter), so the plaintext is not kept in the server list. A secret
 * that is missing or cannot be decrypted reads as "" (the server then answers
 * 401 and the table says to check the credentials) and is reported once.
 */
export function authWithSecrets(
  serverId: string,
  auth: StoredAuth | undefined,
  secrets: SecretStore,
  log: (line: string) => void,
): ServerAuth | undefined {
  if (auth === undefined) return undefined
  const reported = new Set<SecretField>()
  const read = (field: SecretField): string => {
    try {
      const value = secrets.get(serverId, field)
      if (value !== null) return value
      if (!reported.has(field)) log(`No ${field} is saved for server "${serverId}": it is polled without one.`)
    } catch (error) {
      if (!reported.has(field)) log(errorSentence(error))
    }
    reported.add(field)
    return ''
  }
  const withSecret = <T extends object>(base: T, field: SecretField): T =>
    Object.defineProperty(base, field, { get: () => read(field), enumerable: true }) as T
  switch (auth.type) {
    case 'none':
      return { type: 'none' }
    case 'bearer':
      return withSecret({ type: 'bearer' }, 'token') as ServerAuth
    case 'basic':
    case 'rest-login':
      return withSecret({ type: auth.type, username: auth.username ?? '' }, 'password') as ServerAuth
  }
}

/** A configured server ready for the monitor, its secrets attached as getters (see authWithSecrets). */
export function serverWithSecrets(
  server: Omit<ServerConfig, 'auth'> & { auth?: StoredAuth },
  secrets: SecretStore,
  log: (line: string) => void,
): ServerConfig {
  const { auth, ...rest } = server
  const resolved = authWithSecrets(server.id, auth, secrets, log)
  return resolved === undefined ? rest : { ...rest, auth: resolved }
}

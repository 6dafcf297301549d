// The app's server list in the settings store (electron-store). Secrets go
// through the secret store (safeStorage ciphertext, secrets.ts): the list
// holds only each server's auth type and user name.
import { readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { KEEP_SECRET, type SecretChange, type ServerPersistence } from '../core/servers/persistence.ts'
import { configOf, secretFieldOf, type ServerRecord } from '../core/servers/server-record.ts'
import { MessageError } from '../core/util/message-error.ts'
import { authWithSecrets, NO_ENCRYPTION, type SecretStore, type StoredAuth } from './secrets.ts'
import type { StoredServer, StoredSettings } from './settings.ts'

export interface ServerListFile {
  get(key: 'servers'): StoredServer[] | undefined
  set(key: 'servers', value: StoredServer[]): void
  readonly store: Pick<StoredSettings, 'servers' | 'intervalMs' | 'timeoutMs'>
}

function recordOf(server: StoredServer, defaults: Pick<StoredSettings, 'intervalMs' | 'timeoutMs'>): ServerRecord {
  const intervalMs = server.intervalMs ?? defaults.intervalMs
  const record: ServerRecord = {
    id: server.id,
    name: server.name,
    url: server.url,
    kind: server.kind,
    intervalMs,
    timeoutMs: Math.min(server.timeoutMs ?? defaults.timeoutMs, intervalMs),
    auth: server.auth ?? { type: 'none' },
    enabled: server.enabled !== false,
  }
  if (server.machine !== undefined) record.machine = server.machine
  if (server.tls)
    record.tls = {
      ...(server.tls.caFile ? { caFile: server.tls.caFile } : {}),
      ...(server.tls.fingerprint256 ? { fingerprint256: server.tls.fingerprint256 } : {}),
    }
  if (server.allowPlainHttpCredentials) record.allowPlainHttpCredentials = true
  if (server.maxBodyBytes !== undefined) record.maxBodyBytes = server.maxBodyBytes
  if (server.maxRecords !== undefined) record.maxRecords = server.maxRecords
  return record
}

function storedOf(record: ServerRecord): StoredServer {
  const { enabled, auth, ...rest } = record
  const stored: StoredServer = { ...rest, auth: auth as StoredAuth }
  if (!enabled) stored.enabled = false
  return stored
}

export function createStorePersistence(
  file: ServerListFile,
  secrets: SecretStore,
  options: { cwd: string; log: (line: string) => void },
): ServerPersistence {
  const resolveCaPath = (caFile: string): string => (isAbsolute(caFile) ? caFile : resolve(options.cwd, caFile))
  const read = (): ServerRecord[] => (file.get('servers') ?? []).map((server) => recordOf(server, file.store))

  function applySecrets(records: readonly ServerRecord[], changes: ReadonlyMap<string, SecretChange>): void {
    const kept = new Set(records.map((record) => record.id))
    for (const server of file.get('servers') ?? []) if (!kept.has(server.id)) secrets.remove(server.id)
    for (const record of records) {
      const field = secretFieldOf(record.auth.type)
      // Not `?? KEEP_SECRET`: that would read null (no secret) as keep. Only a server missing from the map keeps its secret.
      const given = changes.get(record.id)
      const change = given === undefined ? KEEP_SECRET : given
      // A secret the auth type no longer uses (bearer -> basic) is forgotten, not left behind.
      for (const other of ['token', 'password'] as const) if (other !== field) secrets.remove(record.id, other)
      if (field === null || change === KEEP_SECRET) continue
      if (change === null) secrets.remove(record.id, field)
      else if (typeof change === 'string') secrets.set(record.id, field, change)
    }
  }

  return {
    secretInput: 'value',
    read,
    write(records, changes) {
      // Refuse before anything is written when a secret could not be encrypted.
      const givesSecret = [...changes.values()].some((change) => typeof change === 'string')
      if (givesSecret && secrets.storageWarning() === NO_ENCRYPTION) throw new MessageError(NO_ENCRYPTION)
      applySecrets(records, changes)
      file.set('servers', records.map(storedOf))
    },
    secretStatus(record) {
      const field = secretFieldOf(record.auth.type)
      return { state: field !== null && secrets.has(record.id, field) ? 'set' : 'not set' }
    },
    toConfig(record) {
      const auth = authWithSecrets(record.id, record.auth as StoredAuth, secrets, options.log) ?? { type: 'none' as const }
      let ca: string | undefined
      if (record.tls?.caFile) {
        try {
          ca = readFileSync(resolveCaPath(record.tls.caFile), 'utf8')
        } catch {
          options.log(`The CA file ${record.tls.caFile} of server "${record.name}" cannot be read.`)
        }
      }
      return configOf(record, auth, ca)
    },
    savedSecret(record) {
      const field = secretFieldOf(record.auth.type)
      if (field === null) return null
      // A secret the keyring can no longer open throws its sentence (secrets.ts), for the connection test to show.
      return secrets.get(record.id, field)
    },
    resolveCaPath,
    storageWarning: () => secrets.storageWarning(),
  }
}

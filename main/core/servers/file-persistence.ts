// The served mode's server list: a servers.json file (the --config file, or
// <data>/servers.json). Secrets stay in the file exactly as the admin wrote
// them, a value or {"env": NAME}; the page can only name a variable. Every
// save is a temp file + rename, so a crash never leaves half a file.
import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { resolveSecret, type SecretRef } from '../ingest/config-secrets.ts'
import type { LocalText, ServerConfig } from '../types/index.ts'
import { pollTiming } from '../ingest/fetch-server.ts'
import { KEEP_SECRET, type ServerPersistence } from './persistence.ts'
import { authWith, configOf, secretFieldOf, type SecretField, type ServerRecord } from './server-record.ts'
import { envNameFor } from './env-names.ts'
import { assignIds } from './server-ids.ts'
import { readServersFile } from './servers-file.ts'
import type { serverEntrySchema } from './server-schema.ts'
import type { z } from 'zod'
import { writeFileAtomically } from '../util/atomic-file.ts'
import { errorSentence } from '../util/errors.ts'
import { fileCause, fileCauseMessage } from '../util/file-errors.ts'
import { MessageError } from '../util/message-error.ts'

/** An entry as written back: the servers.json form, `enabled` only when false (older readers still load the file). */
type FileEntry = z.input<typeof serverEntrySchema>

interface SavedSecret {
  field: SecretField
  ref: SecretRef
}

export interface FilePersistenceOptions {
  path: string
  env?: NodeJS.ProcessEnv
  /** Where a secret that cannot be resolved (a missing variable) is reported; its value never is. */
  log?: (line: string) => void
}

export function createFilePersistence(options: FilePersistenceOptions): ServerPersistence {
  const { path } = options
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => console.warn(line))
  const secrets = new Map<string, SavedSecret>()
  let records: ServerRecord[] = load()

  function load(): ServerRecord[] {
    const entries = readServersFile(path)
    const ids = assignIds(entries)
    return entries.map((entry, index) => {
      const id = ids[index]
      if (id === undefined) throw new Error(`${path}: no id was assigned to server entry ${index}`)
      const { intervalMs, timeoutMs } = pollTiming(entry)
      // The schema refuses "token" beside "auth", so at most one of them is here.
      const auth = entry.auth ?? (entry.token !== undefined ? { type: 'bearer' as const, token: entry.token } : { type: 'none' as const })
      const ref = auth.type === 'bearer' ? auth.token : auth.type === 'none' ? undefined : auth.password
      const field = secretFieldOf(auth.type)
      if (field !== null && ref !== undefined) secrets.set(id, { field, ref })
      const record: ServerRecord = {
        id,
        name: entry.name,
        url: entry.url,
        kind: entry.kind,
        intervalMs,
        timeoutMs,
        auth: 'username' in auth ? { type: auth.type, username: auth.username } : { type: auth.type },
        enabled: entry.enabled !== false,
      }
      if (entry.machine !== undefined) record.machine = entry.machine
      if (entry.tls) record.tls = { ...entry.tls }
      if (entry.allowPlainHttpCredentials) record.allowPlainHttpCredentials = true
      if (entry.maxBodyBytes !== undefined) record.maxBodyBytes = entry.maxBodyBytes
      if (entry.maxRecords !== undefined) record.maxRecords = entry.maxRecords
      return record
    })
  }

  function secretFor(record: ServerRecord): SavedSecret | null {
    const field = secretFieldOf(record.auth.type)
    const saved = secrets.get(record.id)
    return field !== null && saved?.field === field ? saved : null
  }

  function fileEntry(record: ServerRecord): FileEntry {
    const entry: FileEntry = { id: record.id, name: record.name, url: record.url, kind: record.kind }
    if (record.machine !== undefined) entry.machine = record.machine
    const saved = secretFor(record)
    const username = record.auth.username ?? ''
    // A secret not given yet is written as a variable named after the server (ACCOUNTING_TOKEN), for the admin to set.
    const field = secretFieldOf(record.auth.type)
    const ref = saved?.ref ?? (field === null ? undefined : { env: envNameFor(record.name, field) })
    if (record.auth.type === 'bearer' && ref !== undefined) entry.auth = { type: 'bearer', token: ref }
    else if ((record.auth.type === 'basic' || record.auth.type === 'rest-login') && ref !== undefined)
      entry.auth = { type: record.auth.type, username, password: ref }
    if (record.tls) entry.tls = { ...record.tls }
    if (record.allowPlainHttpCredentials) entry.allowPlainHttpCredentials = true
    entry.intervalMs = record.intervalMs
    entry.timeoutMs = record.timeoutMs
    if (record.maxBodyBytes !== undefined) entry.maxBodyBytes = record.maxBodyBytes
    if (record.maxRecords !== undefined) entry.maxRecords = record.maxRecords
    if (!record.enabled) entry.enabled = false
    return entry
  }

  return {
    secretInput: 'env',
    read: () => records.map((record) => structuredClone(record)),
    write(next, changes) {
      const nextSecrets = new Map<string, SavedSecret>()
      for (const record of next) {
        const field = secretFieldOf(record.auth.type)
        // Not `?? KEEP_SECRET`: that would read null (no secret) as keep. Only a server missing from the map keeps its secret.
        const given = changes.get(record.id)
        const change = given === undefined ? KEEP_SECRET : given
        if (field === null || change === null) continue
        const saved = secrets.get(record.id)
        if (change !== KEEP_SECRET) nextSecrets.set(record.id, { field, ref: change })
        else if (saved?.field === field) nextSecrets.set(record.id, saved)
        // The placeholder variable written for a secret not given yet is what the file holds from now on.
        else nextSecrets.set(record.id, { field, ref: { env: envNameFor(record.name, field) } })
      }
      const previous = new Map(secrets)
      secrets.clear()
      for (const [id, saved] of nextSecrets) secrets.set(id, saved)
      try {
        writeAtomically(path, `${JSON.stringify({ servers: next.map(fileEntry) }, null, 2)}\n`)
      } catch (error) {
        secrets.clear()
        for (const [id, saved] of previous) secrets.set(id, saved)
        throw new MessageError(saveFailure(path, error))
      }
      records = next.map((record) => structuredClone(record))
    },
    secretStatus(record) {
      const saved = secretFor(record)
      if (saved === null) return { state: 'not set' }
      if (typeof saved.ref === 'string') return { state: 'set' }
      return { state: env[saved.ref.env] ? 'set' : 'not set', env: saved.ref.env }
    },
    toConfig(record): ServerConfig {
      let secret = ''
      const saved = secretFor(record)
      try {
        if (saved) secret = resolveSecret(saved.ref, env, `${path}: server "${record.name}"`)
      } catch (error) {
        log(errorSentence(error))
      }
      return configOf(record, authWith(record, secret), readCa(record))
    },
    savedSecret(record) {
      const saved = secretFor(record)
      if (!saved) return null
      return typeof saved.ref === 'string' ? saved.ref : (env[saved.ref.env] ?? null) || null
    },
    resolveCaPath: (caFile) => (isAbsolute(caFile) ? caFile : resolve(dirname(path), caFile)),
    storageWarning: () => null,
    references: () => ({
      envNames: new Set([...secrets.values()].flatMap((saved) => (typeof saved.ref === 'string' ? [] : [saved.ref.env]))),
      caFiles: new Set(records.flatMap((record) => (record.tls?.caFile ? [record.tls.caFile] : []))),
    }),
  }

  function readCa(record: ServerRecord): string | undefined {
    if (!record.tls?.caFile) return undefined
    try {
      const caPath = isAbsolute(record.tls.caFile) ? record.tls.caFile : resolve(dirname(path), record.tls.caFile)
      return readFileSync(caPath, 'utf8')
    } catch {
      log(`${path}: server "${record.name}": its CA file ${record.tls.caFile} cannot be read`)
      return undefined
    }
  }
}

/** Why the list was not saved, in English and as `servers.saveFailed` (the file's cause said as a part when it is a known one). */
export function saveFailure(path: string, error: unknown): LocalText {
  const cause = fileCause(error)
  const causeMessage = fileCauseMessage(error)
  return {
    text: `The server list could not be saved to ${path}: ${cause}`,
    message: { id: 'servers.saveFailed', params: { path, cause }, ...(causeMessage ? { parts: { cause: causeMessage } } : {}) },
  }
}

export function writeAtomically(path: string, text: string): void {
  // 0600: the file may hold secrets written by the admin.
  writeFileAtomically(path, text, { mode: 0o600 })
}

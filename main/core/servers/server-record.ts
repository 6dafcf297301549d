// A saved server without its secret: what both persistences keep in their
// list, and the conversions to the form's draft and to the poller's config.
import { DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS } from '../ingest/fetch-server.ts'
import type { ServerAuth, ServerConfig } from '../types/index.ts'
import type { z } from 'zod'
import type { serverRecordSchema } from './server-schema.ts'
import type { AuthType, SecretStatusView, ServerDraft, ServerListEntry } from './server-types.ts'

export type SecretField = 'token' | 'password'

/** Type and user name only in `auth`: the secret lives with the persistence. Derived from the one server schema. */
export type ServerRecord = z.output<typeof serverRecordSchema>

/** Which secret an authentication type needs, if any. */
export function secretFieldOf(type: AuthType): SecretField | null {
  if (type === 'bearer') return 'token'
  if (type === 'basic' || type === 'rest-login') return 'password'
  return null
}

export function recordFromDraft(draft: ServerDraft, id: string): ServerRecord {
  const record: ServerRecord = {
    id,
    name: draft.name.trim(),
    url: draft.url.trim(),
    kind: draft.kind,
    intervalMs: draft.intervalMs,
    timeoutMs: draft.timeoutMs,
    auth:
      draft.authType === 'basic' || draft.authType === 'rest-login'
        ? { type: draft.authType, username: draft.username.trim() }
        : { type: draft.authType },
    enabled: draft.enabled,
  }
  if (draft.machine.trim() !== '') record.machine = draft.machine.trim()
  const tls: NonNullable<ServerRecord['tls']> = {}
  if (draft.caFile.trim() !== '') tls.caFile = draft.caFile.trim()
  if (draft.fingerprint256.trim() !== '') tls.fingerprint256 = draft.fingerprint256.trim()
  if (tls.caFile !== undefined || tls.fingerprint256 !== undefined) record.tls = tls
  if (draft.allowPlainHttpCredentials) record.allowPlainHttpCredentials = true
  return record
}

export function listEntryOf(record: ServerRecord, secret: SecretStatusView): ServerListEntry {
  return {
    id: record.id,
    name: record.name,
    url: record.url,
    kind: record.kind,
    machine: record.machine ?? '',
    intervalMs: record.intervalMs,
    timeoutMs: record.timeoutMs,
    authType: record.auth.type,
    username: record.auth.username ?? '',
    caFile: record.tls?.caFile ?? '',
    fingerprint256: record.tls?.fingerprint256 ?? '',
    allowPlainHttpCredentials: record.allowPlainHttpCredentials === true,
    enabled: record.enabled,
    secret,
  }
}

/** An empty form for a new server, with the documented defaults. */
export function emptyDraft(): ServerDraft {
  return {
    name: '',
    url: '',
    kind: 'http-json',
    machine: '',
    intervalMs: DEFAULT_INTERVAL_MS,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    authType: 'none',
    username: '',
    secret: '',
    secretEnv: '',
    caFile: '',
    fingerprint256: '',
    allowPlainHttpCredentials: false,
    enabled: true,
  }
}

/** The draft of a saved server: secrets empty, which means "keep the saved one". */
export function draftOf(entry: ServerListEntry): ServerDraft {
  const { secret: _status, ...rest } = entry
  return { ...rest, secret: '', secretEnv: '' }
}

/** The poller's config; `secret` is the plaintext (or a getter's value) for the auth type. */
export function configOf(record: ServerRecord, auth: ServerAuth, ca?: string): ServerConfig {
  const config: ServerConfig = {
    id: record.id,
    name: record.name,
    url: record.url,
    kind: record.kind,
    intervalMs: record.intervalMs,
    timeoutMs: record.timeoutMs,
  }
  if (record.machine !== undefined) config.machine = record.machine
  if (auth.type !== 'none') config.auth = auth
  if (record.tls) config.tls = { ...record.tls, ...(ca === undefined ? {} : { ca }) }
  if (record.allowPlainHttpCredentials) config.allowPlainHttpCredentials = true
  if (record.maxBodyBytes !== undefined) config.maxBodyBytes = record.maxBodyBytes
  if (record.maxRecords !== undefined) config.maxRecords = record.maxRecords
  return config
}

/** The auth of a saved server with its secret (plaintext, for the poll). */
export function authWith(record: ServerRecord, secret: string): ServerAuth {
  switch (record.auth.type) {
    case 'none':
      return { type: 'none' }
    case 'bearer':
      return { type: 'bearer', token: secret }
    case 'basic':
    case 'rest-login':
      return { type: record.auth.type, username: record.auth.username ?? '', password: secret }
  }
}

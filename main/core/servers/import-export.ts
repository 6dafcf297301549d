// The server list as JSON for another monitor: the servers.json format with
// every secret left out (auth keeps its type and user name). An import takes
// the same format (or a servers.json) and never takes a secret value from it:
// environment variable names are kept in the served mode, values are dropped.
import { emptyDraft, type ServerRecord } from './server-record.ts'
import type { ServerDraft } from './server-types.ts'

export function exportServersJson(records: readonly ServerRecord[]): string {
  const servers = records.map((record) => {
    const entry: Record<string, unknown> = { name: record.name, url: record.url, kind: record.kind }
    if (record.machine !== undefined) entry.machine = record.machine
    entry.auth = record.auth.username === undefined ? { type: record.auth.type } : { type: record.auth.type, username: record.auth.username }
    if (record.tls) entry.tls = { ...record.tls }
    if (record.allowPlainHttpCredentials) entry.allowPlainHttpCredentials = true
    entry.intervalMs = record.intervalMs
    entry.timeoutMs = record.timeoutMs
    if (!record.enabled) entry.enabled = false
    return entry
  })
  return `${JSON.stringify({ servers }, null, 2)}\n`
}

export interface ImportedDraft {
  draft: ServerDraft
  problems: string[]
  notes: string[]
}

const KNOWN = new Set(['id', 'name', 'url', 'kind', 'machine', 'token', 'auth', 'tls', 'allowPlainHttpCredentials', 'intervalMs', 'timeoutMs', 'maxBodyBytes', 'enabled'])

type Parsed = { ok: true; drafts: ImportedDraft[] } | { ok: false; error: string }

export function parseImport(text: string, secretInput: 'value' | 'env'): Parsed {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    // Not quoted back: the text may be a servers.json with passwords in it.
    return { ok: false, error: 'The text to import is not valid JSON.' }
  }
  const list = Array.isArray(json) ? json : (json as { servers?: unknown } | null)?.servers
  if (!Array.isArray(list)) return { ok: false, error: 'The text to import must be {"servers": [...]} (an export of this monitor or a servers.json).' }
  return { ok: true, drafts: list.map((entry) => importEntry(entry, secretInput)) }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

function importEntry(value: unknown, secretInput: 'value' | 'env'): ImportedDraft {
  const draft = emptyDraft()
  const problems: string[] = []
  const notes: string[] = []
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { draft, problems: ['This entry is not an object.'], notes }
  const entry = value as Record<string, unknown>
  const unknown = Object.keys(entry).filter((key) => !KNOWN.has(key))
  if (unknown.length > 0) problems.push(`Unknown ${unknown.length === 1 ? 'field' : 'fields'} ${unknown.map((key) => `"${key}"`).join(', ')}.`)
  draft.name = text(entry.name)
  draft.url = text(entry.url)
  if (entry.kind !== undefined) draft.kind = entry.kind as ServerDraft['kind']
  draft.machine = text(entry.machine)
  if (entry.intervalMs !== undefined) draft.intervalMs = entry.intervalMs as number
  if (entry.timeoutMs !== undefined) draft.timeoutMs = entry.timeoutMs as number
  else if (entry.intervalMs !== undefined) draft.timeoutMs = Math.min(draft.timeoutMs, draft.intervalMs)
  draft.allowPlainHttpCredentials = entry.allowPlainHttpCredentials === true
  draft.enabled = entry.enabled !== false
  const tls = entry.tls as { caFile?: unknown; fingerprint256?: unknown } | undefined
  draft.caFile = text(tls?.caFile)
  draft.fingerprint256 = text(tls?.fingerprint256)
  const auth = (entry.auth ?? (entry.token !== undefined ? { type: 'bearer', token: entry.token } : { type: 'none' })) as Record<string, unknown>
  draft.authType = auth.type as ServerDraft['authType']
  draft.username = text(auth.username)
  const secret = auth.token ?? auth.password
  const env = (secret as { env?: unknown } | undefined)?.env
  if (typeof env === 'string' && secretInput === 'env') draft.secretEnv = env
  else if (secret !== undefined) notes.push(`The ${auth.token !== undefined ? 'token' : 'password'} in the file was not imported: enter it in the server's settings.`)
  return { draft, problems, notes }
}

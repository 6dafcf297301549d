// The server list as JSON for another monitor: the servers.json format with
// every secret left out (auth keeps its type and user name). An import takes
// the same format (or a servers.json) and never takes a secret value from it:
// environment variable names are kept in the served mode, values are dropped.
import { pollTiming } from '../ingest/fetch-server.ts'
import { emptyDraft, type ServerRecord } from './server-record.ts'
import { importSentence, issueText, type ProblemText } from './problem-text.ts'
import { orderedIssues, serverEntrySchema, type ServerEntry } from './server-schema.ts'
import type { FieldProblem, ServerDraft } from './server-types.ts'
import { draftProblem } from './validate.ts'

export function exportServersJson(records: readonly ServerRecord[]): string {
  const servers = records.map((record) => {
    const entry: Record<string, unknown> = { name: record.name, url: record.url, kind: record.kind }
    if (record.machine !== undefined) entry.machine = record.machine
    entry.auth =
      record.auth.username === undefined ? { type: record.auth.type } : { type: record.auth.type, username: record.auth.username }
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
  problems: FieldProblem[]
  notes: ProblemText[]
}

type Parsed = { ok: true; drafts: ImportedDraft[] } | { ok: false; error: ProblemText }

export function parseImport(text: string, secretInput: 'value' | 'env'): Parsed {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    // Not quoted back: the text may be a servers.json with passwords in it.
    return { ok: false, error: importSentence('notJson', 'The text to import is not valid JSON.') }
  }
  const list = Array.isArray(json) ? json : (json as { servers?: unknown } | null)?.servers
  if (!Array.isArray(list))
    return {
      ok: false,
      error: importSentence(
        'notServerList',
        'The text to import must be {"servers": [...]} (an export of this monitor or a servers.json).',
        // A parameter: the catalogue's syntax would read the braces as a placeholder.
        { shape: '{"servers": [...]}' },
      ),
    }
  return { ok: true, drafts: list.map((entry) => importEntry(entry, secretInput)) }
}

/** Each entry is checked by the servers.json schema and its problems told in the form's words. */
function importEntry(value: unknown, secretInput: 'value' | 'env'): ImportedDraft {
  const parsed = serverEntrySchema.safeParse(value)
  if (parsed.success) return draftOfEntry(parsed.data, secretInput)
  const draft = emptyDraft()
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if (typeof raw.name === 'string') draft.name = raw.name
  const tls = raw.tls as { fingerprint256?: unknown } | undefined
  if (typeof tls?.fingerprint256 === 'string') draft.fingerprint256 = tls.fingerprint256
  const problems = orderedIssues(parsed.error.issues).map((issue) => draftProblem(issue.path, issueText(issue), draft, secretInput))
  return { draft, problems, notes: [] }
}

function draftOfEntry(entry: ServerEntry, secretInput: 'value' | 'env'): ImportedDraft {
  const notes: ProblemText[] = []
  const { intervalMs, timeoutMs } = pollTiming(entry)
  const draft: ServerDraft = {
    ...emptyDraft(),
    name: entry.name,
    url: entry.url,
    kind: entry.kind,
    machine: entry.machine ?? '',
    intervalMs,
    timeoutMs,
    caFile: entry.tls?.caFile ?? '',
    fingerprint256: entry.tls?.fingerprint256 ?? '',
    allowPlainHttpCredentials: entry.allowPlainHttpCredentials === true,
    enabled: entry.enabled !== false,
  }
  const auth = entry.auth ?? (entry.token !== undefined ? { type: 'bearer' as const, token: entry.token } : { type: 'none' as const })
  draft.authType = auth.type
  if ('username' in auth) draft.username = auth.username
  const secret = auth.type === 'bearer' ? auth.token : auth.type === 'none' ? undefined : auth.password
  if (typeof secret === 'object' && secretInput === 'env') draft.secretEnv = secret.env
  else if (secret !== undefined)
    notes.push(
      auth.type === 'bearer'
        ? importSentence('tokenNotImported', "The token in the file was not imported: enter it in the server's settings.")
        : importSentence('passwordNotImported', "The password in the file was not imported: enter it in the server's settings."),
    )
  return { draft, problems: [], notes }
}

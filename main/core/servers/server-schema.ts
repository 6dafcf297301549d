// The one schema of a server entry. From it come the servers.json loader
// (servers-file.ts), the import, the settings store's entry and its JSON
// schema (main/electron/settings.ts), the contract's draft check and the
// form's messages (validate.ts): every path applies the same field ranges,
// the same rules across fields and across the list, in the same words.
import { z } from 'zod'
import { isLoopback } from '../ingest/auth.ts'
import { DEFAULT_INTERVAL_MS } from '../ingest/fetch-server.ts'
import { kindOf } from '../ingest/kinds/index.ts'
import type { AuthType, EndpointKind, ServerDraft } from '../types/index.ts'
import { issueParams, said, sentence, unknownFieldsText, type ProblemText } from './problem-text.ts'
import { fields } from './server-fields.ts'

/** "must be {...}": the JSON shape is a parameter, since the catalogue's syntax would read its braces as placeholders. */
const shapeSaid = (name: string, shape: string): string => said(name, `must be ${shape}`, { shape })

/**
 * `auth` in servers.json: secrets as a value or {"env": NAME} (see ingest/config-secrets.ts).
 * A secret may be left out, as an export leaves it: the server then lists its secret as "not set".
 */
const fileAuthSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('bearer'), token: fields.secret.optional() }),
    z.strictObject({ type: z.literal('basic'), username: fields.username, password: fields.secret.optional() }),
    z.strictObject({ type: z.literal('rest-login'), username: fields.username, password: fields.secret.optional() }),
  ],
  { error: shapeSaid('authShape', '{"type": "none" | "bearer" | "basic" | "rest-login", ...}') },
)

/** `auth` in the settings store: type and user name only, the secret is encrypted apart (electron/secrets.ts). */
const storedAuthSchema = z.strictObject(
  { type: fields.authType, username: fields.username.optional() },
  { error: shapeSaid('storedAuthShape', '{"type": ..., "username"?: ...}') },
)

const tlsSchema = z
  .strictObject(
    { caFile: fields.caFile.optional(), fingerprint256: fields.fingerprint256.optional() },
    { error: said('tlsShape', 'must be an object with "caFile" or "fingerprint256"') },
  )
  .refine((tls) => tls.caFile !== undefined || tls.fingerprint256 !== undefined, said('tlsEmpty', 'must set "caFile" or "fingerprint256"'))

/** The fields every stored form shares; unknown keys are refused, so a misspelt "intevalMs" is named, not ignored. */
const common = {
  id: fields.id.optional(),
  name: fields.name,
  url: fields.url,
  machine: fields.machine.optional(),
  tls: tlsSchema.optional(),
  allowPlainHttpCredentials: fields.allowPlainHttpCredentials.optional(),
  intervalMs: fields.intervalMs.optional(),
  timeoutMs: fields.timeoutMs.optional(),
  maxBodyBytes: fields.maxBodyBytes.optional(),
  maxRecords: fields.maxRecords.optional(),
  // Written only when false, so files from before the Servers view stay valid.
  enabled: fields.enabled.optional(),
}

/** What the rules across fields look at, in whichever form the entry is stored. */
interface RuleView {
  url: string
  kind: EndpointKind
  auth?: { type: AuthType } | undefined
  token?: unknown
  tls?: object | undefined
  intervalMs?: number | undefined
  timeoutMs?: number | undefined
  allowPlainHttpCredentials?: boolean | undefined
}

export interface SchemaProblem {
  path: PropertyKey[]
  message: string
  /** `message` as a message id of the catalogue and its parameters (servers.validation.*). */
  sentence: ProblemText['message']
}

/** "prometheus-4d-exporter" -> "prometheus4dExporter": a kind's name as a message key. */
const kindKey = (name: string): string => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())

/** Rules across fields, each reported on the field the admin should change. */
export function crossFieldProblems(entry: RuleView): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  const add = (path: PropertyKey[], problem: ProblemText): void =>
    void problems.push({ path, message: problem.text, sentence: problem.message })
  if (entry.token !== undefined && entry.auth !== undefined)
    add(['token'], sentence('tokenAndAuth', 'set either "token" or "auth", not both'))
  const authType: AuthType = entry.auth?.type ?? (entry.token !== undefined ? 'bearer' : 'none')
  const kind = kindOf(entry.kind)
  // The kind words its own refusal (ingest/kinds); the catalogue has it as servers.validation.authRefusal.<kind>.
  if (!kind.authTypes.includes(authType))
    add(entry.auth ? ['auth', 'type'] : ['token'], sentence(`authRefusal.${kindKey(kind.name)}`, kind.authRefusal))
  let url: URL | null = null
  try {
    url = new URL(entry.url)
  } catch {
    // The url field has said so already.
  }
  if (entry.tls !== undefined && url?.protocol !== 'https:') add(['tls'], sentence('tlsNeedsHttps', 'applies to https URLs only'))
  const interval = entry.intervalMs ?? DEFAULT_INTERVAL_MS
  if (entry.timeoutMs !== undefined && entry.timeoutMs > interval)
    add(
      ['timeoutMs'],
      sentence('timeoutOverInterval', `must not be more than the poll interval (${interval} ms)`, {
        interval: String(interval),
        count: interval,
      }),
    )
  if (authType !== 'none' && url?.protocol === 'http:' && !isLoopback(url.hostname) && entry.allowPlainHttpCredentials !== true) {
    add(
      ['allowPlainHttpCredentials'],
      sentence(
        'plainHttpCredentials',
        'credentials would travel unencrypted over plain http: use https, or allow plain http credentials for this server',
      ),
    )
  }
  return problems
}

/** The problems as zod issues, each with its message in the params (zod keeps only the text otherwise). */
function report(context: z.core.$RefinementCtx, problems: readonly SchemaProblem[]): void {
  for (const problem of problems)
    context.addIssue({ code: 'custom', path: problem.path, message: problem.message, params: issueParams(problem.sentence) })
}

function withRules<T extends z.ZodType<RuleView>>(schema: T): T {
  return schema.superRefine((entry, context) => {
    report(context, crossFieldProblems(entry))
  }) as unknown as T
}

/** An entry of servers.json (the served mode's list, the import, the setup guide). */
export const serverEntryShape = z.strictObject(
  {
    ...common,
    kind: fields.kind.default('http-json'),
    token: fields.secret.optional().describe('Bearer token (older form of auth {"type": "bearer"})'),
    auth: fileAuthSchema.optional().describe('Authentication: none, bearer, basic or rest-login'),
  },
  { error: said('notObject', 'must be an object') },
)
export const serverEntrySchema = withRules(serverEntryShape)
export type ServerEntry = z.output<typeof serverEntrySchema>

/** An entry of the desktop app's settings store: an id and a kind always, no secret. */
export const storedServerShape = z.strictObject(
  { ...common, id: fields.id, kind: fields.kind, auth: storedAuthSchema.optional() },
  { error: said('notObject', 'must be an object') },
)
export const storedServerSchema = withRules(storedServerShape)
export type StoredServer = z.output<typeof storedServerSchema>

/**
 * A saved server as both persistences keep it in memory (server-record.ts): the stored entry
 * with the defaults filled in (timing, auth, enabled) and its secret kept apart.
 */
export const serverRecordSchema = storedServerShape.required({ intervalMs: true, timeoutMs: true, auth: true, enabled: true })

/** The rules across a list: names unique whatever their case (as the Servers view says), ids unique. */
export function listProblems(entries: readonly { name: string; id?: string | undefined }[]): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  const names = new Map<string, string>()
  const ids = new Set<string>()
  entries.forEach((entry, index) => {
    const key = entry.name.trim().toLowerCase()
    const other = names.get(key)
    const add = (path: PropertyKey[], problem: ProblemText): void =>
      void problems.push({ path, message: problem.text, sentence: problem.message })
    if (key !== '' && other !== undefined)
      add([index, 'name'], sentence('nameTaken', `another server is already called "${other}"`, { name: other }))
    else names.set(key, entry.name.trim())
    if (entry.id === undefined) return
    if (ids.has(entry.id)) add([index, 'id'], sentence('idTaken', `another server already has the id "${entry.id}"`, { id: entry.id }))
    ids.add(entry.id)
  })
  return problems
}

export function serverListSchema<T extends z.ZodType<{ name: string; id?: string | undefined }>>(entry: T) {
  return z.array(entry, { error: said('notList', 'must be a list of servers') }).superRefine((entries, context) => {
    report(context, listProblems(entries))
  })
}

/** servers.json as a whole. */
export const serversFileSchema = z.strictObject(
  { servers: serverListSchema(serverEntrySchema) },
  { error: said('notServersFile', 'must be an object with a "servers" list') },
)

/**
 * The form's draft as the contract carries it: shape only (the renderer is not
 * trusted, so sizes are bounded); what the values mean is checked by the
 * schemas above through validate.ts, with the same sentences.
 */
const bounded = (max: number) => z.string().max(max)
export const draftSchema = z.strictObject({
  id: bounded(200).min(1).optional(),
  name: bounded(200),
  url: bounded(2000),
  kind: fields.kind,
  machine: bounded(200),
  intervalMs: z.number(),
  timeoutMs: z.number(),
  authType: fields.authType,
  username: bounded(200),
  secret: bounded(4096),
  secretEnv: bounded(200),
  caFile: bounded(4096),
  fingerprint256: bounded(200),
  allowPlainHttpCredentials: z.boolean(),
  enabled: z.boolean(),
})

// ServerDraft is written out in types/ for the renderer, which cannot follow zod; these lines fail to compile if the two part.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const DRAFT_TYPE_MATCHES: Same<z.output<typeof draftSchema>, ServerDraft> = true

/** "servers.0.intervalMs: must be at most 2147483647 ms", "servers.0: unknown field "intervall"". */
export function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): string {
  const where = [...prefix, ...issue.path].map(String).join('.')
  const message = issue.code === 'unrecognized_keys' ? unknownFields(issue.keys) : issue.message
  return where ? `${where}: ${message}` : message
}

/** Unknown keys first: a misspelt "nme" is what explains the missing "name" reported beside it. */
export function orderedIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return [...issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'))
}

export function unknownFields(keys: readonly string[]): string {
  return unknownFieldsText(keys).text
}

/**
 * JSON Schema of a field or an entry, for stores that check with ajv (electron-store). Only
 * the shape and ranges translate; the rules across fields and the list are checked with
 * checkStoredServers, which sees the file first and words the problem like every other path.
 */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  return rest
}

const storedListSchema = serverListSchema(storedServerSchema)

/** The settings store's server list: null when it passes, else the sentence of the first problem ("servers.0.intervalMs: ..."). */
export function storedServersProblem(servers: unknown): string | null {
  const parsed = storedListSchema.safeParse(servers)
  const issue = parsed.success ? undefined : orderedIssues(parsed.error.issues)[0]
  return issue ? describeIssue(issue, ['servers']) : parsed.success ? null : 'servers: invalid server list'
}

// The admin's list of 4D Servers (servers.json). Every problem is reported as
// one sentence naming the file and the field, so the admin can fix it at once.

import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { describeJsonErrorPosition } from '../util/json-position.ts'
import { resolveSecrets, secretSchema } from '../ingest/config-secrets.ts'
import { readCaFile } from '../ingest/config-tls.ts'
import { normalizeFingerprint } from '../ingest/tls-trust.ts'
import type { ServerConfig, ServerTls } from '../types/index.ts'

const HTTP_URL_MESSAGE = 'must be an http or https URL'

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

const nonEmptyText = z.string({ error: 'must be a text' }).min(1, 'must not be empty')

/** `auth` of a server entry; secrets may be {"env": "NAME"} (see config-secrets.ts). */
const authSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('bearer'), token: secretSchema }),
    z.strictObject({ type: z.literal('basic'), username: nonEmptyText, password: secretSchema }),
    z.strictObject({ type: z.literal('rest-login'), username: nonEmptyText, password: secretSchema }),
  ],
  { error: 'must be {"type": "none" | "bearer" | "basic" | "rest-login", ...}' },
)

const tlsSchema = z
  .strictObject(
    {
      caFile: nonEmptyText.optional().describe('PEM file of CA certificates to trust for this server (relative to servers.json)'),
      fingerprint256: z
        .string({ error: 'must be a text' })
        .refine((text) => normalizeFingerprint(text) !== null, 'must be a SHA-256 fingerprint: 32 bytes in hex, e.g. "AB:CD:..."')
        .transform((text) => normalizeFingerprint(text) as string)
        .optional()
        .describe('SHA-256 fingerprint of the server certificate to trust'),
    },
    { error: 'must be an object with "caFile" or "fingerprint256"' },
  )
  .refine((tls) => tls.caFile !== undefined || tls.fingerprint256 !== undefined, 'must set "caFile" or "fingerprint256"')

const positiveMs = z.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').positive('must be more than 0')

export const serverEntrySchema = z.strictObject(
  {
    id: z.string({ error: 'must be a text' }).trim().min(1, 'must not be empty').optional().describe('Stable id; derived from the name when absent'),
    name: z.string({ error: 'must be a text' }).trim().min(1, 'must not be empty').describe('Name shown in the table'),
    url: z.string({ error: HTTP_URL_MESSAGE }).trim().refine(isHttpUrl, HTTP_URL_MESSAGE).describe('Full URL of the endpoint'),
    kind: z
      .enum(['http-json', 'rest-function', 'prometheus-4d-exporter'], { error: 'must be "http-json", "rest-function" or "prometheus-4d-exporter"' })
      .default('http-json')
      .describe('"http-json": GET returning the contract JSON; "rest-function": POST to an exposed DataStore function; "prometheus-4d-exporter": GET <url>/metrics'),
    machine: z.string({ error: 'must be a text' }).trim().min(1, 'must not be empty').optional().describe('Machine label, when the payload does not say'),
    token: secretSchema.optional().describe('Bearer token (older form of auth {"type": "bearer"})'),
    auth: authSchema.optional().describe('Authentication: none, bearer, basic or rest-login'),
    tls: tlsSchema.optional().describe('Trust for a self-signed https server: caFile or fingerprint256'),
    allowPlainHttpCredentials: z.boolean({ error: 'must be true or false' }).optional().describe('Send credentials over plain http to a non-loopback host anyway'),
    intervalMs: positiveMs.optional().describe('Poll interval in ms (default 5000)'),
    timeoutMs: positiveMs.optional().describe('Request timeout in ms (default 4000, never more than the interval)'),
    maxBodyBytes: z.number({ error: 'must be a number of bytes' }).int('must be a whole number of bytes').positive('must be more than 0').optional().describe('Response size limit in bytes (default 5 MiB)'),
  },
  // Unknown keys are refused: a misspelt "intevalMs" silently ignored would be a bug the admin never sees.
  { error: 'must be an object' },
)

/** Rules across fields, each reported on the field the admin should change. */
const checkedEntrySchema = serverEntrySchema.superRefine((entry, context) => {
  if (entry.token !== undefined && entry.auth !== undefined) {
    context.addIssue({ code: 'custom', path: ['token'], message: 'set either "token" or "auth", not both' })
  }
  if (entry.tls !== undefined && !entry.url.toLowerCase().startsWith('https:')) {
    context.addIssue({ code: 'custom', path: ['tls'], message: 'applies to https URLs only' })
  }
  if (entry.kind === 'prometheus-4d-exporter' && entry.auth?.type !== undefined && entry.auth.type !== 'none' && entry.auth.type !== 'basic') {
    context.addIssue({ code: 'custom', path: ['auth', 'type'], message: 'the Prometheus_4D_Exporter supports only "basic" authentication' })
  }
  if (entry.kind === 'prometheus-4d-exporter' && entry.token !== undefined) {
    context.addIssue({ code: 'custom', path: ['token'], message: 'the Prometheus_4D_Exporter supports only "basic" authentication' })
  }
})

export const serversFileSchema = z.strictObject(
  { servers: z.array(checkedEntrySchema, { error: 'must be a list of servers' }) },
  { error: 'must be an object with a "servers" list' },
)

type ServerEntry = z.output<typeof serverEntrySchema>

export async function loadServersConfig(path: string): Promise<ServerConfig[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === 'ENOENT') throw new Error(`${path}: file not found`)
    throw new Error(`${path}: cannot read the file (${error instanceof Error ? error.message : String(error)})`)
  }
  return parseServersConfig(text, path)
}

/**
 * `env` supplies the secrets written as {"env": "NAME"}; relative CA files are
 * read from the folder of `source` when it is a path.
 */
export function parseServersConfig(text: string, source: string, env: NodeJS.ProcessEnv = process.env): ServerConfig[] {
  let json: unknown
  try {
    // A BOM left by Windows editors is not an error worth bothering the admin with.
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    // V8's message quotes the text around the error, which may be a password: only the place is reported.
    if (!(error instanceof SyntaxError)) throw error
    throw new Error(`${source}: not valid JSON ${describeJsonErrorPosition(text.replace(/^\uFEFF/, ''))}`)
  }
  const parsed = serversFileSchema.safeParse(json)
  if (!parsed.success) throw new Error(`${source}: ${describeFirstIssue(parsed.error.issues)}`)
  return toServerConfigs(parsed.data.servers, source, env)
}

function describeFirstIssue(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0]
  if (!issue) return 'invalid configuration'
  const where = formatPath(issue.path)
  const message =
    issue.code === 'unrecognized_keys' ? `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message
  return where ? `${where}: ${message}` : message
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`
    return text === '' ? String(key) : `${text}.${String(key)}`
  }, '')
}

/** "Sales (EU) #2" -> "sales-eu-2"; names made only of symbols fall back to "server". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'server'
}

function toServerConfigs(entries: ServerEntry[], source: string, env: NodeJS.ProcessEnv): ServerConfig[] {
  const names = new Set<string>()
  for (const entry of entries) {
    const key = entry.name.toLowerCase()
    if (names.has(key)) throw new Error(`${source}: two servers are named "${entry.name}"`)
    names.add(key)
  }
  const explicitIds = new Set<string>()
  for (const entry of entries) {
    if (entry.id === undefined) continue
    if (explicitIds.has(entry.id)) throw new Error(`${source}: two servers have the id "${entry.id}"`)
    explicitIds.add(entry.id)
  }
  const used = new Set(explicitIds)
  return entries.map((entry, index) => {
    const id = entry.id ?? uniqueId(slugify(entry.name), used)
    used.add(id)
    const where = `${source}: servers[${index}]`
    const secrets = resolveSecrets({ token: entry.token, auth: entry.auth }, env, where)
    return withoutUndefined({
      id,
      name: entry.name,
      url: entry.url,
      kind: entry.kind,
      machine: entry.machine,
      token: secrets.token,
      auth: secrets.auth,
      tls: entry.tls ? tlsOf(entry.tls, source, `${where}.tls.caFile`) : undefined,
      allowPlainHttpCredentials: entry.allowPlainHttpCredentials,
      intervalMs: entry.intervalMs,
      timeoutMs: entry.timeoutMs,
      maxBodyBytes: entry.maxBodyBytes,
    })
  })
}

function tlsOf(tls: { caFile?: string | undefined; fingerprint256?: string | undefined }, source: string, where: string): ServerTls {
  const result: ServerTls = {}
  if (tls.caFile !== undefined) Object.assign(result, readCaFile(tls.caFile, source, where))
  if (tls.fingerprint256 !== undefined) result.fingerprint256 = tls.fingerprint256
  return result
}

/** Names that differ only in punctuation ("Sales", "Sales!") get "sales", "sales-2". */
function uniqueId(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base
  let n = 2
  while (used.has(`${base}-${n}`)) n++
  return `${base}-${n}`
}

function withoutUndefined(config: ServerConfig): ServerConfig {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as unknown as ServerConfig
}

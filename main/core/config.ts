// The admin's list of 4D Servers (servers.json). Every problem is reported as
// one sentence naming the file and the field, so the admin can fix it at once.

import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { ServerConfig } from './types.ts'

const HTTP_URL_MESSAGE = 'must be an http or https URL'

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

const positiveMs = z.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').positive('must be more than 0')

export const serverEntrySchema = z.strictObject(
  {
    id: z.string({ error: 'must be a text' }).trim().min(1, 'must not be empty').optional().describe('Stable id; derived from the name when absent'),
    name: z.string({ error: 'must be a text' }).trim().min(1, 'must not be empty').describe('Name shown in the table'),
    url: z.string({ error: HTTP_URL_MESSAGE }).trim().refine(isHttpUrl, HTTP_URL_MESSAGE).describe('Full URL of the endpoint'),
    kind: z
      .enum(['http-json', 'rest-function'], { error: 'must be "http-json" or "rest-function"' })
      .default('http-json')
      .describe('"http-json": GET returning the contract JSON; "rest-function": POST to an exposed DataStore function'),
    machine: z.string({ error: 'must be a text' }).trim().min(1, 'must not be empty').optional().describe('Machine label, when the payload does not say'),
    token: z.string({ error: 'must be a text' }).min(1, 'must not be empty').optional().describe('Bearer token'),
    allowPlainHttpCredentials: z.boolean({ error: 'must be true or false' }).optional().describe('Send the token over plain http to a non-loopback host anyway'),
    intervalMs: positiveMs.optional().describe('Poll interval in ms (default 5000)'),
    timeoutMs: positiveMs.optional().describe('Request timeout in ms (default 4000, never more than the interval)'),
    maxBodyBytes: z.number({ error: 'must be a number of bytes' }).int('must be a whole number of bytes').positive('must be more than 0').optional().describe('Response size limit in bytes (default 5 MiB)'),
  },
  // Unknown keys are refused: a misspelt "intevalMs" silently ignored would be a bug the admin never sees.
  { error: 'must be an object' },
)

export const serversFileSchema = z.strictObject(
  { servers: z.array(serverEntrySchema, { error: 'must be a list of servers' }) },
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

export function parseServersConfig(text: string, source: string): ServerConfig[] {
  let json: unknown
  try {
    // A BOM left by Windows editors is not an error worth bothering the admin with.
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  const parsed = serversFileSchema.safeParse(json)
  if (!parsed.success) throw new Error(`${source}: ${describeFirstIssue(parsed.error.issues)}`)
  return toServerConfigs(parsed.data.servers, source)
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

function toServerConfigs(entries: ServerEntry[], source: string): ServerConfig[] {
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
  return entries.map((entry) => {
    const id = entry.id ?? uniqueId(slugify(entry.name), used)
    used.add(id)
    return withoutUndefined({
      id,
      name: entry.name,
      url: entry.url,
      kind: entry.kind,
      machine: entry.machine,
      token: entry.token,
      allowPlainHttpCredentials: entry.allowPlainHttpCredentials,
      intervalMs: entry.intervalMs,
      timeoutMs: entry.timeoutMs,
      maxBodyBytes: entry.maxBodyBytes,
    })
  })
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

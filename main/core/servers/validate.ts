// Checks a server list as the admin edits it. Every problem is a sentence on
// the field to change, starting with the field's label ("URL: must be an http
// or https URL"). The field rules come from config.ts's schema, so the form
// and servers.json accept the same things; the list-wide rules (unique
// names, timeout within the interval) are added here.
import { readFileSync } from 'node:fs'
import { serverEntrySchema } from './config.ts'
import { isLoopback } from '../ingest/auth.ts'
import { normalizeFingerprint } from '../ingest/tls-trust.ts'
import type { DraftField, ServerDraft, ServerProblem } from './server-types.ts'

export const FIELD_LABELS: Record<DraftField, string> = {
  id: 'Id', name: 'Name', url: 'URL', kind: 'Kind', machine: 'Machine label', intervalMs: 'Poll interval', timeoutMs: 'Timeout',
  authType: 'Authentication', username: 'User name', secret: 'Secret', secretEnv: 'Environment variable', caFile: 'CA file',
  fingerprint256: 'Certificate fingerprint', allowPlainHttpCredentials: 'Plain http credentials', enabled: 'Enabled',
}

/** Electron's settings schema refuses faster polling; a 4D Server gains nothing from it either. */
export const MIN_INTERVAL_MS = 250
export const MIN_TIMEOUT_MS = 100
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export interface ValidationContext {
  secretInput: 'value' | 'env'
  resolveCaPath(caFile: string): string
}

type Add = (field: DraftField, message: string) => void

export function validateDrafts(drafts: readonly ServerDraft[], context: ValidationContext): ServerProblem[] {
  const problems: ServerProblem[] = []
  const seen = new Map<string, string>()
  drafts.forEach((draft, index) => {
    const add: Add = (field, message) => problems.push({ index, field, message: `${FIELD_LABELS[field]}: ${message}` })
    checkDraft(draft, context, add)
    const key = draft.name.trim().toLowerCase()
    if (key === '') return
    const other = seen.get(key)
    if (other !== undefined) add('name', `another server is already called ${other}`)
    else seen.set(key, draft.name.trim())
  })
  return problems
}

function schemaMessage(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown): string | null {
  const parsed = schema.safeParse(value)
  return parsed.success ? null : (parsed.error?.issues[0]?.message ?? 'is not valid')
}

function checkDraft(draft: ServerDraft, context: ValidationContext, add: Add): void {
  const shape = serverEntrySchema.shape
  const name = schemaMessage(shape.name, draft.name)
  if (name) add('name', name)
  const url = schemaMessage(shape.url, draft.url)
  if (url) add('url', url)
  else if (/^[a-z]+:\/\/[^/]*@/i.test(draft.url.trim())) add('url', 'must not contain a user name or password; set the authentication below instead')
  const kind = schemaMessage(shape.kind, draft.kind)
  if (kind) add('kind', kind)
  checkTiming(draft, add)
  checkAuth(draft, context, add, url === null)
  checkTls(draft, context, add, url === null)
}

function checkTiming(draft: ServerDraft, add: Add): void {
  const interval = draft.intervalMs
  const timeout = draft.timeoutMs
  const intervalOk = Number.isInteger(interval) && interval >= MIN_INTERVAL_MS
  if (!intervalOk) add('intervalMs', `must be a whole number of milliseconds, at least ${MIN_INTERVAL_MS}`)
  if (!Number.isInteger(timeout) || timeout < MIN_TIMEOUT_MS) add('timeoutMs', `must be a whole number of milliseconds, at least ${MIN_TIMEOUT_MS}`)
  else if (intervalOk && timeout > interval) add('timeoutMs', 'must not be more than the interval')
}

function checkAuth(draft: ServerDraft, context: ValidationContext, add: Add, urlOk: boolean): void {
  const type = draft.authType
  if (!['none', 'bearer', 'basic', 'rest-login'].includes(type)) {
    add('authType', 'must be none, bearer, basic or rest-login')
    return
  }
  if (draft.kind === 'prometheus-4d-exporter' && type !== 'none' && type !== 'basic') add('authType', 'the Prometheus_4D_Exporter supports only HTTP Basic or none')
  if ((type === 'basic' || type === 'rest-login') && draft.username.trim() === '') add('username', 'must not be empty')
  if (type === 'none') return
  if (context.secretInput === 'env') {
    if (draft.secret !== '') add('secret', 'this page does not take secret values; name an environment variable of the monitor instead')
    if (draft.secretEnv !== '' && !ENV_NAME.test(draft.secretEnv)) add('secretEnv', 'must be an environment variable name, e.g. ACCOUNTING_TOKEN')
  } else if (draft.secretEnv !== '') {
    add('secretEnv', 'environment variables are for the served mode; type the secret instead')
  }
  if (urlOk && !draft.allowPlainHttpCredentials) {
    const url = new URL(draft.url.trim())
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      add('allowPlainHttpCredentials', 'credentials would travel unencrypted over plain http: use https, or tick this option to send them anyway')
    }
  }
}

function checkTls(draft: ServerDraft, context: ValidationContext, add: Add, urlOk: boolean): void {
  const caFile = draft.caFile.trim()
  const fingerprint = draft.fingerprint256.trim()
  if (caFile === '' && fingerprint === '') return
  const https = urlOk && draft.url.trim().toLowerCase().startsWith('https:')
  if (fingerprint !== '' && normalizeFingerprint(fingerprint) === null) add('fingerprint256', 'must be a SHA-256 fingerprint: 32 bytes in hex, e.g. "AB:CD:..."')
  else if (fingerprint !== '' && !https) add('fingerprint256', 'applies to https URLs only')
  if (caFile === '') return
  if (!https) {
    add('caFile', 'applies to https URLs only')
    return
  }
  const path = context.resolveCaPath(caFile)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    add('caFile', `cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`)
    return
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) add('caFile', `${path} is not a PEM certificate file`)
}

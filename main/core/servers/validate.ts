// Checks a server list as the admin edits it, with the one schema
// (server-schema.ts): each draft is written as the servers.json entry it
// would become and checked as the file is, so the form, the import and the
// file refuse the same things in the same words. Every problem is a sentence
// on the field to change, starting with the field's label ("URL: must be an
// http or https URL"). The page's own limits (how it may give a secret, a CA
// file that must exist) are added here.
import { readFileSync } from 'node:fs'
import { envNameFor } from './env-names.ts'
import type { PageReferences } from './persistence.ts'
import { secretFieldOf } from './server-record.ts'
import { describeIssue, serverEntrySchema, serverListSchema } from './server-schema.ts'
import type { DraftField, ServerDraft, ServerProblem } from './server-types.ts'

export const FIELD_LABELS: Record<DraftField, string> = {
  id: 'Id',
  name: 'Name',
  url: 'URL',
  kind: 'Kind',
  machine: 'Machine label',
  intervalMs: 'Poll interval',
  timeoutMs: 'Timeout',
  authType: 'Authentication',
  username: 'User name',
  secret: 'Secret',
  secretEnv: 'Environment variable',
  caFile: 'CA file',
  fingerprint256: 'Certificate fingerprint',
  allowPlainHttpCredentials: 'Plain http credentials',
  enabled: 'Enabled',
}

export interface ValidationContext {
  secretInput: 'value' | 'env'
  resolveCaPath(caFile: string): string
  /** The served page's limits: the variables and CA files the saved list already names. */
  references?: () => PageReferences
}

/** Stands for "keep the saved secret" while the schema checks a draft that leaves it empty. */
const KEPT_SECRET = { env: 'SAVED_SECRET' }

/** The servers.json entry a draft stands for (secrets as the page gives them, or the saved one). */
export function entryOfDraft(draft: ServerDraft, secretInput: 'value' | 'env'): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    name: draft.name,
    url: draft.url,
    kind: draft.kind,
    intervalMs: draft.intervalMs,
    timeoutMs: draft.timeoutMs,
  }
  if (draft.id !== undefined) entry.id = draft.id
  if (draft.machine.trim() !== '') entry.machine = draft.machine
  const given =
    secretInput === 'env' ? (draft.secretEnv === '' ? null : { env: draft.secretEnv }) : draft.secret === '' ? null : draft.secret
  const secret = given ?? KEPT_SECRET
  if (draft.authType === 'bearer') entry.auth = { type: 'bearer', token: secret }
  else if (draft.authType === 'basic' || draft.authType === 'rest-login')
    entry.auth = { type: draft.authType, username: draft.username, password: secret }
  else entry.auth = { type: draft.authType }
  const tls: Record<string, string> = {}
  if (draft.caFile.trim() !== '') tls.caFile = draft.caFile
  if (draft.fingerprint256.trim() !== '') tls.fingerprint256 = draft.fingerprint256
  if (Object.keys(tls).length > 0) entry.tls = tls
  if (draft.allowPlainHttpCredentials) entry.allowPlainHttpCredentials = true
  if (!draft.enabled) entry.enabled = false
  return entry
}

/** The form field of a path inside a servers.json entry; 'list' for what no field shows (an unknown key). */
export function draftFieldOf(path: readonly PropertyKey[], secretInput: 'value' | 'env', hasFingerprint: boolean): DraftField | 'list' {
  const [first, second] = path
  if (first === 'auth') {
    if (second === 'username') return 'username'
    if (second === 'token' || second === 'password') return secretInput === 'env' ? 'secretEnv' : 'secret'
    return 'authType'
  }
  if (first === 'token') return 'authType'
  if (first === 'tls') return second === 'caFile' || second === 'fingerprint256' ? second : hasFingerprint ? 'fingerprint256' : 'caFile'
  if (first === 'id' || first === undefined || typeof first !== 'string' || !(first in FIELD_LABELS)) return 'list'
  return first as DraftField
}

/** A schema problem in the form's words: on its field, after the field's label. */
export function draftProblem(
  index: number,
  path: readonly PropertyKey[],
  sentence: string,
  draft: Pick<ServerDraft, 'fingerprint256'>,
  secretInput: 'value' | 'env',
): ServerProblem {
  const field = draftFieldOf(path, secretInput, draft.fingerprint256.trim() !== '')
  return { index, field, message: field === 'list' ? sentence : `${FIELD_LABELS[field]}: ${sentence}` }
}

const listSchema = serverListSchema(serverEntrySchema)

export function validateDrafts(drafts: readonly ServerDraft[], context: ValidationContext): ServerProblem[] {
  const problems: ServerProblem[] = []
  const parsed = listSchema.safeParse(drafts.map((draft) => entryOfDraft(draft, context.secretInput)))
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const [index, ...path] = issue.path
    const draft = typeof index === 'number' ? drafts[index] : undefined
    if (!draft || typeof index !== 'number') continue
    const sentence = issue.code === 'unrecognized_keys' ? describeIssue(issue) : issue.message
    problems.push(draftProblem(index, path, sentence, draft, context.secretInput))
  }
  const references = context.references?.()
  drafts.forEach((draft, index) => {
    const add = (field: DraftField, message: string): void =>
      void problems.push({ index, field, message: `${FIELD_LABELS[field]}: ${message}` })
    checkSecretInput(draft, context, add)
    if (references) checkReferences(draft, references, add)
    // A CA file refused above is never opened: whether it exists is not the page's to learn.
    if (!problems.some((problem) => problem.index === index && (problem.field === 'caFile' || problem.field === 'url')))
      checkCaFile(draft, context, add)
  })
  return problems
}

/**
 * The served page may ask only what the servers file already allows: it names no new
 * environment variable (it could read PATH, or any secret, into a request) and no new CA file
 * (the answer would tell whether any file exists). A new server may use the variable the
 * monitor suggests for it (SALES_TOKEN); anything else is written in the file by the admin.
 */
export function referenceProblems(draft: ServerDraft, references: PageReferences): { field: DraftField; message: string }[] {
  const problems: { field: DraftField; message: string }[] = []
  const field = secretFieldOf(draft.authType)
  if (
    field !== null &&
    draft.secretEnv !== '' &&
    !references.envNames.has(draft.secretEnv) &&
    draft.secretEnv !== envNameFor(draft.name, field)
  ) {
    problems.push({
      field: 'secretEnv',
      message: `must be a variable the servers file already uses, or ${envNameFor(draft.name, field)}; name any other in the file itself`,
    })
  }
  const caFile = draft.caFile.trim()
  if (caFile !== '' && !references.caFiles.has(caFile)) {
    problems.push({ field: 'caFile', message: 'must be a CA file the servers file already uses; name a new one in the file itself' })
  }
  return problems
}

function checkReferences(draft: ServerDraft, references: PageReferences, add: (field: DraftField, message: string) => void): void {
  for (const problem of referenceProblems(draft, references)) add(problem.field, problem.message)
}

/** The page's own limit: a secret is typed (desktop app, encrypted at once) or named as a variable (served mode), never the other way. */
function checkSecretInput(draft: ServerDraft, context: ValidationContext, add: (field: DraftField, message: string) => void): void {
  if (secretFieldOf(draft.authType) === null) return
  if (context.secretInput === 'env' && draft.secret !== '')
    add('secret', 'this page does not take secret values; name an environment variable of the monitor instead')
  if (context.secretInput === 'value' && draft.secretEnv !== '')
    add('secretEnv', 'environment variables are for the served mode; type the secret instead')
}

/** Not a rule of the entry but of the machine: the file must be there when the form saves it. */
function checkCaFile(draft: ServerDraft, context: ValidationContext, add: (field: DraftField, message: string) => void): void {
  const caFile = draft.caFile.trim()
  if (caFile === '' || !draft.url.trim().toLowerCase().startsWith('https:')) return
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

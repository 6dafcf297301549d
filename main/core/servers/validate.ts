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
import { issueText, sentence, type ProblemText } from './problem-text.ts'
import { serverEntrySchema, serverListSchema } from './server-schema.ts'
import type { DraftField, FieldProblem, ServerDraft, ServerProblem } from './server-types.ts'

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

/** A problem on a field: the English after the field's label, the message id without it (the page adds the label in its words). */
export function fieldProblem(
  field: DraftField | 'list',
  problem: { text: string; message?: ProblemText['message'] | undefined },
): FieldProblem {
  return {
    field,
    message: field === 'list' ? problem.text : `${FIELD_LABELS[field]}: ${problem.text}`,
    ...(problem.message ? { sentence: problem.message } : {}),
  }
}

/** A schema problem in the form's words: on its field, after the field's label. */
export function draftProblem(
  path: readonly PropertyKey[],
  problem: { text: string; message?: ProblemText['message'] | undefined },
  draft: Pick<ServerDraft, 'fingerprint256'>,
  secretInput: 'value' | 'env',
): FieldProblem {
  return fieldProblem(draftFieldOf(path, secretInput, draft.fingerprint256.trim() !== ''), problem)
}

const listSchema = serverListSchema(serverEntrySchema)

export function validateDrafts(drafts: readonly ServerDraft[], context: ValidationContext): ServerProblem[] {
  const problems: ServerProblem[] = []
  const parsed = listSchema.safeParse(drafts.map((draft) => entryOfDraft(draft, context.secretInput)))
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const [index, ...path] = issue.path
    const draft = typeof index === 'number' ? drafts[index] : undefined
    if (!draft || typeof index !== 'number') continue
    problems.push({ index, ...draftProblem(path, issueText(issue, path), draft, context.secretInput) })
  }
  const references = context.references?.()
  drafts.forEach((draft, index) => {
    const add = (field: DraftField, problem: ProblemText): void => void problems.push({ index, ...fieldProblem(field, problem) })
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
export function referenceProblems(draft: ServerDraft, references: PageReferences): { field: DraftField; problem: ProblemText }[] {
  const problems: { field: DraftField; problem: ProblemText }[] = []
  const field = secretFieldOf(draft.authType)
  if (
    field !== null &&
    draft.secretEnv !== '' &&
    !references.envNames.has(draft.secretEnv) &&
    draft.secretEnv !== envNameFor(draft.name, field)
  ) {
    const suggested = envNameFor(draft.name, field)
    problems.push({
      field: 'secretEnv',
      problem: sentence(
        'envNotInFile',
        `must be a variable the servers file already uses, or ${suggested}; name any other in the file itself`,
        { variable: suggested },
      ),
    })
  }
  const caFile = draft.caFile.trim()
  if (caFile !== '' && !references.caFiles.has(caFile)) {
    problems.push({
      field: 'caFile',
      problem: sentence('caFileNotInFile', 'must be a CA file the servers file already uses; name a new one in the file itself'),
    })
  }
  return problems
}

type Add = (field: DraftField, problem: ProblemText) => void

function checkReferences(draft: ServerDraft, references: PageReferences, add: Add): void {
  for (const { field, problem } of referenceProblems(draft, references)) add(field, problem)
}

/** The page's own limit: a secret is typed (desktop app, encrypted at once) or named as a variable (served mode), never the other way. */
function checkSecretInput(draft: ServerDraft, context: ValidationContext, add: Add): void {
  if (secretFieldOf(draft.authType) === null) return
  if (context.secretInput === 'env' && draft.secret !== '')
    add('secret', sentence('noSecretValues', 'this page does not take secret values; name an environment variable of the monitor instead'))
  if (context.secretInput === 'value' && draft.secretEnv !== '')
    add('secretEnv', sentence('noSecretEnv', 'environment variables are for the served mode; type the secret instead'))
}

/** Not a rule of the entry but of the machine: the file must be there when the form saves it. */
function checkCaFile(draft: ServerDraft, context: ValidationContext, add: Add): void {
  const caFile = draft.caFile.trim()
  if (caFile === '' || !draft.url.trim().toLowerCase().startsWith('https:')) return
  const path = context.resolveCaPath(caFile)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    add(
      'caFile',
      typeof code === 'string'
        ? sentence('caFileUnreadableCode', `cannot read ${path} (${code})`, { path, code })
        : sentence('caFileUnreadable', `cannot read ${path}`, { path }),
    )
    return
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    add('caFile', sentence('caFileNotPem', `${path} is not a PEM certificate file`, { path }))
}

// The server-list service: the settings screen's list, add, edit, remove,
// reorder and enable/disable all arrive as one whole list to save, checked
// (validate.ts), kept (a ServerPersistence) and applied to the running
// monitor at once. Nothing it returns holds a secret.
import { uniqueId } from './server-ids.ts'
import type { ServerConfig } from '../types/index.ts'
import { exportServersJson, parseImport, type ImportedDraft } from './import-export.ts'
import { KEEP_SECRET, type PageReferences, type SecretChange, type ServerPersistence } from './persistence.ts'
import { draftOf, listEntryOf, recordFromDraft, secretFieldOf, type ServerRecord } from './server-record.ts'
import type { ImportOutcome, SaveServersOutcome, ServerDraft, ServerList, ServerProblem } from './server-types.ts'
import { testConnection, type TestConnectionDeps } from './test-connection.ts'
import { fieldProblem, referenceProblems, validateDrafts, type ValidationContext } from './validate.ts'
import { importSentence, sentence, type ProblemText } from './problem-text.ts'
import type { ConnectionTestResult } from './server-types.ts'
import { resolveHostMachines, type HostLookup } from './host-machines.ts'
import type { HostMachineView } from '../types/index.ts'
import { errorSentence } from '../util/errors.ts'
import { errorMessageOf } from '../util/message-error.ts'

export interface ServerListOptions {
  persistence: ServerPersistence
  /** Gives the monitor the enabled servers after every save; `listed` counts all of them, disabled included (0: the demo). */
  apply: (configs: ServerConfig[], listed: number) => Promise<void> | void
  env?: NodeJS.ProcessEnv
  /** For "Test connection" (tests inject their own). */
  connection?: Partial<TestConnectionDeps>
  /** Looks host names up when the list is loaded or saved (default node:dns; tests inject their own). */
  lookup?: HostLookup
}

export interface ServerListService {
  list(): ServerList
  /** The enabled servers with their secrets, as the monitor polls them. */
  configs(): ServerConfig[]
  /** configs() with each unlabelled server's host resolved once (`hostMachine`): what the monitor is given, at start and on save. */
  resolvedConfigs(): Promise<ServerConfig[]>
  /** Puts these servers on one machine (sets their machine label) and saves the list: the Servers view's "put these on one machine". */
  putOnOneMachine(serverIds: readonly string[], machine: string): Promise<SaveServersOutcome>
  validate(drafts: readonly ServerDraft[]): ServerProblem[]
  save(drafts: readonly ServerDraft[]): Promise<SaveServersOutcome>
  testConnection(draft: ServerDraft): Promise<ConnectionTestResult>
  exportJson(): string
  importJson(text: string): Promise<ImportOutcome>
}

/**
 * A secret the page did not type itself (a saved one, or an environment variable) goes only to
 * the URL saved for its server: a test to a URL of the page's choosing would hand it over.
 */
function credentialsRefusal(draft: ServerDraft, saved: ServerRecord | undefined, secretInput: 'value' | 'env'): ProblemText | null {
  if (secretFieldOf(draft.authType) === null) return null
  if (secretInput === 'value' && draft.secret !== '') return null
  if (saved !== undefined && saved.url === draft.url.trim()) return null
  return sentence(
    'testNeedsSave',
    'Test connection: the saved credentials are sent only to the URL saved for this server; save the server first, then test it.',
  )
}

/** An imported entry keeps a variable or a CA file only if the servers file already names it; else it is left for the admin to set. */
function keepKnownReferences(drafts: ImportedDraft[], references: PageReferences): void {
  for (const entry of drafts) {
    for (const { field } of referenceProblems(entry.draft, references)) {
      const name = field === 'secretEnv' ? entry.draft.secretEnv : entry.draft.caFile
      entry.draft[field === 'secretEnv' ? 'secretEnv' : 'caFile'] = ''
      const end = 'was not taken: the servers file does not name it yet; write it there to use it.'
      entry.notes.push(
        field === 'secretEnv'
          ? importSentence('variableNotTaken', `The variable ${name} ${end}`, { name })
          : importSentence('caFileNotTaken', `The CA file ${name} ${end}`, { name }),
      )
    }
  }
}

export function createServerList(options: ServerListOptions): ServerListService {
  const { persistence } = options
  const env = options.env ?? process.env
  const context: ValidationContext = {
    secretInput: persistence.secretInput,
    resolveCaPath: (caFile) => persistence.resolveCaPath(caFile),
    ...(persistence.references ? { references: persistence.references.bind(persistence) } : {}),
  }

  // What the last resolution said, for the Servers view (issue 18); the monitor got the same result.
  let hostMachines: Map<string, HostMachineView> | null = null

  function list(): ServerList {
    const warning = persistence.storageWarning()
    return {
      servers: persistence.read().map((record) => listEntryOf(record, persistence.secretStatus(record))),
      secretInput: persistence.secretInput,
      storageWarning: warning?.text ?? null,
      ...(warning ? { storageWarningMessage: warning.message } : {}),
      ...(hostMachines ? { hostMachines: Object.fromEntries(hostMachines) } : {}),
    }
  }

  async function resolvedConfigs(): Promise<ServerConfig[]> {
    const resolved = await resolveHostMachines(configs(), options.lookup)
    hostMachines = resolved.views
    return resolved.configs
  }

  function configs(): ServerConfig[] {
    return persistence
      .read()
      .filter((record) => record.enabled)
      .map((record) => persistence.toConfig(record))
  }

  function secretChange(draft: ServerDraft): SecretChange {
    if (secretFieldOf(draft.authType) === null) return null
    if (persistence.secretInput === 'value') return draft.secret === '' ? KEEP_SECRET : draft.secret
    return draft.secretEnv === '' ? KEEP_SECRET : { env: draft.secretEnv }
  }

  /** Ids: a saved server keeps its own; a new one gets its name's slug, made unique. */
  function assignIds(
    drafts: readonly ServerDraft[],
    known: ReadonlySet<string>,
  ): { entries: { draft: ServerDraft; id: string }[]; problems: ServerProblem[] } {
    const problems: ServerProblem[] = []
    const used = new Set<string>()
    for (const draft of drafts) if (draft.id !== undefined) used.add(draft.id)
    const entries = drafts.map((draft, index) => {
      if (draft.id !== undefined) {
        if (!known.has(draft.id))
          problems.push({
            index,
            ...fieldProblem(
              'list',
              sentence('noLongerSaved', `The server "${draft.name}" is no longer in the saved list: reload the list and try again.`, {
                server: draft.name,
              }),
            ),
          })
        return { draft, id: draft.id }
      }
      const id = uniqueId(draft.name, used)
      used.add(id)
      return { draft, id }
    })
    return { entries, problems }
  }

  async function save(drafts: readonly ServerDraft[]): Promise<SaveServersOutcome> {
    const problems = validateDrafts(drafts, context)
    if (problems.length > 0) return { status: 'invalid', problems }
    const previous = new Map(persistence.read().map((record) => [record.id, record] as const))
    const assigned = assignIds(drafts, new Set(previous.keys()))
    if (assigned.problems.length > 0) return { status: 'invalid', problems: assigned.problems }
    const records: ServerRecord[] = assigned.entries.map(({ draft, id }) => {
      const record = recordFromDraft(draft, id)
      // The form has no input for the body limit or the records cap: a saved server keeps the ones written in its file.
      const kept = previous.get(record.id)
      if (kept?.maxBodyBytes !== undefined) record.maxBodyBytes = kept.maxBodyBytes
      if (kept?.maxRecords !== undefined) record.maxRecords = kept.maxRecords
      return record
    })
    const changes = new Map(assigned.entries.map(({ draft, id }) => [id, secretChange(draft)] as const))
    persistence.write(records, changes)
    await options.apply(await resolvedConfigs(), records.length)
    return { status: 'saved', list: list() }
  }

  async function putOnOneMachine(serverIds: readonly string[], machine: string): Promise<SaveServersOutcome> {
    const label = machine.trim()
    const drafts = list().servers.map(draftOf)
    const unknown = serverIds.filter((id) => !drafts.some((draft) => draft.id === id))
    if (label === '' || serverIds.length < 2 || unknown.length > 0) {
      const ids = unknown.map((id) => `"${id}"`).join(', ')
      const refusal =
        label === ''
          ? sentence('oneMachineNoLabel', 'Put on one machine: the machine label is empty.')
          : unknown.length > 0
            ? sentence('oneMachineUnknown', `Put on one machine: no saved server has the id ${ids}: reload the list and try again.`, {
                ids,
              })
            : sentence('oneMachineTooFew', 'Put on one machine: name at least two servers.')
      return { status: 'invalid', problems: [{ index: 0, ...fieldProblem('list', refusal) }] }
    }
    for (const draft of drafts) if (draft.id !== undefined && serverIds.includes(draft.id)) draft.machine = label
    return save(drafts)
  }

  return {
    list,
    configs,
    resolvedConfigs,
    putOnOneMachine,
    validate: (drafts) => validateDrafts(drafts, context),
    save,
    testConnection(draft) {
      const problems = validateDrafts([draft], context)
      if (problems.length > 0)
        return Promise.resolve({
          ok: false,
          latencyMs: 0,
          error: problems.map((problem) => problem.message).join('; '),
          problems: problems.map(({ index: _index, ...problem }) => problem),
        })
      const saved = draft.id === undefined ? undefined : persistence.read().find((record) => record.id === draft.id)
      const refusal = credentialsRefusal(draft, saved, persistence.secretInput)
      if (refusal) return Promise.resolve({ ok: false, latencyMs: 0, error: refusal.text, errorMessage: refusal.message })
      // The saved secret is read only when the test uses it: a keyring that can no longer open it says so here.
      const usesSaved = persistence.secretInput === 'value' ? draft.secret === '' : draft.secretEnv === ''
      let secret = persistence.secretInput === 'value' ? draft.secret : (env[draft.secretEnv] ?? null)
      if (usesSaved) {
        try {
          secret = saved && secretFieldOf(saved.auth.type) === secretFieldOf(draft.authType) ? persistence.savedSecret(saved) : null
        } catch (error) {
          const errorMessage = errorMessageOf(error)
          return Promise.resolve({ ok: false, latencyMs: 0, error: errorSentence(error), ...(errorMessage ? { errorMessage } : {}) })
        }
      }
      return testConnection(
        recordFromDraft(draft, draft.id ?? 'connection-test'),
        secret ?? '',
        (caFile) => persistence.resolveCaPath(caFile),
        options.connection,
      )
    },
    exportJson: () => exportServersJson(persistence.read()),
    async importJson(text) {
      const current = list().servers.map(draftOf)
      const parsed = parseImport(text, persistence.secretInput)
      if (parsed.ok && context.references) keepKnownReferences(parsed.drafts, context.references())
      if (!parsed.ok) {
        const refusal = fieldProblem('list', parsed.error)
        return {
          entries: [
            {
              index: 0,
              name: '',
              status: 'invalid',
              problems: [refusal.message],
              problemDetails: [refusal],
              needsSecret: false,
              notes: [],
              noteMessages: [],
            },
          ],
          list: list(),
        }
      }
      const problems = validateDrafts([...current, ...parsed.drafts.map((entry) => entry.draft)], context)
      const entries = parsed.drafts.map((entry, index) => {
        const own = problems.filter((problem) => problem.index === current.length + index).map(({ index: _index, ...problem }) => problem)
        // An entry the schema refused has only a partial draft: its own problems say it all.
        const all = entry.problems.length > 0 ? entry.problems : own
        const needsSecret = secretFieldOf(entry.draft.authType) !== null && entry.draft.secretEnv === ''
        return {
          index,
          name: entry.draft.name,
          status: all.length === 0 ? ('added' as const) : ('invalid' as const),
          problemDetails: all,
          needsSecret,
          notes: entry.notes,
          draft: entry.draft,
        }
      })
      const added = entries.filter((entry) => entry.status === 'added').map((entry) => entry.draft)
      if (added.length > 0) {
        const outcome = await save([...current, ...added])
        if (outcome.status === 'invalid') {
          for (const entry of entries) entry.status = 'invalid'
          entries[0]?.problemDetails.push(...outcome.problems.map(({ index: _index, ...problem }) => problem))
        }
      }
      return {
        entries: entries.map(({ draft: _draft, problemDetails, notes, ...entry }) => ({
          ...entry,
          problems: problemDetails.map((problem) => problem.message),
          problemDetails,
          notes: notes.map((note) => note.text),
          noteMessages: notes.map((note) => note.message),
        })),
        list: list(),
      }
    },
  }
}

// Server settings: the saved list (without secrets) and every call that
// changes it. The only store that talks to the server calls of the API; the
// Servers view and its form get state from here and emit events back.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Result } from '../../../main/core/contract/contract.ts'
import type {
  ConnectionTestResult,
  ImportOutcome,
  ServerDraft,
  ServerList,
  ServerListEntry,
  ServerProblem,
  TextMessage,
} from '../../../main/core/types/index.ts'
import { safeCall } from '../api/safe-call.ts'
import { useApi } from '../api/use-api.ts'

/** A new server's form, with the monitor's defaults (5 s interval, 4 s timeout). */
export function emptyDraft(): ServerDraft {
  return {
    name: '',
    url: '',
    kind: 'http-json',
    machine: '',
    intervalMs: 5000,
    timeoutMs: 4000,
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

/** The form of a saved server: secret fields empty, which keeps the saved secret. */
export function draftOf(entry: ServerListEntry): ServerDraft {
  const { secret: _status, ...rest } = entry
  return { ...rest, secret: '', secretEnv: '' }
}

export const useSettingsStore = defineStore('settings', () => {
  const list = shallowRef<ServerList | null>(null)
  /** The last failure of a call, as a sentence; null after a success. */
  const error = ref<string | null>(null)
  /** That failure as a catalogue message when the backend gave one (a servers file it could not write), for the page's language. */
  const errorMessage = shallowRef<TextMessage | undefined>(undefined)
  /** When that failure is a refusal of the list (put on one machine): its problems, for the page to say in its language. */
  const refusal = shallowRef<ServerProblem[]>([])
  const busy = ref(false)

  const drafts = (): ServerDraft[] => (list.value?.servers ?? []).map(draftOf)

  /** The call's data, or null with its failure kept in `error`. */
  function dataOrError<T>(result: Result<T>): T | null {
    error.value = result.ok ? null : result.error
    errorMessage.value = result.ok ? undefined : result.errorMessage
    refusal.value = []
    return result.ok ? result.data : null
  }

  async function load(): Promise<void> {
    const data = dataOrError(await safeCall(() => useApi().listServers()))
    if (data) list.value = data
  }

  /** Saves the whole list; the problems when it is not valid, [] when saved, null when the call failed. */
  async function saveAll(next: ServerDraft[]): Promise<ServerProblem[] | null> {
    busy.value = true
    try {
      const outcome = dataOrError(await safeCall(() => useApi().saveServers(next)))
      if (outcome === null) return null
      if (outcome.status === 'invalid') return outcome.problems
      list.value = outcome.list
      return []
    } finally {
      busy.value = false
    }
  }

  /** Saves one server's form: `index` null adds it at the end. */
  function saveDraft(draft: ServerDraft, index: number | null): Promise<ServerProblem[] | null> {
    const next = drafts()
    if (index === null) next.push(draft)
    else next[index] = draft
    return saveAll(next)
  }

  /** What to fix in the form at `index` (null: a new server at the end), checked against the rest of the list. */
  async function validateDraft(draft: ServerDraft, index: number | null): Promise<ServerProblem[]> {
    const next = drafts()
    const at = index ?? next.length
    next[at] = draft
    const result = await safeCall(() => useApi().validateServers(next))
    return result.ok ? result.data.filter((problem) => problem.index === at) : [{ index: at, field: 'list', message: result.error }]
  }

  function remove(id: string): Promise<ServerProblem[] | null> {
    return saveAll(drafts().filter((draft) => draft.id !== id))
  }

  function move(id: string, step: -1 | 1): Promise<ServerProblem[] | null> {
    const next = drafts()
    const from = next.findIndex((draft) => draft.id === id)
    const to = from + step
    if (from < 0 || to < 0 || to >= next.length) return Promise.resolve([])
    const [moving, other] = [next[from], next[to]]
    if (moving === undefined || other === undefined) return Promise.resolve([])
    next[from] = other
    next[to] = moving
    return saveAll(next)
  }

  function setEnabled(id: string, enabled: boolean): Promise<ServerProblem[] | null> {
    return saveAll(drafts().map((draft) => (draft.id === id ? { ...draft, enabled } : draft)))
  }

  async function testConnection(draft: ServerDraft): Promise<ConnectionTestResult | string> {
    const result = await safeCall(() => useApi().testConnection(draft))
    return result.ok ? result.data : result.error
  }

  /** Sets one machine label on these servers and saves (issue 18); the problems when refused, [] when saved, null when the call failed. */
  async function putOnOneMachine(serverIds: string[], machine: string): Promise<ServerProblem[] | null> {
    busy.value = true
    try {
      const outcome = dataOrError(await safeCall(() => useApi().putOnOneMachine(serverIds, machine)))
      if (outcome === null) return null
      if (outcome.status === 'invalid') {
        error.value = outcome.problems.map((problem) => problem.message).join(' ')
        refusal.value = outcome.problems
        return outcome.problems
      }
      list.value = outcome.list
      return []
    } finally {
      busy.value = false
    }
  }

  async function exportJson(): Promise<string | null> {
    return dataOrError(await safeCall(() => useApi().exportServers()))
  }

  async function importJson(text: string): Promise<ImportOutcome | null> {
    const outcome = dataOrError(await safeCall(() => useApi().importServers(text)))
    if (outcome) list.value = outcome.list
    return outcome
  }

  return {
    list,
    error,
    errorMessage,
    refusal,
    busy,
    load,
    saveAll,
    saveDraft,
    validateDraft,
    remove,
    move,
    setEnabled,
    testConnection,
    exportJson,
    importJson,
    putOnOneMachine,
  }
})

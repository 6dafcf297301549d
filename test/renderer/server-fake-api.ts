// A fake of the server calls installed as the preload API, for the settings store and the Servers view.
import type { ServerDraft, ServerList, ServerListEntry } from '../../main/core/types/index.ts'
import { emptyDraft } from '../../renderer/src/stores/settings.ts'

export function entry(id: string, overrides: Partial<ServerListEntry> = {}): ServerListEntry {
  const { secret: _s, secretEnv: _e, ...draft } = { ...emptyDraft(), name: id.toUpperCase(), url: `http://127.0.0.1/${id}` }
  return { ...draft, id, secret: { state: 'not set' }, ...overrides }
}

function listed(draft: ServerDraft, index: number): ServerListEntry {
  const { secret: _s, secretEnv: _e, ...rest } = draft
  return { ...rest, id: draft.id ?? `new${index}`, secret: { state: 'not set' } }
}

export function installFakeServerApi(list: ServerList) {
  const calls: { name: string; args: unknown[] }[] = []
  const api = {
    listServers: async () => (calls.push({ name: 'listServers', args: [] }), { ok: true, data: list }),
    saveServers: async (drafts: ServerDraft[]) => {
      calls.push({ name: 'saveServers', args: [drafts] })
      const bad = drafts.findIndex((d) => !d.url.startsWith('http'))
      if (bad >= 0)
        return {
          ok: true,
          data: { status: 'invalid', problems: [{ index: bad, field: 'url', message: 'URL: must be an http or https URL' }] },
        }
      return { ok: true, data: { status: 'saved', list: { ...list, servers: drafts.map(listed) } } }
    },
    validateServers: async (drafts: ServerDraft[]) => (calls.push({ name: 'validateServers', args: [drafts] }), { ok: true, data: [] }),
    testConnection: async () => ({ ok: false, error: 'the backend is gone' }),
  }
  ;(window as unknown as { licenseMonitor?: unknown }).licenseMonitor = api
  return calls
}

// The settings store over a fake backend: it alone calls the server API, and
// every list change is one saveServers of the whole list in order.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ServerDraft, ServerList } from '../../../main/core/types/index.ts'
import { emptyDraft, useSettingsStore } from '../../../renderer/src/stores/settings.ts'
import { entry, installFakeServerApi } from '../server-fake-api.ts'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  delete (window as unknown as { licenseMonitor?: unknown }).licenseMonitor
})

describe('settings store', () => {
  const list: ServerList = { servers: [entry('a'), entry('b'), entry('c')], secretInput: 'env', storageWarning: null }

  it('loads the list and saves a reorder, a toggle and a removal as whole lists', async () => {
    const calls = installFakeServerApi(list)
    const settings = useSettingsStore()
    await settings.load()
    expect(settings.list?.servers.map((s) => s.id)).toEqual(['a', 'b', 'c'])
    await settings.move('c', -1)
    expect((calls.at(-1)!.args[0] as ServerDraft[]).map((d) => d.id)).toEqual(['a', 'c', 'b'])
    await settings.setEnabled('a', false)
    expect((calls.at(-1)!.args[0] as ServerDraft[])[0]!.enabled).toBe(false)
    await settings.remove('b')
    expect((calls.at(-1)!.args[0] as ServerDraft[]).map((d) => d.id)).toEqual(['a', 'c'])
    // Secrets are never re-sent: saved drafts leave them empty (keep).
    expect((calls.at(-1)!.args[0] as ServerDraft[]).every((d) => d.secret === '' && d.secretEnv === '')).toBe(true)
  })

  it('returns the problems of an invalid save and keeps the list', async () => {
    installFakeServerApi(list)
    const settings = useSettingsStore()
    await settings.load()
    const problems = await settings.saveDraft({ ...emptyDraft(), name: 'X', url: 'ftp://x' }, null)
    expect(problems).toEqual([{ index: 3, field: 'url', message: 'URL: must be an http or https URL' }])
    expect(settings.list?.servers).toHaveLength(3)
  })

  it('turns a failed call into a sentence', async () => {
    installFakeServerApi(list)
    const settings = useSettingsStore()
    expect(await settings.testConnection(emptyDraft())).toBe('the backend is gone')
  })
})

// The language choice goes through the backend like the theme (issue 20):
// the saved choice wins at start, a pick is saved with setLanguage, a pick
// cached in this browser before the backend kept one is saved once, and the
// pseudo-locale never leaves the browser.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppearanceView } from '../../../main/core/types/index.ts'
import { currentLocale, LANGUAGE_STORAGE_KEY, setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { useAppearanceStore } from '../../../renderer/src/stores/appearance.ts'
import { fakeApi, type FakeApi } from '../fake-api.ts'

function apiSaving(saved: AppearanceView['language']): FakeApi {
  const api = fakeApi()
  let language = saved
  api.answers.getAppearance = () => ({ ok: true, data: { theme: 'system', language, problem: null } })
  api.answers.setLanguage = (next) => {
    language = next as AppearanceView['language']
    return { ok: true, data: { theme: 'system', language, problem: null } }
  }
  return api
}

const saves = (api: FakeApi) => api.calls.filter((call) => call.name === 'setLanguage').map((call) => call.args[0])

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  setLanguageChoice('system')
  localStorage.clear()
})

describe('the language choice kept by the backend', () => {
  it('speaks the saved language at start, over a different pick cached in this browser', async () => {
    setLanguageChoice('es')
    const api = apiSaving('fr')
    await useAppearanceStore().start(api)
    expect(currentLocale()).toBe('fr')
    expect(document.documentElement.lang).toBe('fr')
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('fr')
    expect(saves(api)).toEqual([])
  })

  it('saves each pick, and "Automatic" as system', async () => {
    const api = apiSaving('system')
    const store = useAppearanceStore()
    await store.start(api)
    await store.chooseLanguage('de')
    expect(currentLocale()).toBe('de')
    await store.chooseLanguage('system')
    expect(saves(api)).toEqual(['de', 'system'])
    expect(store.languageError).toBeNull()
  })

  it('saves once a pick cached before the backend kept one; never the pseudo-locale', async () => {
    setLanguageChoice('ja')
    const api = apiSaving('system')
    await useAppearanceStore().start(api)
    expect(saves(api)).toEqual(['ja'])
    expect(currentLocale()).toBe('ja')

    setActivePinia(createPinia())
    setLanguageChoice('en-XA')
    const tester = apiSaving('system')
    const store = useAppearanceStore()
    await store.start(tester)
    await store.chooseLanguage('en-XA')
    expect(currentLocale()).toBe('en-XA')
    expect(saves(tester)).toEqual([])
  })

  it("keeps a tester's pseudo-locale over a saved language (a page in en-XA stays in en-XA)", async () => {
    setLanguageChoice('en-XA')
    const api = apiSaving('pt-BR')
    await useAppearanceStore().start(api)
    expect(currentLocale()).toBe('en-XA')
    expect(saves(api)).toEqual([])
  })

  it('still speaks the pick when saving fails, and says why', async () => {
    const api = apiSaving('system')
    api.answers.setLanguage = () => ({ ok: false, error: 'appearance settings are not available here' })
    const store = useAppearanceStore()
    await store.start(api)
    await store.chooseLanguage('pt-BR')
    expect(currentLocale()).toBe('pt-BR')
    expect(store.languageError).toBe('appearance settings are not available here')
  })
})

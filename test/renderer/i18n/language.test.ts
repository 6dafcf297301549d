// Choosing the language: the menu switches every text of the page at once,
// <html lang> follows, the pick survives a reload (localStorage), and
// "Automatic" goes back to the browser's language.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import App from '../../../renderer/src/App.vue'
import { LANGUAGE_STORAGE_KEY, languageChoice, resolveLocale, setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { useAppearanceStore } from '../../../renderer/src/stores/appearance.ts'
import { useMonitorStore } from '../../../renderer/src/stores/monitor.ts'
import { fakeApi } from '../fake-api.ts'
import { NOW, snapshot } from '../fixtures.ts'

async function mountApp() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const api = fakeApi({ connection: true })
  api.results.push({ ok: true, data: snapshot() })
  const wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  // The menu saves each pick through the backend (stores/appearance.ts): this one keeps it for the test.
  api.answers.getAppearance = () => ({ ok: true, data: { theme: 'system', language: 'system', problem: null } })
  api.answers.setLanguage = (language) => ({ ok: true, data: { theme: 'system', language, problem: null } })
  await useAppearanceStore().start(api)
  await useMonitorStore().start(api, { clock: () => NOW })
  await flushPromises()
  return wrapper
}

afterEach(() => {
  setActivePinia(undefined)
  setLanguageChoice('system')
  localStorage.clear()
  sessionStorage.clear()
})

describe('the language menu', () => {
  it('switches the tabs, the table and <html lang>, and keeps the pick', async () => {
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid=tab-licenses]').text()).toBe('Licenses')
    await wrapper.get('[data-testid=language-select]').setValue('pt-BR')
    expect(wrapper.get('[data-testid=tab-licenses]').text()).toBe('Licenças')
    expect(wrapper.get('[data-testid=tab-servers]').text()).toBe('Servidores')
    expect(wrapper.get('[data-testid=sort-remaining]').text()).toContain('Restantes')
    expect(wrapper.get('[data-testid=row-count]').text()).toMatch(/^\d+ linhas de produto$/)
    expect(document.documentElement.lang).toBe('pt-BR')
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('pt-BR')
    expect(languageChoice.value).toBe('pt-BR')

    await wrapper.get('[data-testid=language-select]').setValue('ja')
    expect(wrapper.get('[data-testid=tab-licenses]').text()).toBe('ライセンス')
    expect(document.documentElement.lang).toBe('ja')
    wrapper.unmount()
  })

  it('"Automatic" forgets the pick and follows the browser’s languages', async () => {
    setLanguageChoice('de')
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid=tab-history]').text()).toBe('Verlauf')
    await wrapper.get('[data-testid=language-select]').setValue('system')
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBeNull()
    expect(document.documentElement.lang).toBe(resolveLocale('system'))
    expect(resolveLocale('system', ['fr-BE', 'en'])).toBe('fr')
    expect(resolveLocale('system', ['zh-CN'])).toBe('en')
    wrapper.unmount()
  })
})

import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { ExportCsvRequest } from '../../../main/core/types/index.ts'
import ExportDialog from '../../../renderer/src/components/ExportDialog.vue'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { exportLocale } from '../../../renderer/src/model/export-locale.ts'

afterEach(() => {
  setLanguageChoice('system')
  localStorage.clear()
})

const props = { defaultKind: 'usage' as const, busy: false, error: null, outcome: null }

describe('ExportDialog', () => {
  it('submits the kind, the locale and the chosen delimiter, column names in the locale’s language; no range for usage', async () => {
    const wrapper = mount(ExportDialog, { props })
    await wrapper.get('[data-testid=export-locale]').setValue('pt-BR')
    await wrapper.get('[data-testid=export-delimiter]').setValue(';')
    expect(wrapper.find('[data-testid=export-from]').exists()).toBe(false)
    expect((wrapper.get('[data-testid=export-english-headers]').element as HTMLInputElement).checked).toBe(false)
    await wrapper.get('[data-testid=export-submit]').trigger('submit')
    expect(wrapper.emitted('submit')).toEqual([[{ kind: 'usage', locale: 'pt-BR', delimiter: ';', headerLanguage: 'locale' }]])
  })

  it('"English column names (for scripts)" asks for the English headers', async () => {
    const wrapper = mount(ExportDialog, { props })
    expect(wrapper.get('label.export-english-headers').text()).toBe('English column names (for scripts)')
    await wrapper.get('[data-testid=export-english-headers]').setValue(true)
    await wrapper.get('form').trigger('submit')
    const [[request]] = wrapper.emitted('submit') as [[ExportCsvRequest]]
    expect(request.headerLanguage).toBe('english')
  })

  it('speaks the page’s language and starts from its locale (Portuguese picked in the menu, browser in English)', async () => {
    setLanguageChoice('pt-BR')
    const wrapper = mount(ExportDialog, { props: { ...props, outcome: { status: 'saved', path: '/tmp/u.csv', rows: 1234 } } })
    expect(wrapper.get('#export-title').text()).toBe('Exportar CSV')
    expect(wrapper.get('label.export-english-headers').text()).toBe('Nomes de coluna em inglês (para scripts)')
    expect(wrapper.get('[data-testid=export-kind] option[value=holdings]').text()).toBe('Quem reteve qual licença, em um período')
    expect(wrapper.get('[data-testid=export-done]').text()).toBe('1.234 linhas salvas em /tmp/u.csv')
    expect((wrapper.get('[data-testid=export-locale]').element as HTMLInputElement).value).toBe(exportLocale('pt-BR', navigator.language))
    expect(exportLocale('pt-BR', 'en-US')).toBe('pt-BR')
    expect(exportLocale('pt-BR', 'pt-PT')).toBe('pt-PT')
    expect(exportLocale('de', 'de-AT')).toBe('de-AT')
    expect(exportLocale('en', 'fr-FR')).toBe('en-US')
    expect(exportLocale('en-XA', 'en-GB')).toBe('en-GB')
  })

  it('history asks for a range and a granularity, sent as ISO times', async () => {
    const wrapper = mount(ExportDialog, { props: { ...props, defaultKind: 'history' } })
    await wrapper.get('[data-testid=export-from]').setValue('2026-11-28T08:00')
    await wrapper.get('[data-testid=export-to]').setValue('2026-11-28T10:00')
    await wrapper.get('[data-testid=export-granularity]').setValue('minute')
    await wrapper.get('form').trigger('submit')
    const [[request]] = wrapper.emitted('submit') as [[ExportCsvRequest]]
    expect(request).toMatchObject({
      kind: 'history',
      granularity: 'minute',
      from: new Date(2026, 10, 28, 8).toISOString(),
      to: new Date(2026, 10, 28, 10).toISOString(),
    })
    expect(request.delimiter).toBeUndefined()
  })

  it('a backwards range is shown and not submitted', async () => {
    const wrapper = mount(ExportDialog, { props: { ...props, defaultKind: 'holdings' } })
    await wrapper.get('[data-testid=export-from]').setValue('2026-11-28T10:00')
    await wrapper.get('[data-testid=export-to]').setValue('2026-11-28T08:00')
    expect(wrapper.get('[data-testid=export-problem]').text()).toBe('The start must be before the end.')
    expect(wrapper.get('[data-testid=export-submit]').attributes('disabled')).toBeDefined()
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('submit')).toBeUndefined()
  })

  it('shows the error or the outcome it is given, and closes on request', async () => {
    const wrapper = mount(ExportDialog, { props: { ...props, error: 'The history file is damaged.' } })
    expect(wrapper.get('[data-testid=export-error]').text()).toBe('The history file is damaged.')
    await wrapper.setProps({ error: null, outcome: { status: 'saved', path: '/tmp/u.csv', rows: 3 } })
    expect(wrapper.get('[data-testid=export-done]').text()).toBe('Saved 3 rows to /tmp/u.csv')
    await wrapper.get('[data-testid=export-cancel]').trigger('click')
    expect(wrapper.emitted('close')).toHaveLength(1)
  })
})

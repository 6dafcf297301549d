// The History view's retention form: inline messages (raw at least 1 hour,
// per-minute at least as long as raw, per-hour at least as long as
// per-minute), no save while one shows, and the history store's round trip.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { HistoryRetention, HistorySettingsView } from '../../../main/core/types/index.ts'
import RetentionForm from '../../../renderer/src/components/RetentionForm.vue'
import { validateRetention } from '../../../renderer/src/model/retention-form.ts'
import { useHistoryStore } from '../../../renderer/src/stores/history.ts'
import { fakeApi } from '../fake-api.ts'

const DEFAULTS: HistoryRetention = { rawHours: 48, minuteDays: 30, hourDays: 730, holdingsDays: 730 }
const VIEW: HistorySettingsView = { retention: DEFAULTS, defaults: DEFAULTS, problem: null }

function mountForm(props: Partial<{ settings: HistorySettingsView; saving: boolean; error: string | null; saved: boolean }> = {}) {
  return mount(RetentionForm, { props: { settings: VIEW, saving: false, error: null, saved: false, ...props } })
}

describe('validateRetention', () => {
  it('accepts the defaults and names each rule that is broken', () => {
    expect(validateRetention(DEFAULTS)).toEqual({})
    expect(validateRetention({ ...DEFAULTS, rawHours: 0 }).rawHours).toBe('Keep raw samples for at least 1 hour (a whole number of hours).')
    expect(validateRetention({ ...DEFAULTS, rawHours: 1.5 }).rawHours).toMatch(/whole number/)
    expect(validateRetention({ ...DEFAULTS, rawHours: 72, minuteDays: 2 }).minuteDays).toBe(
      'Keep per-minute rollups at least as long as raw samples (72 hours).',
    )
    expect(validateRetention({ ...DEFAULTS, minuteDays: 40, hourDays: 30 }).hourDays).toBe(
      'Keep per-hour rollups at least as long as per-minute rollups (40 days).',
    )
    expect(validateRetention({ ...DEFAULTS, holdingsDays: null }).holdingsDays).toMatch(/whole number of days/)
    expect(validateRetention({ rawHours: 24, minuteDays: 1, hourDays: 1, holdingsDays: 1 })).toEqual({})
  })
})

describe('RetentionForm', () => {
  it('shows the settings in force and saves them as numbers', async () => {
    const wrapper = mountForm()
    expect((wrapper.get('[data-testid="retention-rawHours"]').element as HTMLInputElement).value).toBe('48')
    await wrapper.get('[data-testid="retention-rawHours"]').setValue('12')
    await wrapper.get('[data-testid="retention-minuteDays"]').setValue('7')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('save')).toEqual([[{ rawHours: 12, minuteDays: 7, hourDays: 730, holdingsDays: 730 }]])
  })

  it('marks a field inline and refuses to save while a rule is broken', async () => {
    const wrapper = mountForm()
    const raw = wrapper.get('[data-testid="retention-rawHours"]')
    await raw.setValue('0')
    expect(raw.attributes('aria-invalid')).toBe('true')
    expect(raw.attributes('aria-describedby')).toBe('retention-rawHours-error')
    expect(wrapper.get('#retention-rawHours-error').text()).toBe('Keep raw samples for at least 1 hour (a whole number of hours).')
    expect(wrapper.get('[data-testid="retention-save"]').attributes('disabled')).toBeDefined()
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('save')).toBeUndefined()

    await raw.setValue('96')
    await wrapper.get('[data-testid="retention-minuteDays"]').setValue('3')
    expect(wrapper.find('[data-testid="retention-error-rawHours"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="retention-error-minuteDays"]').text()).toBe(
      'Keep per-minute rollups at least as long as raw samples (96 hours).',
    )
    await wrapper.get('[data-testid="retention-minuteDays"]').setValue('4')
    await wrapper.get('[data-testid="retention-hourDays"]').setValue('2')
    expect(wrapper.get('[data-testid="retention-error-hourDays"]').text()).toBe(
      'Keep per-hour rollups at least as long as per-minute rollups (4 days).',
    )
    await wrapper.get('[data-testid="retention-hourDays"]').setValue('')
    expect(wrapper.get('[data-testid="retention-hourDays"]').attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('[data-testid="retention-save"]').attributes('disabled')).toBeDefined()
  })

  it("shows a load problem and the backend's refusal", () => {
    const wrapper = mountForm({
      settings: { ...VIEW, problem: 'The history settings file x is not valid JSON.' },
      error: 'History retention: unknown field "x".',
    })
    expect(wrapper.get('[data-testid="retention-problem"]').text()).toContain('is not valid JSON')
    expect(wrapper.get('[data-testid="retention-save-error"]').text()).toBe('History retention: unknown field "x".')
  })
})

describe('history store retention calls', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('loads the settings, saves a retention and keeps what the backend answered', async () => {
    const api = fakeApi()
    const saved = { ...DEFAULTS, rawHours: 6 }
    api.answers.getHistorySettings = () => ({ ok: true, data: VIEW })
    api.answers.setHistorySettings = () => ({ ok: true, data: { ...VIEW, retention: saved } })
    const history = useHistoryStore()
    history.use(api)
    await history.loadSettings()
    expect(history.settings).toEqual(VIEW)
    expect(await history.saveRetention(saved)).toBe(true)
    expect(api.calls.at(-1)).toEqual({ name: 'setHistorySettings', args: [{ retention: saved }] })
    expect(history.settings?.retention).toEqual(saved)
    expect(history.settingsSaved).toBe(true)
  })

  it('keeps the settings and shows the sentence when a save is refused', async () => {
    const api = fakeApi()
    api.answers.getHistorySettings = () => ({ ok: true, data: VIEW })
    api.answers.setHistorySettings = () => ({ ok: false, error: 'History retention: "rawHours" (raw samples (hours)) must be at least 1.' })
    const history = useHistoryStore()
    history.use(api)
    await history.loadSettings()
    expect(await history.saveRetention({ ...DEFAULTS, rawHours: 0 })).toBe(false)
    await flushPromises()
    expect(history.settings).toEqual(VIEW)
    expect(history.settingsError).toMatch(/must be at least 1/)
    expect(history.settingsSaved).toBe(false)
  })
})

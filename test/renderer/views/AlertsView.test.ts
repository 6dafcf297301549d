import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AlertSettingsView, AlertThresholds, Notice, Snapshot, SnapshotAlerts } from '../../../main/core/types/index.ts'
import App from '../../../renderer/src/App.vue'
import { useAlertsStore } from '../../../renderer/src/stores/alerts.ts'
import { useMonitorStore } from '../../../renderer/src/stores/monitor.ts'
import { fakeApi, type FakeApi } from '../fake-api.ts'
import { NOW, snapshot } from '../fixtures.ts'

const FULL: AlertThresholds = {
  warning: { utilizationPercent: 80, remaining: null, forMs: 30_000, repeatMs: null },
  critical: { utilizationPercent: 95, remaining: 1, forMs: 0, repeatMs: 1_800_000 },
  exhausted: { utilizationPercent: null, remaining: 0, forMs: 0, repeatMs: 1_800_000 },
  hysteresis: { utilizationPoints: 5, remaining: 2 },
  overrides: [],
  unreachableAfterFailures: 3,
}
const SETTINGS: AlertSettingsView = { config: FULL, defaults: FULL, notificationsEnabled: true, problem: null }

function alertsSection(): SnapshotAlerts {
  return {
    active: [
      {
        key: '808464441@srv-app-01',
        kind: 'license',
        machine: 'srv-app-01',
        productId: 808464441,
        subject: '4D Client',
        phase: 'firing',
        level: 'critical',
        since: new Date(NOW - 120_000).toISOString(),
        snoozedUntil: null,
        text: '4D Client on srv-app-01: 1 of 10 left (90%)',
      },
    ],
    transitions: [
      {
        at: new Date(NOW - 300_000).toISOString(),
        kind: 'license',
        machine: 'srv-app-01',
        productId: 808464441,
        subject: '4D Client',
        from: { phase: 'pending', level: null },
        to: { phase: 'firing', level: 'warning' },
        value: '8 of 10 used, 2 left',
      },
      {
        at: new Date(NOW - 120_000).toISOString(),
        kind: 'license',
        machine: 'srv-app-01',
        productId: 808464441,
        subject: '4D Client',
        from: { phase: 'firing', level: 'warning' },
        to: { phase: 'firing', level: 'critical' },
        value: '9 of 10 used, 1 left',
      },
    ],
    snoozedUntil: null,
    problem: null,
  }
}

let api: FakeApi

async function mountAlerts(first: Snapshot = { ...snapshot(), alerts: alertsSection() }) {
  const pinia = createPinia()
  setActivePinia(pinia)
  sessionStorage.clear()
  api = fakeApi()
  api.results.push({ ok: true, data: first })
  api.answers.getAlertConfig = () => ({ ok: true, data: SETTINGS })
  api.answers.previewAlertConfig = (config) => {
    const warning = (config as AlertThresholds).warning?.utilizationPercent ?? 80
    return {
      ok: true,
      data: [
        {
          machine: 'srv-app-01',
          productId: 808464441,
          productName: '4D Client',
          used: 9,
          limit: 10,
          remaining: 1,
          level: warning <= 90 ? 'critical' : 'ok',
          current: 'critical',
        },
      ],
    }
  }
  api.answers.snooze = () => ({ ok: true, data: { until: new Date(NOW + 3_600_000).toISOString() } })
  const wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  await useMonitorStore().start(api, { clock: () => NOW })
  await useAlertsStore().start(api, { noticeMs: 10_000 })
  await wrapper.get('[data-testid=tab-alerts]').trigger('click')
  await flushPromises()
  return wrapper
}

afterEach(() => {
  useMonitorStore().stop()
  useAlertsStore().stop()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('Alerts view', () => {
  it('lists active alerts; each snooze button calls the API with that alert and preset', async () => {
    const wrapper = await mountAlerts()
    const row = wrapper.get('[data-testid=active-alert]')
    expect(row.attributes('data-level')).toBe('critical')
    expect(row.text()).toContain('4D Client on srv-app-01: 1 of 10 left (90%)')
    await row.get('[data-testid=snooze-1h]').trigger('click')
    await row.get('[data-testid=snooze-4h]').trigger('click')
    await row.get('[data-testid=snooze-tomorrow-08]').trigger('click')
    await wrapper.get('[data-testid=snooze-all-1h]').trigger('click')
    await wrapper.get('[data-testid=snooze-all-4h]').trigger('click')
    const target = { kind: 'alert', key: '808464441@srv-app-01' }
    expect(api.calls.filter((c) => c.name === 'snooze').map((c) => c.args)).toEqual([
      [target, '1h'],
      [target, '4h'],
      [target, 'tomorrow-08'],
      [{ kind: 'all' }, '1h'],
      [{ kind: 'all' }, '4h'],
    ])
  })

  it('offers unsnooze for a snoozed alert and for snooze all', async () => {
    const alerts = alertsSection()
    alerts.active[0]!.snoozedUntil = new Date(NOW + 3_600_000).toISOString()
    alerts.snoozedUntil = new Date(NOW + 3_600_000).toISOString()
    const wrapper = await mountAlerts({ ...snapshot(), alerts })
    api.answers.unsnooze = () => ({ ok: true, data: null })
    await wrapper.get('[data-testid=unsnooze]').trigger('click')
    await wrapper.get('[data-testid=unsnooze-all]').trigger('click')
    expect(api.calls.filter((c) => c.name === 'unsnooze').map((c) => c.args)).toEqual([
      [{ kind: 'alert', key: '808464441@srv-app-01' }],
      [{ kind: 'all' }],
    ])
  })

  it('"Send a test notification" makes the call, and shows the sentence when it is refused', async () => {
    const wrapper = await mountAlerts()
    api.answers.sendTestNotification = () => ({
      ok: false,
      error: 'Notifications are off in the alert settings: turn them on, then send a test notification.',
    })
    await wrapper.get('[data-testid=send-test-notification]').trigger('click')
    await flushPromises()
    expect(api.calls.filter((c) => c.name === 'sendTestNotification').map((c) => c.args)).toEqual([[]])
    expect(wrapper.get('[data-testid=alerts-error]').text()).toMatch(/^Notifications are off/)
    api.answers.sendTestNotification = () => ({ ok: true, data: null })
    await wrapper.get('[data-testid=send-test-notification]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid=alerts-error]').exists()).toBe(false)
  })

  it('shows the transitions newest first with from -> to and the value', async () => {
    const wrapper = await mountAlerts()
    const rows = wrapper.findAll('[data-testid=transition]')
    expect(rows.map((r) => r.get('[data-testid=transition-change]').text())).toEqual(['warning → critical', 'pending → warning'])
    expect(rows[0]!.text()).toContain('9 of 10 used, 1 left')
  })

  it('says what to fix in the thresholds and disables Save while invalid; the preview follows the edits', async () => {
    const wrapper = await mountAlerts()
    expect(wrapper.get('[data-testid=preview-row]').attributes('data-level')).toBe('critical')
    const save = wrapper.get('[data-testid=save-settings]')
    expect(save.attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-testid=field-warningPercent]').setValue('96')
    await flushPromises()
    expect(wrapper.get('[data-testid=error-warningPercent]').text()).toBe('The warning percentage must be below the critical one (95%).')
    expect(save.attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid=field-repeatMinutes]').setValue('-3')
    expect(wrapper.get('[data-testid=error-repeatMinutes]').text()).toBe(
      'Enter a repeat in whole minutes from 1 to 10080 (a week), or 0 for never.',
    )
    await wrapper.get('[data-testid=field-repeatMinutes]').setValue('0')
    await wrapper.get('[data-testid=field-warningPercent]').setValue('91')
    await flushPromises()
    expect(save.attributes('disabled')).toBeUndefined()
    expect(wrapper.get('[data-testid=preview-row]').attributes('data-level')).toBe('ok')
    api.answers.setAlertConfig = () => ({ ok: true, data: SETTINGS })
    await wrapper.get('[data-testid=alert-settings]').trigger('submit')
    await flushPromises()
    const saved = api.calls.filter((c) => c.name === 'setAlertConfig').map((c) => c.args[0] as AlertThresholds)
    expect(saved).toHaveLength(1)
    expect(saved[0]).toMatchObject({
      warning: { utilizationPercent: 91, forMs: 30_000 },
      critical: { utilizationPercent: 95, remaining: 1, repeatMs: null },
      exhausted: { repeatMs: null },
    })
  })

  it('previews again with each new snapshot, so the preview follows the data', async () => {
    await mountAlerts()
    const before = api.calls.filter((c) => c.name === 'previewAlertConfig').length
    useMonitorStore().applySnapshot({ ...snapshot({ generatedAt: new Date(NOW + 5000).toISOString() }), alerts: alertsSection() })
    await flushPromises()
    expect(api.calls.filter((c) => c.name === 'previewAlertConfig')).toHaveLength(before + 1)
  })

  it('shows the backend refusal of a preview and keeps Save disabled', async () => {
    const wrapper = await mountAlerts()
    api.answers.previewAlertConfig = () => ({
      ok: false,
      error: 'The alert settings are not valid: The critical threshold (1 left) must not be below the exhausted one (2 left).',
    })
    await wrapper.get('[data-testid=field-hysteresisPoints]').setValue('4')
    await flushPromises()
    expect(wrapper.get('[data-testid=preview-error]').text()).toContain('must not be below the exhausted one')
    expect(wrapper.get('[data-testid=save-settings]').attributes('disabled')).toBeDefined()
  })

  it("saves whether the monitor's own license counts toward alerts (off unless set)", async () => {
    const wrapper = await mountAlerts()
    const box = wrapper.get('[data-testid=count-monitor-license]')
    expect((box.element as HTMLInputElement).checked).toBe(false)
    await box.setValue(true)
    api.answers.setAlertConfig = () => ({ ok: true, data: SETTINGS })
    await wrapper.get('[data-testid=alert-settings]').trigger('submit')
    await flushPromises()
    const saved = api.calls.filter((c) => c.name === 'setAlertConfig').map((c) => c.args[0] as AlertThresholds)
    expect(saved).toEqual([expect.objectContaining({ countMonitorLicense: true })])
  })

  it('switches notifications off through the API', async () => {
    const wrapper = await mountAlerts()
    api.answers.setNotificationsEnabled = () => ({ ok: true, data: { ...SETTINGS, notificationsEnabled: false } })
    await wrapper.get('[data-testid=notifications-switch]').setValue(false)
    await flushPromises()
    expect(api.calls.filter((c) => c.name === 'setNotificationsEnabled').map((c) => c.args)).toEqual([[false]])
  })
})

const NOTICE: Notice = {
  at: new Date(NOW).toISOString(),
  title: 'Critical: 4D Client on srv-app-01',
  body: '4D Client on srv-app-01: 1 of 10 left (90%)',
  severity: 'critical',
  items: [
    {
      kind: 'firing',
      key: '808464441@srv-app-01',
      machine: 'srv-app-01',
      productId: 808464441,
      productName: '4D Client',
      level: 'critical',
      text: '4D Client on srv-app-01: 1 of 10 left (90%)',
    },
  ],
}

describe('in-page notices', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))

  it('show each notice push in a named region (not live: AlertAnnouncer reads alerts), hide after 10 s, and can be dismissed', async () => {
    const wrapper = await mountAlerts()
    expect(wrapper.get('[data-testid=notice-stack]').attributes('role')).toBe('region')
    expect(wrapper.get('[data-testid=notice-stack]').attributes('aria-live')).toBeUndefined()
    api.pushNotice(NOTICE)
    api.pushNotice({ ...NOTICE, title: 'Warning: 4D Web on srv-app-02', severity: 'warning' })
    await flushPromises()
    expect(wrapper.findAll('[data-testid=notice]').map((n) => n.get('.notice-title').text())).toEqual([
      'Critical: 4D Client on srv-app-01',
      'Warning: 4D Web on srv-app-02',
    ])
    await wrapper.findAll('[data-testid=notice-dismiss]')[1]!.trigger('click')
    expect(wrapper.findAll('[data-testid=notice]')).toHaveLength(1)
    vi.advanceTimersByTime(9_999)
    await flushPromises()
    expect(wrapper.findAll('[data-testid=notice]')).toHaveLength(1)
    vi.advanceTimersByTime(1)
    await flushPromises()
    expect(wrapper.findAll('[data-testid=notice]')).toHaveLength(0)
  })

  it('a click on a notice (or a focusRow push) shows the license table with that row expanded', async () => {
    const wrapper = await mountAlerts()
    api.pushNotice(NOTICE)
    await flushPromises()
    await wrapper.get('[data-testid=notice-open]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid=tab-licenses]').attributes('aria-selected')).toBe('true')
    const row = wrapper.get('[data-testid=product-row][data-machine="srv-app-01"][data-product-id="808464441"]')
    expect(row.attributes('class')).toContain('is-expanded')
    expect(wrapper.findAll('[data-testid=notice]')).toHaveLength(0)
    await wrapper.get('[data-testid=tab-alerts]').trigger('click')
    api.pushFocusRow({ machine: 'srv-app-01', productId: 808464441 })
    await flushPromises()
    expect(wrapper.get('[data-testid=tab-licenses]').attributes('aria-selected')).toBe('true')
  })
})

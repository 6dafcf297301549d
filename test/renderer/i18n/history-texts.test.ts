// The History view's words and the components around it in other languages
// (issue 20): range picker, peaks, gap lines, retention form with plural
// units and inline messages, the chart's dates, theme choice, browser
// notifications, the shared-pool note and the shared-machines sentences,
// whose names stay <bdi> elements wherever the language puts them.
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryRetention, HistorySettingsView, SharedPool } from '../../../main/core/types/index.ts'
import BrowserNotifications from '../../../renderer/src/components/BrowserNotifications.vue'
import HistoryPeaks from '../../../renderer/src/components/HistoryPeaks.vue'
import HistoryRangePicker from '../../../renderer/src/components/HistoryRangePicker.vue'
import RetentionForm from '../../../renderer/src/components/RetentionForm.vue'
import SharedMachines from '../../../renderer/src/components/SharedMachines.vue'
import SharedPoolNote from '../../../renderer/src/components/SharedPoolNote.vue'
import ThemeChoice from '../../../renderer/src/components/ThemeChoice.vue'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { gapSentence } from '../../../renderer/src/model/history-chart.ts'
import { chartDateFormatter, dateTimeFormat } from '../../../renderer/src/model/history-time.ts'
import { validateRetention } from '../../../renderer/src/model/retention-form.ts'
import { messageParts } from '../../../renderer/src/model/message-parts.ts'

const T = new Date(2026, 10, 28, 9, 5, 7).getTime()
const DEFAULTS: HistoryRetention = { rawHours: 48, minuteDays: 30, hourDays: 730, holdingsDays: 1 }
const SETTINGS: HistorySettingsView = { retention: DEFAULTS, defaults: DEFAULTS, problem: null }

afterEach(() => {
  setLanguageChoice('system')
  localStorage.clear()
})

describe('History texts in other languages', () => {
  it('pt-BR: range choices, peaks with the limit and Intl numbers, gap lines', () => {
    setLanguageChoice('pt-BR')
    const picker = mount(HistoryRangePicker, { props: { range: 'custom', from: '', to: '', problem: null } })
    expect(picker.findAll('option').map((o) => o.text())).toEqual([
      'Última hora',
      'Último dia',
      'Última semana',
      'Último mês',
      'Personalizado…',
    ])
    expect(picker.get('label[for=history-from]').text()).toBe('De')

    const peaks = mount(HistoryPeaks, {
      props: {
        longRange: false,
        peaks: [
          { time: T, used: 1234, limit: 1500 },
          { time: T + 60_000, used: 7, limit: null },
        ],
      },
    })
    const time = (at: number) => new Intl.DateTimeFormat('pt-BR', { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(at)
    expect(peaks.findAll('[data-testid=history-peak]').map((p) => p.text())).toEqual([
      `Pico de 1.234 de 1.500 em ${time(T)}`,
      `Pico de 7 em ${time(T + 60_000)}`,
    ])

    const format = dateTimeFormat({ hour: '2-digit', minute: '2-digit' })
    expect(gapSentence({ from: T, to: T + 600_000, kind: 'server-down' }, format)).toBe(
      `Servidor fora do ar ${format.format(T)}–${format.format(T + 600_000)}`,
    )
  })

  it('de: the retention form with plural units in its introduction and inline messages', async () => {
    setLanguageChoice('de')
    const form = mount(RetentionForm, { props: { settings: SETTINGS, saving: false, error: null, saved: false } })
    expect(form.get('p.muted').text()).toContain('Standard: Rohdaten 48 Stunden, je Minute 30 Tage, je Stunde 730 Tage, Belegungen 1 Tag.')
    expect(form.get('label[for=retention-rawHours]').text()).toBe('Rohdaten')
    expect(form.get('[data-testid=retention-save]').text()).toBe('Aufbewahrung speichern')
    await form.get('[data-testid=retention-rawHours]').setValue('0')
    expect(form.get('#retention-rawHours-error').text()).toBe(
      'Bewahren Sie Rohdaten mindestens 1 Stunde auf (eine ganze Zahl von Stunden).',
    )
    expect(validateRetention({ ...DEFAULTS, rawHours: 1, minuteDays: 0 }).minuteDays).toBe(
      'Geben Sie eine ganze Zahl von Tagen von 1 bis 3.650 ein.',
    )
    expect(validateRetention({ ...DEFAULTS, rawHours: 1, minuteDays: 1, hourDays: 0.5 }).hourDays).toMatch(/1 bis 3.650/)
    expect(validateRetention({ ...DEFAULTS, rawHours: 1, minuteDays: 2, hourDays: 1 }).hourDays).toBe(
      'Bewahren Sie Stundenwerte mindestens so lange auf wie Minutenwerte (2 Tage).',
    )
    expect(validateRetention({ ...DEFAULTS, rawHours: 1, minuteDays: 1, hourDays: 0 }).hourDays).toMatch(/ganze Zahl von Tagen/)
  })

  it('fr and ja: one plural form for "1", the other for more; Japanese has one form', () => {
    setLanguageChoice('fr')
    expect(validateRetention({ ...DEFAULTS, rawHours: 1, minuteDays: 2, hourDays: 1 }).hourDays).toBe(
      'Gardez les agrégats par heure au moins aussi longtemps que ceux par minute (2 jours).',
    )
    const note = (heldHere: number) => mount(SharedPoolNote, { props: { pool: { heldHere, sentence: 'x' } as unknown as SharedPool } })
    expect(note(1).get('[data-testid=pool-held-here]').text()).toBe('1 détenue sur les serveurs de cette machine.')
    expect(note(3).get('[data-testid=pool-held-here]').text()).toBe('3 détenues sur les serveurs de cette machine.')
    setLanguageChoice('ja')
    expect(note(3).get('[data-testid=pool-held-here]').text()).toBe('このマシンのサーバーで 3 件保持。')
  })

  it('es: theme choice and browser notifications', () => {
    setLanguageChoice('es')
    const theme = mount(ThemeChoice, { props: { theme: 'dark' } })
    expect(theme.get('legend').text()).toBe('Tema')
    expect(theme.findAll('label').map((l) => l.text())).toEqual(['Seguir el sistema', 'Claro', 'Oscuro'])
    const notifications = mount(BrowserNotifications)
    expect(notifications.get('h2').text()).toBe('Notificaciones del navegador')
    expect(notifications.get('[data-testid=notification-permission]').text()).not.toMatch(/alerts|browser/i)
  })

  it('ja: a shared-machines sentence puts the server names, as <bdi>, where Japanese puts them', () => {
    setLanguageChoice('ja')
    const wrapper = mount(SharedMachines, {
      props: {
        busy: false,
        offers: [],
        hostGroups: [{ machine: 'srv-09', serverNames: ['C', 'D'], reason: 'same address' }],
      },
    })
    const group = wrapper.get('[data-testid=host-group]')
    expect(group.text()).toBe('C, D は 1 台のマシン srv-09 です: same address (リストの保存時に確認)。')
    expect(group.findAll('bdi').map((b) => b.text())).toEqual(['C, D', 'srv-09', 'same address'])
    expect(wrapper.get('h3').text()).toBe('マシンを共有するサーバー')
  })

  it('cuts a message at its element parameters, keeping the order the language gives', () => {
    setLanguageChoice('fr')
    expect(messageParts('sharedMachines.mergedRow', { machine: '<srv>' })).toEqual([
      { kind: 'text', text: 'Ligne fusionnée sur ' },
      { kind: 'slot', name: 'machine', text: '<srv>' },
      { kind: 'text', text: ' :' },
    ])
  })

  it('writes the chart’s ticks and legend time from uPlot templates with Intl, in the page’s language', () => {
    const date = new Date(T)
    setLanguageChoice('de')
    expect(chartDateFormatter('{M}/{D}')(date)).toBe(new Intl.DateTimeFormat('de', { month: 'numeric', day: 'numeric' }).format(date))
    expect(chartDateFormatter('{h}:{mm}{aa}\n{M}/{D}')(date)).toBe(
      `${new Intl.DateTimeFormat('de', { hour: '2-digit', minute: '2-digit' }).format(date)}\n${new Intl.DateTimeFormat('de', { month: 'numeric', day: 'numeric' }).format(date)}`,
    )
    expect(chartDateFormatter(':{ss}')(date)).toBe(':07')
    setLanguageChoice('ja')
    expect(chartDateFormatter('{MMM}')(date)).toBe('11月')
  })
})

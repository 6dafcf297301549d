// The alert calls of the contract: snooze, thresholds, preview, the
// notifications switch. Arguments are checked here (the renderer is not
// trusted); the thresholds themselves by parseAlertConfig, whose sentence
// goes back to the settings screen as the error.
import { z } from 'zod'
import { toAlertConfigInput, type AlertSettingsStore } from '../alerts/alert-settings.ts'
import { defaultAlertConfig, parseAlertConfig } from '../alerts/config.ts'
import type { NoticeHub } from '../alerts/notice-hub.ts'
import { previewAlertLevels } from '../alerts/preview.ts'
import { snoozeEnd } from '../alerts/snooze.ts'
import type { InvokeHandlers, Result } from './contract.ts'
import type { Monitor } from '../poll/monitor.ts'
import type { AlertSettingsView, Notice } from '../types/index.ts'
import { callArgs } from './args.ts'

export interface AlertServices {
  monitor: Pick<Monitor, 'getSnapshot' | 'snooze' | 'unsnooze' | 'setAlertConfig' | 'alertConfig'>
  notices: NoticeHub
  /** Where thresholds and the notifications switch are saved. */
  settings: AlertSettingsStore
  /** Sentence from loading the saved settings at start; shown until a save succeeds. */
  loadProblem?: string | null
  /** Clock for snooze presets; default Date.now. */
  now?: () => number
}

export type AlertCallName =
  'snooze' | 'unsnooze' | 'getAlertConfig' | 'setAlertConfig' | 'previewAlertConfig' | 'setNotificationsEnabled' | 'sendTestNotification'

const targetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('alert'), key: z.string().min(1).max(1000) }),
])
const presetSchema = z.enum(['1h', '4h', 'tomorrow-08'])

function unavailable(): Promise<Result<never>> {
  return Promise.resolve({ ok: false, error: 'Alerting is not running in this monitor, so there is nothing to snooze or configure.' })
}

/** Handlers that answer with a sentence: used when the backend was built without alerting (tests, tools). */
export function noAlertHandlers(): Pick<InvokeHandlers, AlertCallName> {
  return {
    snooze: unavailable,
    unsnooze: unavailable,
    getAlertConfig: unavailable,
    setAlertConfig: unavailable,
    previewAlertConfig: unavailable,
    setNotificationsEnabled: unavailable,
    sendTestNotification: unavailable,
  }
}

export function alertHandlers(services: AlertServices): Pick<InvokeHandlers, AlertCallName> {
  const now = services.now ?? Date.now
  let problem = services.loadProblem ?? null

  function view(): AlertSettingsView {
    return {
      config: toAlertConfigInput(services.monitor.alertConfig()),
      defaults: toAlertConfigInput(defaultAlertConfig()),
      notificationsEnabled: services.notices.notificationsEnabled(),
      problem,
    }
  }

  function save(): void {
    problem = services.settings.save({
      config: toAlertConfigInput(services.monitor.alertConfig()),
      notificationsEnabled: services.notices.notificationsEnabled(),
    })
  }

  /** An alert key must name an alert the snapshot lists: a typo should not silently snooze nothing. */
  function checkTarget(target: z.output<typeof targetSchema>): string | null {
    if (target.kind === 'all') return null
    const active = services.monitor.getSnapshot().alerts?.active ?? []
    return active.some((alert) => alert.key === target.key)
      ? null
      : `No active alert has the key "${target.key}"; it may have resolved meanwhile.`
  }

  return {
    snooze: async (...args) => {
      const [target, preset] = callArgs('snooze', z.tuple([targetSchema, presetSchema]), args)
      const refused = checkTarget(target)
      if (refused) return { ok: false, error: refused }
      const until = snoozeEnd(preset, now())
      // Applied in memory either way; a snooze that would vanish at restart is said, not answered as ok.
      const unsaved = services.monitor.snooze(target, until)
      if (unsaved !== null) return { ok: false, error: `The snooze applies until the monitor restarts, but it was not saved: ${unsaved}` }
      return { ok: true, data: { until: new Date(until).toISOString() } }
    },
    unsnooze: async (...args) => {
      const [target] = callArgs('unsnooze', z.tuple([targetSchema]), args)
      const unsaved = services.monitor.unsnooze(target)
      if (unsaved !== null)
        return { ok: false, error: `The snooze is lifted until the monitor restarts, but that was not saved: ${unsaved}` }
      return { ok: true, data: null }
    },
    getAlertConfig: async (...args) => {
      callArgs('getAlertConfig', z.tuple([]), args)
      return { ok: true, data: view() }
    },
    setAlertConfig: async (...args) => {
      const [input] = callArgs('setAlertConfig', z.tuple([z.unknown()]), args)
      const parsed = parseAlertConfig(input)
      if (!parsed.ok) return { ok: false, error: parsed.error }
      services.monitor.setAlertConfig(parsed.config)
      save()
      return { ok: true, data: view() }
    },
    previewAlertConfig: async (...args) => {
      const [input] = callArgs('previewAlertConfig', z.tuple([z.unknown()]), args)
      const parsed = parseAlertConfig(input)
      if (!parsed.ok) return { ok: false, error: parsed.error }
      return { ok: true, data: previewAlertLevels(services.monitor.getSnapshot(), parsed.config) }
    },
    setNotificationsEnabled: async (...args) => {
      const [enabled] = callArgs('setNotificationsEnabled', z.tuple([z.boolean()]), args)
      services.notices.setNotificationsEnabled(enabled)
      save()
      return { ok: true, data: view() }
    },
    sendTestNotification: async (...args) => {
      callArgs('sendTestNotification', z.tuple([]), args)
      // The hub drops notices while they are off: say so rather than "sent" and nothing showing.
      if (!services.notices.notificationsEnabled())
        return { ok: false, error: 'Notifications are off in the alert settings: turn them on, then send a test notification.' }
      services.notices.publish(testNotice(now()))
      return { ok: true, data: null }
    },
  }
}

/** No items: a click opens the window and no row, and nothing here looks like a real alert. */
export function testNotice(at: number): Notice {
  return {
    at: new Date(at).toISOString(),
    title: '4D License Monitor: test notification',
    titleMessage: { id: 'notice.test.title', params: {} },
    body: 'Notifications work. Alerts will appear like this.',
    bodyMessage: { id: 'notice.test.body', params: {} },
    severity: 'info',
    items: [],
  }
}

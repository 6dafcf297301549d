// Alerts as the window shows them: the snapshot's active alerts and
// transitions, the threshold settings with their preview, and the in-page
// notices. The only store that calls the alert methods of the API.

import { defineStore } from 'pinia'
import { nextTick, ref, shallowRef } from 'vue'
import type { Result } from '../../../main/core/contract/contract.ts'
import type {
  ActiveAlert,
  AlertPreviewRow,
  AlertSettingsView,
  AlertThresholds,
  AlertTransition,
  FocusRowRequest,
  Notice,
  SnapshotAlerts,
  SnoozePreset,
  SnoozeTarget,
} from '../../../main/core/types/index.ts'
import type { RendererApi } from '../api/connection.ts'
import { safeCall } from '../api/safe-call.ts'
import { useApi } from '../api/use-api.ts'
import { rowKey } from '../model/rows.ts'
import { useUiStore } from './ui.ts'

export interface ShownNotice {
  id: number
  notice: Notice
}

export interface AlertsStartOptions {
  /** How long an in-page notice stays; default 10 s. */
  noticeMs?: number
}

/** At most this many in-page notices at once: older ones give way. */
export const MAX_NOTICES = 4
/** How long a notice toast stays up unless the test or host says otherwise. */
const NOTICE_MS = 10_000

export const useAlertsStore = defineStore('alerts', () => {
  const ui = useUiStore()
  const active = ref<ActiveAlert[]>([])
  /** Newest first. */
  const transitions = ref<AlertTransition[]>([])
  const snoozedUntil = ref<string | null>(null)
  const problem = ref<string | null>(null)
  const settings = shallowRef<AlertSettingsView | null>(null)
  const preview = shallowRef<AlertPreviewRow[]>([])
  const previewError = ref<string | null>(null)
  const actionError = ref<string | null>(null)
  const saving = ref(false)
  const notices = ref<ShownNotice[]>([])

  let api: RendererApi | null = null
  let noticeMs = NOTICE_MS
  let nextId = 1
  let unsubscribers: (() => void)[] = []
  const timers = new Map<number, ReturnType<typeof setTimeout>>()
  let previewSeq = 0
  /** The thresholds last previewed: each new snapshot previews them again, so the preview follows the data. */
  let previewed: AlertThresholds | null = null

  function applyAlerts(alerts: SnapshotAlerts | undefined): void {
    active.value = alerts?.active ?? []
    transitions.value = [...(alerts?.transitions ?? [])].reverse().slice(0, 200)
    snoozedUntil.value = alerts?.snoozedUntil ?? null
    problem.value = alerts?.problem ?? null
    if (previewed) void previewConfig(previewed)
  }

  async function run<T>(call: (api: RendererApi) => Promise<Result<T>>): Promise<Result<T>> {
    const current = api
    if (!current) return { ok: false, error: 'The monitor is not connected yet.' }
    return safeCall(() => call(current))
  }

  async function act<T>(call: (api: RendererApi) => Promise<Result<T>>): Promise<boolean> {
    const result = await run(call)
    actionError.value = result.ok ? null : result.error
    return result.ok
  }

  const snooze = (target: SnoozeTarget, preset: SnoozePreset) => act((a) => a.snooze(target, preset))
  const unsnooze = (target: SnoozeTarget) => act((a) => a.unsnooze(target))
  /** One harmless notice through every display; false with actionError set when it could not be sent. */
  const sendTestNotification = () => act((a) => a.sendTestNotification())

  async function loadSettings(): Promise<void> {
    const result = await run((a) => a.getAlertConfig())
    if (result.ok) settings.value = result.data
    else actionError.value = result.error
  }

  async function previewConfig(config: AlertThresholds): Promise<void> {
    previewed = config
    const seq = ++previewSeq
    const result = await run((a) => a.previewAlertConfig(config))
    if (seq !== previewSeq) return // a later edit's answer wins
    preview.value = result.ok ? result.data : []
    previewError.value = result.ok ? null : result.error
  }

  async function saveConfig(config: AlertThresholds): Promise<boolean> {
    saving.value = true
    try {
      const result = await run((a) => a.setAlertConfig(config))
      if (result.ok) settings.value = result.data
      actionError.value = result.ok ? null : result.error
      return result.ok
    } finally {
      saving.value = false
    }
  }

  async function setNotificationsEnabled(enabled: boolean): Promise<void> {
    const result = await run((a) => a.setNotificationsEnabled(enabled))
    if (result.ok) settings.value = result.data
    actionError.value = result.ok ? null : result.error
  }

  function dismissNotice(id: number): void {
    notices.value = notices.value.filter((shown) => shown.id !== id)
    clearTimeout(timers.get(id))
    timers.delete(id)
  }

  function showNotice(notice: Notice): void {
    const id = nextId++
    notices.value = [...notices.value, { id, notice }]
    for (let oldest = notices.value[0]; oldest !== undefined && notices.value.length > MAX_NOTICES; oldest = notices.value[0])
      dismissNotice(oldest.id)
    timers.set(
      id,
      setTimeout(() => dismissNotice(id), noticeMs),
    )
  }

  /** Shows the license table with the row expanded and scrolled into view. */
  async function focusRow(request: FocusRowRequest): Promise<void> {
    const key = rowKey(request.machine, request.productId)
    ui.showView('licenses')
    if (!ui.isExpanded(key)) ui.toggleExpanded(key)
    await nextTick()
    const row = document.querySelector<HTMLElement>(
      `[data-testid="product-row"][data-machine="${CSS.escape(request.machine)}"][data-product-id="${request.productId}"]`,
    )
    row?.scrollIntoView({ block: 'center' })
    row?.querySelector<HTMLElement>('[data-testid="expand-button"]')?.focus()
  }

  function stop(): void {
    for (const unsubscribe of unsubscribers) unsubscribe()
    unsubscribers = []
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
    api = null
    previewed = null
  }

  async function start(next: RendererApi = useApi(), options: AlertsStartOptions = {}): Promise<void> {
    stop()
    api = next
    noticeMs = options.noticeMs ?? NOTICE_MS
    unsubscribers.push(
      next.onNotice(showNotice),
      next.onFocusRow((request) => void focusRow(request)),
    )
    await loadSettings()
  }

  return {
    active,
    transitions,
    snoozedUntil,
    problem,
    settings,
    preview,
    previewError,
    actionError,
    saving,
    notices,
    applyAlerts,
    snooze,
    unsnooze,
    sendTestNotification,
    loadSettings,
    previewConfig,
    saveConfig,
    setNotificationsEnabled,
    dismissNotice,
    showNotice,
    focusRow,
    start,
    stop,
  }
})

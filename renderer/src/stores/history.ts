// The history view's data: which machine and product, which range, the chart,
// who held licenses at a chosen moment, and CSV exports. The only store that
// calls the history methods of the API.

import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  ExportCsvOutcome,
  ExportCsvRequest,
  HistoryChart,
  HistoryInfo,
  HistoryRange,
  HistoryRetention,
  HistorySettingsView,
  LicenseHolder,
} from '../../../main/core/types/index.ts'
import type { RendererApi } from '../api/connection.ts'
import { safeCall } from '../api/safe-call.ts'
import { useApi } from '../api/use-api.ts'
import { t } from '../i18n/index.ts'

export type RangeChoice = 'hour' | 'day' | 'week' | 'month' | 'custom'

/** Starts a browser download of a same-origin URL (the served mode's GET /api/export). */
export type Downloader = (url: string, fileName: string) => void

function linkDownload(url: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
}

/** A datetime-local value ("2026-11-28T09:00") as ISO 8601 with an offset; null when it is not a time. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null
  const time = new Date(value).getTime()
  return Number.isFinite(time) ? new Date(time).toISOString() : null
}

/** Why a custom range cannot be used, in the page's language, or null when it can. */
export function customRangeProblem(from: string, to: string): string | null {
  const start = localInputToIso(from)
  const end = localInputToIso(to)
  if (start === null) return t('historyRange.noStart')
  if (end === null) return t('historyRange.noEnd')
  if (Date.parse(start) >= Date.parse(end)) return t('historyRange.backwards')
  return null
}

export const useHistoryStore = defineStore('history', () => {
  const machine = ref<string | null>(null)
  const productId = ref<number | null>(null)
  const range = ref<RangeChoice>('hour')
  const customFrom = ref('')
  const customTo = ref('')
  const chart = shallowRef<HistoryChart | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const holdersAt = ref<number | null>(null)
  const holders = shallowRef<LicenseHolder[]>([])
  const holdersError = ref<string | null>(null)
  const info = shallowRef<HistoryInfo | null>(null)
  const exporting = ref(false)
  const exportError = ref<string | null>(null)
  const lastExport = shallowRef<ExportCsvOutcome | null>(null)
  const settings = shallowRef<HistorySettingsView | null>(null)
  const settingsError = ref<string | null>(null)
  const savingSettings = ref(false)
  const settingsSaved = ref(false)

  let api: RendererApi | null = null
  let download: Downloader = linkDownload
  /** Answers of superseded requests are dropped: only the latest chart and holders count. */
  let chartRequest = 0
  let chartLoadedAt = 0
  let holdersRequest = 0

  const customProblem = computed(() => (range.value === 'custom' ? customRangeProblem(customFrom.value, customTo.value) : null))
  const points = computed(() => chart.value?.points.length ?? 0)

  function theApi(): RendererApi {
    api ??= useApi()
    return api
  }

  /** For tests and other hosts: the API and how downloads start. */
  function use(next: RendererApi, downloader: Downloader = linkDownload): void {
    api = next
    download = downloader
  }

  function requestedRange(): HistoryRange | null {
    if (range.value !== 'custom') return range.value
    if (customProblem.value !== null) return null
    const from = localInputToIso(customFrom.value)
    const to = localInputToIso(customTo.value)
    return from === null || to === null ? null : { from, to }
  }

  async function loadChart(): Promise<void> {
    const wanted = requestedRange()
    const [where, product] = [machine.value, productId.value]
    if (where === null || product === null || wanted === null) return
    const id = ++chartRequest
    loading.value = true
    const result = await safeCall(() => theApi().getHistoryChart({ machine: where, productId: product, range: wanted }))
    if (id !== chartRequest) return
    loading.value = false
    if (result.ok) {
      chart.value = result.data
      chartLoadedAt = Date.now()
      error.value = null
    } else {
      error.value = result.error
    }
  }

  /** Follows live data without hammering the history: at most one reload per `minAgeMs`. */
  async function refresh(minAgeMs = 10_000): Promise<void> {
    if (loading.value || Date.now() - chartLoadedAt < minAgeMs) return
    await loadChart()
  }

  function resetExport(): void {
    lastExport.value = null
    exportError.value = null
  }

  async function select(nextMachine: string, nextProductId: number): Promise<void> {
    if (machine.value === nextMachine && productId.value === nextProductId && chart.value !== null) return
    machine.value = nextMachine
    productId.value = nextProductId
    clearHolders()
    await loadChart()
  }

  async function setRange(next: RangeChoice): Promise<void> {
    range.value = next
    clearHolders()
    await loadChart()
  }

  async function setCustom(from: string, to: string): Promise<void> {
    customFrom.value = from
    customTo.value = to
    if (range.value === 'custom') await loadChart()
  }

  function clearHolders(): void {
    holdersRequest++
    holdersAt.value = null
    holders.value = []
    holdersError.value = null
  }

  async function loadHolders(time: number): Promise<void> {
    const [where, product] = [machine.value, productId.value]
    if (where === null || product === null) return
    const id = ++holdersRequest
    holdersAt.value = time
    const result = await safeCall(() => theApi().getHoldersAt({ machine: where, productId: product, time }))
    if (id !== holdersRequest) return
    holders.value = result.ok ? result.data : []
    holdersError.value = result.ok ? null : result.error
  }

  async function loadInfo(): Promise<void> {
    const result = await safeCall(() => theApi().getHistoryInfo())
    info.value = result.ok ? result.data : { notice: null, problem: result.error, lastRecordAt: null }
  }

  async function loadSettings(): Promise<void> {
    const result = await safeCall(() => theApi().getHistorySettings())
    if (result.ok) settings.value = result.data
    settingsError.value = result.ok ? null : result.error
  }

  /** Saved and applied at the next retention run; the backend's sentence is shown when it refuses. */
  async function saveRetention(retention: HistoryRetention): Promise<boolean> {
    savingSettings.value = true
    settingsSaved.value = false
    const result = await safeCall(() => theApi().setHistorySettings({ retention }))
    savingSettings.value = false
    if (result.ok) settings.value = result.data
    settingsError.value = result.ok ? null : result.error
    settingsSaved.value = result.ok
    return result.ok
  }

  /** Electron saves through a dialog; the served mode answers with a URL, which is downloaded here. */
  async function exportCsv(request: ExportCsvRequest): Promise<ExportCsvOutcome | null> {
    exporting.value = true
    exportError.value = null
    const result = await safeCall(() => theApi().exportCsv(request))
    exporting.value = false
    if (!result.ok) {
      exportError.value = result.error
      return null
    }
    if (result.data.status === 'download') download(result.data.url, result.data.fileName)
    lastExport.value = result.data
    return result.data
  }

  return {
    machine,
    productId,
    range,
    customFrom,
    customTo,
    customProblem,
    chart,
    points,
    loading,
    error,
    holdersAt,
    holders,
    holdersError,
    info,
    exporting,
    exportError,
    lastExport,
    settings,
    settingsError,
    savingSettings,
    settingsSaved,
    loadSettings,
    saveRetention,
    use,
    select,
    refresh,
    resetExport,
    setRange,
    setCustom,
    loadChart,
    loadHolders,
    clearHolders,
    loadInfo,
    exportCsv,
  }
})

// The Capacity view's data: the figures per machine and product over the
// chosen period (last 30 days by default), the selected pair, its top users,
// and the monthly report (a PDF saved in Electron, the page opened in the
// served mode). The only store that calls the capacity methods of the API; it
// reaches the API the way every store does (useApi, or use() in tests).
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  CapacityReport,
  CapacitySettings,
  CapacitySettingsView,
  CapacityUsers,
  MonthlyReportOutcome,
} from '../../../main/core/types/index.ts'
import type { RendererApi } from '../api/connection.ts'
import { safeCall } from '../api/safe-call.ts'
import { useApi } from '../api/use-api.ts'

/** Opens a same-origin page in a new tab (the served mode's report page, for the browser to print). */
export type PageOpener = (url: string) => void

function openInNewTab(url: string): void {
  window.open(url, '_blank', 'noopener')
}

export const useCapacityStore = defineStore('capacity', () => {
  const report = shallowRef<CapacityReport | null>(null)
  const users = shallowRef<CapacityUsers | null>(null)
  const selected = ref<string | null>(null)
  /** Dates (YYYY-MM-DD); both empty: the last 30 days. */
  const from = ref('')
  const to = ref('')
  const loading = ref(false)
  const error = ref<string | null>(null)
  const reportBusy = ref(false)
  const reportOutcome = ref<MonthlyReportOutcome | null>(null)
  const reportError = ref<string | null>(null)
  const settings = shallowRef<CapacitySettingsView | null>(null)
  const settingsSaving = ref(false)
  const settingsError = ref<string | null>(null)
  const settingsSaved = ref(false)
  let api: RendererApi | null = null
  let openPage: PageOpener = openInNewTab
  let request = 0

  const pair = computed(
    () => report.value?.pairs.find((p) => `${p.machine}\u0000${p.productId}` === selected.value) ?? report.value?.pairs[0] ?? null,
  )

  function theApi(): RendererApi {
    api ??= useApi()
    return api
  }

  /** For tests and other hosts: the API and how the report page opens. */
  function use(next: RendererApi, opener: PageOpener = openInNewTab): void {
    api = next
    openPage = opener
  }

  function period(): { from?: string; to?: string } {
    return { ...(from.value ? { from: from.value } : {}), ...(to.value ? { to: to.value } : {}) }
  }

  async function loadUsers(): Promise<void> {
    const current = pair.value
    if (!current) return
    const id = request
    const result = await safeCall(() => theApi().getCapacityUsers({ machine: current.machine, productId: current.productId, ...period() }))
    if (id === request && result.ok) users.value = result.data
  }

  async function load(): Promise<void> {
    const id = ++request
    loading.value = true
    const result = await safeCall(() => theApi().getCapacity(period()))
    if (id !== request) return
    loading.value = false
    if (!result.ok) {
      error.value = result.error
      return
    }
    error.value = null
    report.value = result.data
    await loadUsers()
  }

  async function select(machine: string, productId: number): Promise<void> {
    selected.value = `${machine}\u0000${productId}`
    users.value = null
    await loadUsers()
  }

  async function setPeriod(nextFrom: string, nextTo: string): Promise<void> {
    from.value = nextFrom
    to.value = nextTo
    await load()
  }

  /** The monthly report of `month` (YYYY-MM) in the page's language: saved as PDF (Electron) or opened for printing (served). */
  async function saveReport(month: string, locale: string): Promise<void> {
    reportBusy.value = true
    reportError.value = null
    reportOutcome.value = null
    const result = await safeCall(() => theApi().saveMonthlyReport({ month, locale }))
    reportBusy.value = false
    if (!result.ok) {
      reportError.value = result.error
      return
    }
    reportOutcome.value = result.data
    if (result.data.status === 'open') openPage(result.data.url)
  }

  async function loadSettings(): Promise<void> {
    const result = await safeCall(() => theApi().getCapacitySettings())
    if (result.ok) settings.value = result.data
    else settingsError.value = result.error
  }

  /** Saved to capacity-config.json; the figures are fetched again, so they follow the new margin and groups. */
  async function saveSettings(next: CapacitySettings): Promise<void> {
    settingsSaving.value = true
    settingsError.value = null
    settingsSaved.value = false
    const result = await safeCall(() => theApi().setCapacitySettings(next))
    settingsSaving.value = false
    if (!result.ok) {
      settingsError.value = result.error
      return
    }
    settings.value = result.data
    settingsSaved.value = true
    users.value = null
    await load()
  }

  return {
    report,
    users,
    pair,
    from,
    to,
    loading,
    error,
    reportBusy,
    reportOutcome,
    reportError,
    settings,
    settingsSaving,
    settingsError,
    settingsSaved,
    use,
    load,
    select,
    setPeriod,
    saveReport,
    loadSettings,
    saveSettings,
  }
})

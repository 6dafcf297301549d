// The capacity calls of the contract (issue 14): the figures per machine and
// product over a period, usage by user, client machine and group for one of
// them, and the monthly report. All read the open history; settings (margin,
// groups) are read at each call, so an edited capacity-config.json applies at
// once. The report page is built here, so the desktop glue only prints it.
import { z } from 'zod'
import type { InvokeHandlers, Result } from './contract.ts'
import { capacityReport, capacityUsers } from '../capacity/capacity.ts'
import { resolvePeriod } from '../capacity/capacity-request.ts'
import { monthlyReport, reportOrderProblem } from '../capacity/monthly-report.ts'
import { DEFAULT_CAPACITY_SETTINGS, type SavedCapacitySettings } from '../capacity/capacity-settings.ts'
import type { ReportWordsFor } from '../capacity/report-words.ts'
import type { HistoryStore } from '../history/store.ts'
import type { CapacitySettings, CapacitySettingsView, MonthlyReportOrder, MonthlyReportOutcome } from '../types/index.ts'
import { callArgs } from './args.ts'

export interface CapacityServices {
  /** Read at each call: the open store changes when the workspace does. */
  store: Pick<HistoryStore, 'db'>
  /** The saved settings and a sentence when they could not be used (defaults: margin 3, no groups). */
  settings?: () => { settings: CapacitySettings; problem: string | null }
  /** Validates and saves the settings (saveCapacitySettings on the data folder); absent: they cannot be changed here. */
  saveSettings?: (value: unknown) => SavedCapacitySettings
  now?: () => number
  /**
   * How a report page is saved when the page asks for one (Electron: printed
   * to a PDF through a save dialog). Absent (the served mode): the call
   * answers with the URL of the report page instead, for the browser to print.
   */
  saveReport?: SaveReport
  /**
   * The catalogue's words for the report saved by saveReport (main/app/report-words.ts): the order's
   * locale (the page's language), else the app's saved language. Needed with saveReport.
   */
  reportWords?: ReportWordsFor
  /** The served report page (main/serve/report-route.ts); default /api/capacity-report. */
  reportPath?: string
}

/** Saves a built report page; `month` names the file proposed. */
export type SaveReport = (page: { html: string; month: string; pages: number }) => Promise<MonthlyReportOutcome>

export type CapacityCallName = 'getCapacity' | 'getCapacityUsers' | 'saveMonthlyReport' | 'getCapacitySettings' | 'setCapacitySettings'

/** Users listed per call; the CSV export has them all. */
const USERS_LISTED = 200

const timeText = z.string().max(40)
const requestSchema = z.strictObject({
  from: timeText.optional(),
  to: timeText.optional(),
  machine: z.string().min(1).max(500).optional(),
  productId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
})
const orderSchema = z.strictObject({
  month: z.string().min(1).max(40),
  locale: z.string().min(1).max(40).optional(),
  machine: z.string().min(1).max(500).optional(),
  productId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
})
const usersSchema = requestSchema.extend({
  machine: z.string().min(1).max(500),
  productId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
})

function unavailable(): Promise<Result<never>> {
  return Promise.resolve({ ok: false, error: 'The local history is not open in this monitor, so there are no capacity figures.' })
}

export function noCapacityHandlers(): Pick<InvokeHandlers, CapacityCallName> {
  return {
    getCapacity: unavailable,
    getCapacityUsers: unavailable,
    saveMonthlyReport: unavailable,
    getCapacitySettings: unavailable,
    setCapacitySettings: unavailable,
  }
}

export function capacityHandlers(services: CapacityServices): Pick<InvokeHandlers, CapacityCallName> {
  const now = services.now ?? Date.now
  const settings = () => services.settings?.() ?? { settings: { ...DEFAULT_CAPACITY_SETTINGS }, problem: null }
  return {
    getCapacity: async (...args) => {
      const [request] = callArgs('getCapacity', z.tuple([requestSchema.optional()]), args)
      const period = resolvePeriod(request ?? {}, now())
      if (typeof period === 'string') return { ok: false, error: period }
      const loaded = settings()
      const report = capacityReport(services.store.db, {
        ...request,
        from: period.from,
        to: period.to,
        period: period.words,
        periodMessage: period.message,
        settings: loaded.settings,
        now: now(),
      })
      return { ok: true, data: { ...report, settingsProblem: loaded.problem } }
    },
    getCapacityUsers: async (...args) => {
      const [request] = callArgs('getCapacityUsers', z.tuple([usersSchema]), args)
      const period = resolvePeriod(request, now())
      if (typeof period === 'string') return { ok: false, error: period }
      const pair = { machine: request.machine, productId: request.productId, from: period.from, to: period.to }
      return { ok: true, data: capacityUsers(services.store.db, pair, settings().settings, USERS_LISTED) }
    },
    getCapacitySettings: async (...args) => {
      callArgs('getCapacitySettings', z.tuple([]), args)
      const loaded = settings()
      return { ok: true, data: settingsView(loaded.settings, loaded.problem) }
    },
    setCapacitySettings: async (...args) => {
      // The shape is checked by saveSettings itself, whose sentences name the field.
      const [value] = callArgs('setCapacitySettings', z.tuple([z.unknown()]), args)
      if (services.saveSettings === undefined)
        return {
          ok: false,
          error: 'The capacity settings cannot be changed in this monitor; edit capacity-config.json in its data folder.',
        }
      const saved = services.saveSettings(value)
      if (!saved.ok) return saved
      const kept =
        saved.keptAside === null
          ? null
          : `The settings file could not be used, so it was kept as ${saved.keptAside}; these settings replace it.`
      return { ok: true, data: settingsView(saved.settings, kept) }
    },
    saveMonthlyReport: async (...args) => {
      const [order] = callArgs('saveMonthlyReport', z.tuple([orderSchema]), args)
      if (services.saveReport === undefined) {
        const problem = reportOrderProblem(order.month, order.locale)
        if (problem !== null) return { ok: false, error: problem }
        return { ok: true, data: { status: 'open', url: `${services.reportPath ?? '/api/capacity-report'}?${reportQuery(order)}` } }
      }
      if (services.reportWords === undefined)
        return { ok: false, error: 'This monitor was started without the message catalogue, so it cannot write a report.' }
      const loaded = settings()
      const page = monthlyReport(services.store.db, {
        ...order,
        words: services.reportWords,
        settings: loaded.settings,
        settingsProblem: loaded.problem,
        now: now(),
      })
      if ('error' in page) return { ok: false, error: page.error }
      return { ok: true, data: await services.saveReport({ html: page.html, month: order.month.trim(), pages: page.pools }) }
    },
  }
}

function settingsView(settings: CapacitySettings, problem: string | null): CapacitySettingsView {
  return { settings, defaults: { ...DEFAULT_CAPACITY_SETTINGS, groups: [] }, problem }
}

/** The report route's query for an order (its parameters are month, locale, machine and product). */
export function reportQuery(order: MonthlyReportOrder): string {
  const query = new URLSearchParams({ month: order.month.trim() })
  if (order.locale !== undefined) query.set('locale', order.locale)
  if (order.machine !== undefined) query.set('machine', order.machine)
  if (order.productId !== undefined) query.set('product', String(order.productId))
  return query.toString()
}

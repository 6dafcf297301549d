// The history calls of the contract: the chart, who held licenses at a
// moment, CSV exports, and what the view says about the history itself.
// Arguments are checked here (the renderer is not trusted); an export's
// options by parseExportRequest, whose sentence goes back to the dialog.
import { z } from 'zod'
import type { InvokeHandlers, Result } from './contract.ts'
import { historyChart, resolveRange } from '../history/chart-view.ts'
import { exportFileName, exportQuery, parseExportRequest, parseIsoTime, type ExportJob } from '../export/export-request.ts'
import { holdingsAt, lastRecordAt } from '../history/queries.ts'
import { DEFAULT_HISTORY_RETENTION, parseHistorySettings, type HistorySettingsStore } from '../history/history-settings.ts'
import type { HistoryStore } from '../history/store.ts'
import type { ExportCsvOutcome, ExportCsvRequest, HistoryRetention, HistorySettingsView, LicenseHolder } from '../types/index.ts'
import { callArgs } from './args.ts'

/** Retention as the History view edits it: where it is saved and how it reaches the running history. */
export interface HistorySettingsServices {
  settings: HistorySettingsStore
  /** What was loaded at start (the composition opened the history with it). */
  loaded: { retention: HistoryRetention; problem: string | null }
  /** Makes the running history use this retention from its next run. */
  apply(retention: HistoryRetention): void
}

export interface HistoryServices {
  /** Read at each call (the history service's getters are fine): the open store can change while the app runs. */
  store: Pick<HistoryStore, 'db' | 'notice' | 'noticeMessage'>
  /** Retention settings; the settings calls answer "not available" when absent. */
  retention?: HistorySettingsServices
  /**
   * Electron: asks where to save, then writes the file. Absent in the served
   * mode, where exportCsv answers with the URL of GET /api/export instead.
   */
  saveExport?: (job: ExportJob) => Promise<ExportCsvOutcome>
  /** The recording scheduler's current failure sentence. */
  recordingProblem?: () => string | null
  /** Path of the served download route (default /api/export). */
  downloadPath?: string
  now?: () => number
}

export type HistoryCallName =
  'getHistoryChart' | 'getHoldersAt' | 'exportCsv' | 'getHistoryInfo' | 'getHistorySettings' | 'setHistorySettings'

/** Two years and a day: the longest hourly history kept by default, plus slack for the range picker. */
const LONGEST_RANGE_MS = (2 * 365 + 1) * 86_400_000

const machineSchema = z.string().min(1).max(500)
const productIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const chartSchema = z.strictObject({
  machine: machineSchema,
  productId: productIdSchema,
  range: z.union([z.enum(['hour', 'day', 'week', 'month']), z.strictObject({ from: z.string().max(40), to: z.string().max(40) })]),
})
const holdersSchema = z.strictObject({ machine: machineSchema, productId: productIdSchema, time: z.number().int().min(0).max(8.64e15) })

function unavailable(): Promise<Result<never>> {
  return Promise.resolve({ ok: false, error: 'The local history is not open in this monitor, so there is no chart or export.' })
}

/** Handlers that answer with a sentence: used when the backend was built without a history (tests, tools). */
export function noHistoryHandlers(): Pick<InvokeHandlers, HistoryCallName> {
  return {
    getHistoryChart: unavailable,
    getHoldersAt: unavailable,
    exportCsv: unavailable,
    getHistoryInfo: unavailable,
    getHistorySettings: unavailable,
    setHistorySettings: unavailable,
  }
}

/** A custom range's text checked into times, or a sentence. */
function customRange(range: { from: string; to: string }): { from: number; to: number } | string {
  const from = parseIsoTime(range.from)
  const to = parseIsoTime(range.to)
  if (from === null) return `The range start ${JSON.stringify(range.from)} is not an ISO 8601 date or time.`
  if (to === null) return `The range end ${JSON.stringify(range.to)} is not an ISO 8601 date or time.`
  if (from >= to) return 'The range must start before it ends.'
  if (to - from > LONGEST_RANGE_MS) return 'The range is longer than the two years the history keeps; choose a shorter one.'
  return { from, to }
}

export function historyHandlers(services: HistoryServices): Pick<InvokeHandlers, HistoryCallName> {
  const now = services.now ?? Date.now
  const db = () => services.store.db
  const retention = services.retention
  let current: HistoryRetention = retention ? { ...retention.loaded.retention } : { ...DEFAULT_HISTORY_RETENTION }
  let settingsProblem = retention?.loaded.problem ?? null

  function settingsView(): HistorySettingsView {
    return { retention: { ...current }, defaults: { ...DEFAULT_HISTORY_RETENTION }, problem: settingsProblem }
  }

  function download(request: ExportCsvRequest, job: ExportJob): ExportCsvOutcome {
    const url = `${services.downloadPath ?? '/api/export'}?${exportQuery(request)}`
    return { status: 'download', url, fileName: exportFileName(job.kind, now()) }
  }

  return {
    getHistoryChart: async (...args) => {
      const [request] = callArgs('getHistoryChart', z.tuple([chartSchema]), args)
      const range = typeof request.range === 'string' ? resolveRange(request.range, now()) : customRange(request.range)
      if (typeof range === 'string') return { ok: false, error: range }
      return { ok: true, data: historyChart(db(), { machine: request.machine, productId: request.productId, ...range }) }
    },
    getHoldersAt: async (...args) => {
      const [request] = callArgs('getHoldersAt', z.tuple([holdersSchema]), args)
      const holders: LicenseHolder[] = []
      for (const row of holdingsAt(db(), request)) {
        holders.push({
          server: row.server,
          userName: row.userName,
          sessionType: row.sessionType,
          clientMachine: row.clientMachine,
          ipAddress: row.ipAddress,
          from: row.start,
          to: row.end,
          endReason: row.endReason,
        })
      }
      return { ok: true, data: holders }
    },
    exportCsv: async (...args) => {
      const [input] = callArgs('exportCsv', z.tuple([z.unknown()]), args)
      const parsed = parseExportRequest(input, now())
      if (!parsed.ok) return { ok: false, error: parsed.error }
      if (services.saveExport === undefined) return { ok: true, data: download(input as ExportCsvRequest, parsed.job) }
      return { ok: true, data: await services.saveExport(parsed.job) }
    },
    getHistoryInfo: async (...args) => {
      callArgs('getHistoryInfo', z.tuple([]), args)
      return {
        ok: true,
        data: {
          notice: services.store.notice,
          ...(services.store.noticeMessage ? { noticeMessage: services.store.noticeMessage } : {}),
          problem: services.recordingProblem?.() ?? null,
          lastRecordAt: lastRecordAt(db()),
        },
      }
    },
    getHistorySettings: async (...args) => {
      callArgs('getHistorySettings', z.tuple([]), args)
      if (!retention) return unavailable()
      return { ok: true, data: settingsView() }
    },
    setHistorySettings: async (...args) => {
      const [input] = callArgs('setHistorySettings', z.tuple([z.unknown()]), args)
      if (!retention) return unavailable()
      const parsed = parseHistorySettings(input)
      if (!parsed.ok) return { ok: false, error: parsed.error }
      current = parsed.retention
      retention.apply(current)
      settingsProblem = retention.settings.save(current)
      return { ok: true, data: settingsView() }
    },
  }
}

// Types only: the renderer type-checks this file (tsconfig.web.json), so nothing here may import a runtime module.
import type { TextMessage } from './alerts.ts'

// History and exports as the contract carries them (issue 4, phase 2).
// main/core/contract/history-handlers.ts validates every request.

/** A range ending now ('hour' = the last hour, ...), or a custom one (ISO 8601 with an offset). */
export type HistoryRange = 'hour' | 'day' | 'week' | 'month' | { from: string; to: string }

export interface HistoryChartRequest {
  machine: string
  productId: number
  range: HistoryRange
}

/** One period of the chart: `used` as min, average and max over the period, and the limit then. */
export interface HistoryChartPoint {
  /** Period start (the sample time for raw points), ms since the epoch. */
  time: number
  min: number
  avg: number
  max: number
  /** Highest limit seen in the period; null when unknown or unlimited. */
  limit: number | null
  /** Share (0..1) of the period answered polls cover (raw points: 1); null for rollups older than this figure. */
  coverage: number | null
}

/**
 * A stretch with no answered poll, which the chart leaves empty (never a line
 * through it, never a zero): `server-down` when polls were recorded but its
 * servers did not answer, `not-recorded` when the monitor recorded nothing
 * (closed, asleep), `no-answer` when the raw polls that would tell are past
 * their retention.
 */
export interface HistoryGap {
  from: number
  to: number
  kind: 'server-down' | 'not-recorded' | 'no-answer'
}

/** The highest `used` of one part of the range (an hour, a day), and when it was first reached. */
export interface HistoryPeak {
  time: number
  used: number
  limit: number | null
}

export interface HistoryChart {
  machine: string
  productId: number
  /** The range resolved to times (ms since the epoch). */
  from: number
  to: number
  granularity: 'raw' | 'minute' | 'hour' | 'day'
  points: HistoryChartPoint[]
  /** Stretches between points without an answered poll, oldest first. */
  gaps: HistoryGap[]
  /** Oldest first. */
  peaks: HistoryPeak[]
}

export interface HoldersRequest {
  machine: string
  productId: number
  /** ms since the epoch. */
  time: number
}

/** A license of the product held at the asked time, as the history recorded it. */
export interface LicenseHolder {
  server: string
  userName: string | null
  sessionType: string | null
  clientMachine: string | null
  ipAddress: string | null
  /** ms since the epoch. */
  from: number
  /** null while still held. */
  to: number | null
  endReason: HoldingEndReason | null
}

/**
 * Why a holding ended. 'released': gone from an answering server; 'unknown':
 * gone while its server was not answering (or the monitor not recording), so
 * when is not known; 'server-restarted': its server restarted (the holding
 * ends at the last poll that saw it); 'replaced': its token now names another
 * session (a new holding began).
 */
export type HoldingEndReason = 'released' | 'unknown' | 'server-restarted' | 'replaced'

/** Where a holding's start comes from: the record's retain time (4D's `time`), or the first poll that saw it (no usable retain time). */
export type HoldingStartSource = 'retain-time' | 'first-poll'

/** The capacity kinds (issue 14) take their period as `npm run capacity` does: whole local days, default the last 30. */
export type CsvExportKind =
  'usage' | 'licenses' | 'history' | 'holdings' | 'capacity-days' | 'capacity-users' | 'capacity-clients' | 'capacity-groups'

export interface ExportCsvRequest {
  kind: CsvExportKind
  /** ISO 8601; history and holdings only (default: the 24 hours before `to`, which defaults to now). */
  from?: string
  to?: string
  /** History only (default 'hour'). */
  granularity?: 'raw' | 'minute' | 'hour' | 'day'
  /** BCP 47; decides the default delimiter and the decimal separator (default: the system's). */
  locale?: string
  delimiter?: ',' | ';'
  /** UTF-8 byte order mark (default true). */
  bom?: boolean
  /**
   * Column names: 'english' (default; the exact headers scripts read) or 'locale', in the language of `locale`
   * (English, Brazilian Portuguese, French, Spanish, German or Japanese; English for any other).
   */
  headerLanguage?: 'english' | 'locale'
}

/** Electron: saved (or cancelled) through a save dialog; browser-served mode: a URL the page downloads. */
export type ExportCsvOutcome =
  { status: 'saved'; path: string; rows: number } | { status: 'cancelled' } | { status: 'download'; url: string; fileName: string }

/** What the History view says about the history itself. */
export interface HistoryInfo {
  /** Sentence when the history file was damaged at start and moved aside; null otherwise. */
  notice: string | null
  /** The notice as a message id with parameters, for the page's language (absent from an older backend: English). */
  noticeMessage?: TextMessage
  /** Sentence when recording is failing now; null when fine. */
  problem: string | null
  /** Time of the latest recorded poll (ms since the epoch); null for an empty history. */
  lastRecordAt: number | null
}

/** How long the history keeps each kind of row (issue 4: "all configurable"); whole hours and days. */
export interface HistoryRetention {
  /** Raw samples, in hours (default 48; at least 1). */
  rawHours: number
  /** Per-minute rollups, in days (default 30; at least as long as the raw samples). */
  minuteDays: number
  /** Per-hour rollups, in days (default 730; at least as long as the per-minute rollups). */
  hourDays: number
  /** Closed license holdings, in days after they end (default 730). */
  holdingsDays: number
}

/** What the History view's retention form shows and edits. */
export interface HistorySettingsView {
  /** In force, complete; applies from the next retention run (about once a minute). */
  retention: HistoryRetention
  defaults: HistoryRetention
  /** Sentence when the saved settings could not be read or written; null when fine. */
  problem: string | null
}

// Capacity planning (issue 14): what the Capacity call, the CLI and the CSV
// exports carry. Plain data; the renderer imports these as types only.
import type { TextMessage } from './alerts.ts'

/** How much of the asked period the history actually covers, and where it does not. */
export interface CapacityCoverage {
  from: number
  to: number
  /** Time with recorded data (ms), counted at `resolution`. */
  coveredMs: number
  /** coveredMs / (to - from), 0..1. */
  ratio: number
  /** The finest level the figure could use: 'minute' while per-minute rollups exist, 'hour' before. */
  resolution: 'minute' | 'hour' | 'mixed' | 'none'
  /** Stretches without data (monitor closed, nothing recorded), longest first, at most 20; never filled in. */
  gaps: { from: number; to: number }[]
  /** How many gaps there were in all (gaps lists the longest). */
  gapCount: number
}

export interface DailyPeak {
  /** Local midnight of the day (ms). */
  day: number
  peak: number
  peakAt: number
  /** Highest limit seen that day; null when unknown or unlimited. */
  limit: number | null
}

export interface CapacityPressure {
  /** Time at or above 90 % of the limit, and at the limit (ms), counted in whole periods of the resolution. */
  atOrAbove90Ms: number
  fullMs: number
  /** Distinct stretches during which the pool was full (consecutive full periods count once). */
  fullEpisodes: number
  /** Days on which the pool was full at some point. */
  fullDays: number
}

export interface CapacityRecommendation {
  /** 'reduce', 'keep' or 'add' licenses; 'unknown' without a limit or without data. */
  action: 'reduce' | 'keep' | 'add' | 'unknown'
  /** The licenses the arithmetic suggests holding; null when it cannot say. */
  suggestedLimit: number | null
  /** The plain sentence for the admin. */
  text: string
  /** The arithmetic behind it, written out. */
  arithmetic: string
  /** `text` as a message of the catalogue (capacity.recommend.*), for the page's language. */
  message: TextMessage
  /** `arithmetic` likewise; null when there is none. */
  arithmeticMessage: TextMessage | null
  /** Messages said first and passed to `message` under their name (period, caveat, duration, days). */
  parts: Record<string, TextMessage>
}

/** License-hours and concurrency of one holder (user, client machine or group). */
export interface HolderUsage {
  key: string
  licenseHours: number
  peakConcurrent: number
  firstSeen: number
  lastSeen: number
  holdings: number
}

export interface SessionKindShare {
  sessionType: string
  licenseHours: number
  /** Share of all license-hours of the pair in the period, 0..1. */
  share: number
}

export interface IdleHolding {
  userName: string | null
  clientMachine: string | null
  server: string
  state: string
  since: number
}

export interface CapacityIdle {
  /** License-hours held by sessions 4D reported as sleeping or postponed. */
  licenseHours: number
  /** Share of all license-hours, 0..1. */
  share: number
  topUsers: HolderUsage[]
  topClientMachines: HolderUsage[]
  /** Idle holdings still open at the last recorded poll. */
  now: IdleHolding[]
  /** What the history knows about session state, said plainly. */
  note: string
}

export interface CapacityFigures {
  machine: string
  productId: number
  productName: string
  /** The latest known limit in the period; null when unknown or unlimited. */
  limit: number | null
  coverage: CapacityCoverage
  dailyPeaks: DailyPeak[]
  /** Nearest-rank 95th percentile and maximum of the daily peaks; null without data. */
  p95DailyPeak: number | null
  maxDailyPeak: number | null
  pressure: CapacityPressure & { resolution: CapacityCoverage['resolution'] }
  recommendation: CapacityRecommendation
  idle: CapacityIdle
  /** License-hours by session kind (remote, rest, web, ...), largest first. */
  sessionKinds: SessionKindShare[]
  /** Share of license-hours held by REST and web sessions, 0..1. */
  restWebShare: number
  /** Coverage of the holdings (license detail): servers that send counts only have none. */
  holdingsNote: string | null
}

export interface CapacityReport {
  from: number
  to: number
  margin: number
  generatedAt: number
  pairs: CapacityFigures[]
  /** A sentence when the saved capacity settings could not be used (the defaults applied); null otherwise. */
  settingsProblem: string | null
}

/** Usage by user, client machine and group for one machine and product. */
export interface CapacityUsers {
  machine: string
  productId: number
  from: number
  to: number
  byUser: HolderUsage[]
  byClientMachine: HolderUsage[]
  byGroup: HolderUsage[]
}

/** A group of users: a name and the user-name patterns (* and ?, case-insensitive) that belong to it. */
export interface UserGroup {
  name: string
  patterns: string[]
}

export interface CapacitySettings {
  /** Licenses kept above the highest daily peak (default 3). */
  margin: number
  groups: UserGroup[]
}

export interface CapacityRequest {
  /** ISO 8601 times; default: the last 30 days up to now. */
  from?: string
  to?: string
  machine?: string
  productId?: number
}

/** The monthly report asked for from the Capacity view (issue 14): one page per machine and product. */
export interface MonthlyReportOrder {
  /** YYYY-MM, a local calendar month. */
  month: string
  /** BCP 47 tag for the report's numbers and dates (default en). */
  locale?: string
  machine?: string
  productId?: number
}

/** Electron: saved as PDF through a save dialog (or cancelled); browser-served mode: the report page's URL, for the browser to print. */
export type MonthlyReportOutcome =
  { status: 'saved'; path: string; pages: number } | { status: 'cancelled' } | { status: 'open'; url: string }

/** The capacity settings as the Capacity view edits them. */
export interface CapacitySettingsView {
  settings: CapacitySettings
  defaults: CapacitySettings
  /** A sentence when the saved file could not be used (the defaults apply), or was kept aside at a save; null otherwise. */
  problem: string | null
}

// Domain types shared by the core (poller, aggregation), the simulator, the
// served mode, the Electron glue and, as types only, the renderer.
// Nothing here may import a runtime module: the renderer type-checks this file.

/** How a server publishes its license usage (see shared/docs/4d-license-domain.md). */
export type EndpointKind = 'http-json' | 'rest-function' | 'prometheus-4d-exporter'

/**
 * How the monitor proves who it is to a server. 'rest-login' opens one 4D REST
 * session (POST /rest/$directory/login) and reuses its cookie: it holds a
 * 4D Client license for as long as the session lives.
 */
export type ServerAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'rest-login'; username: string; password: string }

/** Trust for a server whose certificate no system CA vouches for (e.g. a self-signed 4D Server). */
export interface ServerTls {
  /** Path of a PEM file of CA certificates to trust for this server only. */
  caFile?: string
  /** The PEM text itself (the config loader fills it from caFile). */
  ca?: string
  /** SHA-256 fingerprint of the server's own certificate, "AB:CD:..." (32 bytes); trusts exactly that certificate. */
  fingerprint256?: string
}

/** One 4D Server the monitor polls, as configured by the admin. */
export interface ServerConfig {
  /** Stable id, unique among the configured servers (derived from the name when absent in a file). */
  id: string
  name: string
  /** Full URL of the endpoint, e.g. http://srv-app-01:8080/license-usage or http://host/rest/$catalog/licenseUsage */
  url: string
  kind: EndpointKind
  /** Optional machine label; overrides the URL's host, not the payload's server.machine. */
  machine?: string
  /** Optional Bearer token; never leaves the main process. Kept for older configs: same as auth {type: 'bearer'}. */
  token?: string
  /** Authentication; wins over `token` when both are set. Secrets never leave the main process. */
  auth?: ServerAuth
  /** Per-server TLS trust (https URLs only). */
  tls?: ServerTls
  /** Send the token over plain http to a non-loopback host anyway (explicit per-server opt-in). */
  allowPlainHttpCredentials?: boolean
  /** Poll interval in ms (default 5000). */
  intervalMs?: number
  /** Request timeout in ms (default 4000, never more than the interval). */
  timeoutMs?: number
  /** Response body limit in bytes, measured decompressed (default 5 MiB). */
  maxBodyBytes?: number
}

/** The session object of a record; which fields exist depends on the session kind. */
export interface SessionInfo {
  /** "remote", "storedProcedure", "web", "rest", or "sql" (SQL sessions carry no type: we infer it from userAgent/userId). */
  type: string | null
  userName: string | null
  machineName: string | null
  systemUserName: string | null
  IPAddress: string | null
  hostType: string | null
  creationDateTime: string | null
  state: string | null
  ID: string | null
}

/** One retained license, normalised from a `License usage` record. */
export interface LicenseRecord {
  productId: number
  productName: string
  productUsedCount: number | null
  productBalance: number | null
  globalProductUsedCount: number | null
  token: number
  /** ISO 8601 time of the retain, as sent; null when missing or unparsable. */
  time: string | null
  reason: string | null
  /** null when the record has no session object. */
  session: SessionInfo | null
}

/** An entry of `License info`.products, normalised. */
export interface LicenseInfoProduct {
  id: number
  name: string
  usedCount: number | null
  /** null when not sent; 32767 (unlimited) is kept as sent and interpreted by the aggregation. */
  allowedCount: number | null
}

/** What one successful poll produced, after validation. */
export interface ServerPayload {
  server: { name: string | null; machine: string | null; version: string | null }
  /** The payload's own `time`, if any. */
  time: string | null
  /** null when the endpoint sent no License info. */
  licenseInfo: { products: LicenseInfoProduct[] } | null
  records: LicenseRecord[]
  /** Records dropped by validation. */
  invalidCount: number
  /** Total records received (valid + invalid). */
  totalCount: number
  /** Human sentence describing the invalid records, e.g. "3 of 120 records invalid: productId missing"; null when none. */
  invalidSummary: string | null
  /** The endpoint reports counts only (licenseInfo usedCount/allowedCount), no per-license records: used comes from usedCount. */
  countsOnly?: boolean
  /** The monitor polled through a licensed 4D REST session: it holds one 4D Client license on this server itself. */
  holdsLicense?: boolean
}

export type ServerStatusKind = 'up' | 'down' | 'stale'

/** Per-server state kept by the poller and shown in the server strip. */
export interface ServerState {
  id: string
  name: string
  url: string
  /** Machine as currently known: payload server.machine, else configured label, else URL host. */
  machine: string
  status: ServerStatusKind
  /** Duration of the last completed poll in ms (success or failure); null before the first. */
  latencyMs: number | null
  lastSuccessAt: string | null
  lastAttemptAt: string | null
  /** Sentence naming the cause of the last failure; null when the last poll succeeded. */
  lastError: string | null
  /** Non-fatal remarks about the last payload (invalid records, ...). */
  warnings: string[]
  consecutiveFailures: number
  /** Version reported by the payload, if any. */
  version: string | null
  /** Last successful payload (kept while down so data does not vanish; shown as stale). */
  payload: ServerPayload | null
}

/** A license held, as the table lists it under a product row. */
export interface LicenseHeld {
  server: string
  token: number
  productId: number
  /** ISO time of the retain (held since). */
  since: string | null
  reason: string | null
  sessionType: string | null
  userName: string | null
  clientMachine: string | null
  ipAddress: string | null
  state: string | null
  hostType: string | null
}

export type UsageStatus = 'ok' | 'warning' | 'critical' | 'exhausted' | 'unknown'

export interface ProductUsage {
  productId: number
  productName: string
  /** Records for this product across the machine's servers, de-duplicated by server and token. */
  used: number
  /** null when unknown or unlimited (see `unlimited`). */
  limit: number | null
  /** limit - used; null when the limit is unknown or unlimited. */
  remaining: number | null
  /** used / limit in [0, +inf); null when the limit is unknown or unlimited. */
  utilization: number | null
  unlimited: boolean
  /** Where the limit came from. */
  limitSource: 'licenseInfo' | 'records' | 'unknown'
  status: UsageStatus
  /** Each server's share of `used`. */
  shares: { server: string; used: number }[]
  /** Sentences explaining disagreements between sources; empty when consistent. */
  flags: string[]
  /** True when some of this row's data comes from a server whose data is older than the staleness window or that is down. */
  stale: boolean
  licenses: LicenseHeld[]
  /**
   * 'none': every server behind this row reports counts only (no per-license detail, `licenses` is empty by nature);
   * 'partial': some do. Absent when every server sends records.
   */
  detail?: 'none' | 'partial'
  /** Minutes until the pool runs out at the recent trend; null when flat, falling or too few samples. Absent when alerting is off. */
  forecastMinutes?: number | null
}

export interface MachineUsage {
  machine: string
  /** Names of the servers that reported for this machine. */
  servers: string[]
  products: ProductUsage[]
}

/** Server strip entry in a snapshot (no payload, no secrets). */
export interface ServerSummary {
  id: string
  name: string
  machine: string
  url: string
  status: ServerStatusKind
  latencyMs: number | null
  lastSuccessAt: string | null
  lastError: string | null
  warnings: string[]
  version: string | null
  /** The monitor holds a 4D Client license on this server through its REST session. */
  holdsLicense?: boolean
}

/** Everything the renderer shows, pushed whenever it changes. */
export interface Snapshot {
  generatedAt: string
  /** True when the data comes from the built-in simulator (no server configured). */
  demo: boolean
  machines: MachineUsage[]
  servers: ServerSummary[]
  /** Active alerts, recent transitions and snoozes; absent when alerting is off. */
  alerts?: SnapshotAlerts
}

// Alerts (issue 3). The rule engine lives in main/core/alerts/; these are the
// shapes it shows to the renderer, the tray and the notification adapters.

/** How bad a license alert is; 'ok' in a row's status means no alert. */
export type AlertLevel = 'warning' | 'critical' | 'exhausted'

/** normal -> pending (condition holds, waiting for `for`) -> firing -> recovering (inside the hysteresis band) -> normal. */
export type AlertPhase = 'normal' | 'pending' | 'firing' | 'recovering'

/** One side of a transition: the phase and, when firing or recovering, the level. */
export interface AlertPoint {
  phase: AlertPhase
  level: AlertLevel | 'unreachable' | null
}

export interface AlertTransition {
  /** ISO time of the evaluation that saw the change. */
  at: string
  kind: 'license' | 'server'
  machine: string
  /** Product id for a license alert; null for a server alert. */
  productId: number | null
  /** Product name for a license alert, server name for a server alert. */
  subject: string
  from: AlertPoint
  to: AlertPoint
  /** What the numbers were, e.g. "48 of 50 used, 2 left"; the error sentence for a server. */
  value: string
}

export interface ActiveAlert {
  /** Stable id: "<productId>@<machine>" for a license alert, "server:<id>" for a server alert. */
  key: string
  kind: 'license' | 'server'
  machine: string
  productId: number | null
  subject: string
  phase: AlertPhase
  level: AlertLevel | 'unreachable'
  /** ISO time it started firing. */
  since: string
  /** ISO end of a snooze covering this alert (its own or "all"); null when not snoozed. */
  snoozedUntil: string | null
  /** One line a person understands at a glance. */
  text: string
}

export interface SnapshotAlerts {
  active: ActiveAlert[]
  /** Most recent last, at most 200. */
  transitions: AlertTransition[]
  /** ISO end of a "snooze all"; null when none. */
  snoozedUntil: string | null
  /** Sentence for the user when the saved alert state could not be read or written; null when fine. */
  problem: string | null
}

export type NoticeKind = 'firing' | 'escalated' | 'repeat' | 'reminder' | 'resolved' | 'unreachable' | 'reachable'

export interface NoticeItem {
  kind: NoticeKind
  key: string
  machine: string
  productId: number | null
  /** Product name, or the server name for a server notice. */
  productName: string
  level: AlertLevel | 'unreachable' | 'ok'
  text: string
}

/** What a desktop notification (or an in-page notice) shows: one per evaluation, grouping every item. */
export interface Notice {
  /** ISO time of the evaluation. */
  at: string
  title: string
  body: string
  /** For the icon: the worst item. */
  severity: 'info' | 'warning' | 'critical'
  items: NoticeItem[]
}

// Alert settings and actions as the contract carries them (issue 3, phase 2).
// main/core/alerts/config.ts validates AlertThresholds (parseAlertConfig).

export type SnoozeTarget = { kind: 'all' } | { kind: 'alert'; key: string }
export type SnoozePreset = '1h' | '4h' | 'tomorrow-08'

/** One level's fire condition and timing; see main/core/alerts/config.ts. */
export interface AlertLevelSettings {
  /** Fire at or above this utilization, in percent; null = not used. */
  utilizationPercent?: number | null
  /** Fire at or below this many licenses left; null = not used. */
  remaining?: number | null
  /** How long the condition must hold before it fires (ms). */
  forMs?: number
  /** Repeat a firing notice after this long (ms); null = never. */
  repeatMs?: number | null
}

export interface AlertOverrideSettings {
  machine?: string
  /** Product id, or product name (compared without case). */
  product?: number | string
  warning?: AlertLevelSettings
  critical?: AlertLevelSettings
  exhausted?: AlertLevelSettings
}

/** Alert thresholds as saved and edited; defaults fill what is absent. */
export interface AlertThresholds {
  warning?: AlertLevelSettings
  critical?: AlertLevelSettings
  exhausted?: AlertLevelSettings
  hysteresis?: { utilizationPoints?: number; remaining?: number }
  overrides?: AlertOverrideSettings[]
  unreachableAfterFailures?: number
}

/** What the threshold settings screen shows and edits. */
export interface AlertSettingsView {
  /** The thresholds in force, complete (every field filled). */
  config: AlertThresholds
  /** The built-in thresholds. */
  defaults: AlertThresholds
  /** Global switch for desktop notifications and in-page notices (alerts are still evaluated and listed). */
  notificationsEnabled: boolean
  /** Sentence when the saved settings could not be read or written; null when fine. */
  problem: string | null
}

/** The level one current row would reach under proposed thresholds (ignoring `for` and hysteresis). */
export interface AlertPreviewRow {
  machine: string
  productId: number
  productName: string
  used: number
  limit: number | null
  remaining: number | null
  /** null when the row cannot be judged (unknown or unlimited limit). */
  level: AlertLevel | 'ok' | null
  /** The status the row shows now, under the rules in force. */
  current: UsageStatus
}

/** "Show this row": from a clicked notification to the window. */
export interface FocusRowRequest {
  machine: string
  productId: number
}

// History and exports as the contract carries them (issue 4, phase 2).
// main/core/api/history-handlers.ts validates every request.

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
  /** 'unknown': its server stopped answering, so when it was released is not known. */
  endReason: 'released' | 'unknown' | null
}

export type CsvExportKind = 'usage' | 'licenses' | 'history' | 'holdings'

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
}

/** Electron: saved (or cancelled) through a save dialog; browser-served mode: a URL the page downloads. */
export type ExportCsvOutcome =
  | { status: 'saved'; path: string; rows: number }
  | { status: 'cancelled' }
  | { status: 'download'; url: string; fileName: string }

/** What the History view says about the history itself. */
export interface HistoryInfo {
  /** Sentence when the history file was damaged at start and moved aside; null otherwise. */
  notice: string | null
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

// Server settings as the contract carries them (issue 5): main/core/servers/ checks and keeps
// them. No secret value ever travels from the backend to the page; the page may send one
// (Electron, where it is encrypted at once) or name an environment variable (served mode).

export type AuthType = ServerAuth['type']

/** Whether a server's token or password is saved; `env` names the variable it comes from (served mode). */
export interface SecretStatusView {
  state: 'set' | 'not set'
  env?: string
}

/** One server as the form edits it: flat, every field present, '' for "none". */
export interface ServerDraft {
  /** Absent for a server not saved yet. */
  id?: string
  name: string
  url: string
  kind: EndpointKind
  /** Machine label; '' = from the payload or the URL's host. */
  machine: string
  intervalMs: number
  timeoutMs: number
  authType: AuthType
  /** basic and rest-login. */
  username: string
  /** A new token or password (Electron only); '' keeps the saved one. */
  secret: string
  /** The environment variable holding the token or password (served mode); '' keeps the saved one. */
  secretEnv: string
  /** PEM file of CA certificates to trust for this server; ''= none. */
  caFile: string
  /** SHA-256 fingerprint of the server's certificate to trust; '' = none. */
  fingerprint256: string
  allowPlainHttpCredentials: boolean
  enabled: boolean
}

/** A saved server as listed: the draft's fields without secrets, plus whether its secret is set. */
export type ServerListEntry = Omit<ServerDraft, 'id' | 'secret' | 'secretEnv'> & { id: string; secret: SecretStatusView }

export interface ServerList {
  servers: ServerListEntry[]
  /** 'value': the form may take a token or password (Electron, encrypted); 'env': only an environment variable name (served mode). */
  secretInput: 'value' | 'env'
  /** A sentence to show before a secret is saved (no keyring); null when secrets are protected. */
  storageWarning: string | null
}

export type DraftField = keyof ServerDraft

/** One thing to fix, on the field the admin should change; index into the list given. */
export interface ServerProblem {
  index: number
  field: DraftField | 'list'
  message: string
}

export type SaveServersOutcome = { status: 'saved'; list: ServerList } | { status: 'invalid'; problems: ServerProblem[] }

export interface TestedProduct {
  name: string
  used: number
  limit: number | null
}

export type ConnectionTestResult =
  | { ok: true; latencyMs: number; licenses: number; products: TestedProduct[]; warnings: string[] }
  /** `fingerprint256`: the untrusted certificate's fingerprint, for an "Accept this certificate" action. */
  | { ok: false; latencyMs: number; error: string; fingerprint256?: string }

export interface ImportedEntry {
  index: number
  name: string
  status: 'added' | 'invalid'
  problems: string[]
  /** Added with an authentication whose secret is not set yet. */
  needsSecret: boolean
  /** Remarks that did not stop the import (e.g. a secret value in the file, not taken). */
  notes: string[]
}

export interface ImportOutcome {
  entries: ImportedEntry[]
  list: ServerList
}

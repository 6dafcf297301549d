// Domain types shared by the core (poller, aggregation), the simulator, the
// served mode, the Electron glue and, as types only, the renderer.
// Nothing here may import a runtime module: the renderer type-checks this file.

import type { AlertLevel, SnapshotAlerts, TextMessage } from './alerts.ts'

// The contract's feature types live beside this file; everything is reachable from here.
export type * from './alerts.ts'
export type * from './appearance.ts'
export type * from './capacity.ts'
export type * from './history.ts'
export type * from './server-settings.ts'
export type * from './pushes.ts'

/**
 * How a server publishes its license usage (see shared/docs/4d-license-domain.md). Each name is a
 * file in ingest/kinds; the registry there is typed by this union, so neither can lack the other.
 * (The renderer's type check cannot follow runtime files, which is why the names are written here.)
 */
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
  /**
   * The machine the URL's host names, normalised and resolved once when the list was loaded or saved
   * (main/core/servers/host-machines.ts); never saved, never re-resolved per poll. Absent: the host, normalised.
   */
  hostMachine?: string
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
  /** Most license records one answer may hold (default 50,000); more and the poll fails with a sentence naming the cap. */
  maxRecords?: number
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
  /** The counts of the product's `rights` entries, when sent (32767 = unlimited); a limit when allowedCount is missing. */
  rights?: (number | null)[]
}

/** What one successful poll produced, after validation. */
export interface ServerPayload {
  server: { name: string | null; machine: string | null; version: string | null }
  /** The payload's own `time`, if any. */
  time: string | null
  /** How old the endpoint's copy was when it answered (4d-component's `ageMs`), when it says. */
  copyAgeMs?: number
  /** How often the endpoint's worker renews its copy, in seconds (`refreshSeconds`), when it says. */
  refreshSeconds?: number
  /** The endpoint's worker failed its last renewal (`error`): the answer is its previous copy. */
  workerError?: string
  /** null when the endpoint sent no License info. `licenseNumber`: its license number, when sent (pool evidence, never shown). */
  licenseInfo: { products: LicenseInfoProduct[]; licenseNumber?: string } | null
  records: LicenseRecord[]
  /** Records dropped by validation. */
  invalidCount: number
  /** Total records received (valid + invalid). */
  totalCount: number
  /** Human sentence describing the invalid records, e.g. "3 of 120 records invalid: productId missing"; null when none. */
  invalidSummary: string | null
  /** `invalidSummary` as a catalogue message (warnings.*); absent when there is none. */
  invalidSummaryMessage?: TextMessage
  /** The endpoint reports counts only (licenseInfo usedCount/allowedCount), no per-license records: used comes from usedCount. */
  countsOnly?: boolean
  /** The monitor polled through a licensed 4D REST session: it holds one 4D Client license on this server itself. */
  holdsLicense?: boolean
  /** Tokens of the records held by the monitor's own session (its session cookie is their session ID). */
  monitorTokens?: number[]
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
  /** lastError as a catalogue message (serverErrors.*), for the page to say in its language; absent without an error. */
  lastErrorMessage?: TextMessage
  /** Non-fatal remarks about the last payload (invalid records, ...). */
  warnings: string[]
  /** `warnings` as catalogue messages (warnings.*), one for each, in the same order; absent when there are none. */
  warningMessages?: TextMessage[]
  consecutiveFailures: number
  /** Version reported by the payload, if any. */
  version: string | null
  /** Last successful payload (kept while down so data does not vanish; shown as stale). */
  payload: ServerPayload | null
  /** The server's poll interval in ms (the poller fills it; the machine-round bound is derived from it). */
  intervalMs?: number
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
  /**
   * Digest of the session's ID (4D session UUID, or a REST sessionID), absent
   * when the record has none: tells sessions apart without the ID, which for
   * web and REST sessions is their cookie value (main/core/usage/session-key.ts).
   */
  sessionKey?: string
  /** Held by the monitor's own session (its session cookie is this record's session ID). */
  heldByMonitor?: boolean
}

export type UsageStatus = 'ok' | 'warning' | 'critical' | 'exhausted' | 'unknown'

/** An alert held by hysteresis above the level a row's numbers meet (issue 20): the table says "recovering". */
export interface RowRecovering {
  /** The level the alert is still held at. */
  level: AlertLevel
  /** The alert clears once the row's remaining count is at least this. */
  clearsAtRemaining: number
}

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
  /**
   * Where the limit came from: License info (allowedCount or rights), the latest record's
   * globalProductUsedCount + productBalance ('records'), or, on a machine with one server whose
   * records carry no global count, its productUsedCount + productBalance ('inferred').
   */
  limitSource: 'licenseInfo' | 'records' | 'inferred' | 'unknown'
  /** A sentence about how the limit was found, when the table should say it (an inferred limit). */
  limitNote?: string
  /** `limitNote` as a catalogue message (limitNotes.*). */
  limitNoteMessage?: TextMessage
  /** Licenses of this row held by the monitor's own session (counted in `used`); absent when none. */
  heldByMonitor?: number
  /** The level the current numbers meet (with alerting on: under the alert rules in force). */
  status: UsageStatus
  /** Present when an alert is held above `status` by hysteresis; absent otherwise (and when alerting is off). */
  recovering?: RowRecovering
  /** Each server's share of `used`. */
  shares: { server: string; used: number }[]
  /** Sentences explaining disagreements between sources; empty when consistent. */
  flags: string[]
  /** `flags` as catalogue messages (flags.*), one for each, in the same order; absent when there are no flags. */
  flagMessages?: TextMessage[]
  /** True when some of this row's data comes from a server whose data is older than the staleness window or that is down. */
  stale: boolean
  /** Empty in pushes (a page asks getLicenseList for the rows it shows expanded); whole in getSnapshot and /api/snapshot. */
  licenses: LicenseHeld[]
  /** Pushes only: the number of the push in which this row's license list last changed (main/core/contract/snapshot-patch.ts). */
  listVersion?: number
  /**
   * 'none': every server behind this row reports counts only (no per-license detail, `licenses` is empty by nature);
   * 'partial': some do. Absent when every server sends records.
   */
  detail?: 'none' | 'partial'
  /** Minutes until the pool runs out at the recent trend; null when flat, falling or too few samples. Absent when alerting is off. */
  forecastMinutes?: number | null
  /**
   * false when `used` does not come from one consistent round of the machine's servers (one is down, stale,
   * slow, or the counts contradict a machine-wide count): critical and exhausted alerts wait. Absent when consistent.
   */
  consistent?: false
  /** More licenses counted than the pool holds: readings taken at different moments, not an exhaustion (status unknown, remaining null). */
  skew?: true
  /** Licenses retained on a server after a sibling was read, left out of `used` until the next round (they were not held at that moment). */
  uncounted?: number
  /**
   * The pool is shared beyond this row's servers (main/core/usage/shared-pools.ts): servers listed as other
   * machines, or servers not listed at all. `used`, `remaining`, `utilization` and `status` are then the pool's,
   * as the newest record proves; the licenses listed stay this row's own. Absent when nothing says so.
   */
  pool?: SharedPool
}

/** How the monitor recognised that servers draw from one pool (README, "How the monitor decides which servers share a pool"). */
export type PoolEvidenceKind = 'globalCount' | 'licenseNumber'

/** A product row whose pool reaches beyond the servers of its machine. */
export interface SharedPool {
  /** Licenses held on this row's own servers (what `used` would be without the pool). */
  heldHere: number
  /** Servers listed under other machines that draw from this pool, with what each holds now. */
  elsewhere: { server: string; machine: string; used: number }[]
  /**
   * Licenses held on servers the monitor does not poll, as of the newest record: exact for a server alone in the
   * list (global - own); with several listed servers an upper bound (`unlistedAtMost`), as licenses released on
   * them since that record look the same. 0 when the listed servers explain the count.
   */
  unlisted: number
  unlistedAtMost?: true
  /** How the servers of other machines were recognised (empty when only `unlisted` is known). */
  evidence: PoolEvidenceKind[]
  /** The record whose global count and balance rate the row; null when no record carries both (license number only). */
  proof: { server: string; token: number; time: string | null; global: number; balance: number } | null
  /** One sentence for the row: the servers involved and the numbers. */
  sentence: string
  /** `sentence` as a catalogue message (sharedPool.*). */
  sentenceMessage?: TextMessage
}

/** How the servers of one machine were read for the current rows (machines with two or more servers). */
export interface MachineRound {
  /** Every server answered, is up, and the readings lie within `boundMs` of each other. */
  consistent: boolean
  /** Furthest apart two readings could be: last answer minus first request, in ms; null when a server never answered. */
  spreadMs: number | null
  boundMs: number
  /** Servers whose reading is not part of the latest round, with why and how much older (ms; null when never read). */
  behind: { server: string; reason: string; reasonMessage?: TextMessage; ageMs: number | null }[]
}

export interface MachineUsage {
  machine: string
  /** Names of the servers that reported for this machine. */
  servers: string[]
  products: ProductUsage[]
  /** Present for a machine with two or more servers: how far apart their readings are. */
  round?: MachineRound
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
  /** lastError as a catalogue message (serverErrors.*); absent without an error or from an older backend. */
  lastErrorMessage?: TextMessage
  warnings: string[]
  /** `warnings` as catalogue messages, one for each; absent when there are none or from an older backend. */
  warningMessages?: TextMessage[]
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

// The simulator's public surface: what tests, demo mode and benchmarks use.
// The implementation lives beside this file (simulator.ts); keep the two in step.

import type { LicenseRecord } from '../core/types/index.ts'

/**
 * Run-time fault of one simulated server.
 * - down: its listener is closed (connection refused) until set back to 'none'
 * - slow: answers after `slowMs` (default 10 s, longer than the poller's timeout)
 * - http500 / http401: that status with a short JSON error body
 * - invalidJson: a 200 whose body is not JSON
 * - badRecords: a 200 whose usage array has some records that break the schema
 *   (missing productId, token as an object, productName as a number), beside valid ones
 * - oversized: a 200 body larger than 6 MiB (over the poller's 5 MiB default)
 */
export type FaultMode = 'none' | 'down' | 'slow' | 'http500' | 'http401' | 'invalidJson' | 'badRecords' | 'oversized'

/**
 * 4D's REST user login mode (roles.json "forceLogin"): 'default' runs every
 * REST request in a web session that holds a 4D Client license; 'force' lets
 * a session without privileges make descriptive requests and log in only.
 */
export type SimLoginMode = 'default' | 'force'

/** One web session a simulated server keeps, as truth() lists it. */
export interface SimWebSessionTruth {
  /** The session ID, which is also its cookie's value. */
  id: string
  createdAt: string
  lastSeenAt: string
  /** The session ends after this long without a request (4D's default: 60). */
  idleTimeoutMinutes: number
  /** Logged in through $directory/login. */
  privileged: boolean
  /** Token of the 4D Client license the session holds (a REST session), else null. */
  licenseToken: number | null
}

/** Session kinds the simulator plays; each maps to the documented session object. */
export type SimSessionKind = 'remote' | 'rest' | 'sql' | 'web'

export interface SimProductSpec {
  productId: number
  productName: string
  /** allowedCount of this product for each simulated machine (the pool size). */
  allowed: number
}

/** User name and password a simulated server asks for (HTTP Basic, or the 4D REST login headers). */
export interface SimCredentials {
  username: string
  password: string
}

/** How one simulated server checks who calls it; each part is optional and they combine. */
export interface SimServerAuth {
  /** Every endpoint requires `Authorization: Bearer <token>`. */
  token?: string
  /** Every endpoint requires `Authorization: Basic base64(username:password)`. */
  basicAuth?: SimCredentials
  /**
   * POST /rest/$directory/login (headers username-4D, password-4D) opens a
   * session and sets its cookie (WASID4D); REST function calls then need a
   * known session cookie, else 401.
   */
  restLogin?: SimCredentials
}

/** How the simulated servers shape their answers, to play the endpoints found in the wild (issue 18). */
export interface SimAnswerShape {
  /** 'shared' (default, as 4D): globalProductUsedCount only on a machine with several servers; 'always': on every record. */
  globalCounts?: 'shared' | 'always'
  /** false: the contract object has no `server` block (a hand-written endpoint that does not name its machine). Default true. */
  serverBlock?: boolean
  /** true: License info carries its machine's license number (one per machine). Default false. */
  licenseNumbers?: boolean
}

export interface SimulatorOptions {
  /** Number of simulated 4D Servers (default 3). */
  servers?: number
  /** Number of simulated machines the servers are spread over, round-robin (default 2). */
  machines?: number
  /** PRNG seed: the same seed and steps give the same clients (default 42). */
  seed?: number
  /** First port; server i listens on port + i. 0 (default) = an ephemeral port each. */
  port?: number
  host?: string
  /** When set, every endpoint requires `Authorization: Bearer <token>` (else 401). */
  token?: string
  /** When set, every endpoint requires HTTP Basic with these credentials (else 401). */
  basicAuth?: SimCredentials
  /** When set, REST function calls need a session opened by POST /rest/$directory/login with these credentials. */
  restLogin?: SimCredentials
  /** Per server id ("s1", "s2", ...): replaces the options above for that server. */
  perServer?: Record<string, SimServerAuth>
  /** PEM key and certificate: every server listens over https with them. */
  tls?: { key: string; cert: string }
  /** Products and pool sizes (default: 4D Client 10, 4D SQL Server 5, 4D Web Server 3... see simulator.ts). */
  products?: SimProductSpec[]
  /** Clients retained at start per server (default: about half of each pool). */
  initialClients?: number
  /** Clock for record times (default Date.now). */
  now?: () => number
  /** Delay of the 'slow' fault in ms (default 10_000). */
  slowMs?: number
  /** REST user login mode of every server at start (default 'default'); setLoginMode changes it at run time. */
  loginMode?: SimLoginMode
  /** Idle timeout of web sessions in minutes (default 60, as 4D). */
  sessionIdleMinutes?: number
  /** The servers' own UTC offset in minutes for the times they send (default 60: "+01:00", as 4D's published example). */
  utcOffsetMinutes?: number
  /** Global counts, the server block and License info's license number (default: as a 4D Server with the 4d-component code). */
  answers?: SimAnswerShape
}

export interface SimServerInfo {
  id: string
  name: string
  machine: string
  port: number
  /** GET -> contract JSON object (server, time, licenseInfo, usage). */
  jsonUrl: string
  /** GET -> bare `License usage` array. */
  arrayUrl: string
  /** POST -> {"result": contract object}; URL ends in /rest/$catalog/licenseUsage. */
  restUrl: string
  /** GET -> Prometheus_4D_Exporter-style text with FourD_Status_Clients_total{type="used"|"allowed"}. */
  metricsUrl?: string
  /** POST with username-4D / password-4D headers -> {"result": true} and a session cookie. */
  loginUrl?: string
}

export interface SimTruthProduct {
  productId: number
  productName: string
  allowed: number
  /** Licenses of this product held right now across the machine's servers. */
  used: number
}

export interface SimTruth {
  /** `servers` lists server ids. */
  machines: { machine: string; servers: string[]; products: SimTruthProduct[] }[]
  servers: {
    id: string
    name: string
    machine: string
    fault: FaultMode
    /** Normalised as a correct poller would: REST/SQL sessions get type "rest"/"sql", a REST sessionID fills ID. */
    records: LicenseRecord[]
    /** The same records exactly as served (raw `License usage` entries, unknown extra fields included). */
    usage?: Record<string, unknown>[]
    /** The web sessions the server keeps right now (each request without a known session cookie opens one). */
    webSessions?: SimWebSessionTruth[]
    loginMode?: SimLoginMode
  }[]
}

export interface SimulatorHandle {
  servers(): SimServerInfo[]
  setFault(serverId: string, fault: FaultMode): void
  /** Retains one license; returns the record, or null when the machine's pool for that product is full. */
  retain(serverId: string, productId: number, kind?: SimSessionKind): LicenseRecord | null
  /** Releases the license with that token on that server; false when it was not held. */
  release(serverId: string, token: number): boolean
  /** One seeded step of clients arriving and leaving on every server, and one moving between two servers of each shared machine. */
  step(): void
  /** A client leaves `fromServerId` and another joins `toServerId` (same machine) in one instant; false when nothing to move. */
  move?(fromServerId: string, toServerId: string, productId?: number): boolean
  /** Ground truth per instant: the lowest and highest count of a machine's pool over [fromMs, toMs]; null before any change. */
  usedRange?(machine: string, productId: number, fromMs: number, toMs: number): { min: number; max: number } | null
  /** Step every `ms` milliseconds until stopTicking (demo mode). */
  startTicking(ms: number): void
  stopTicking(): void
  /** What the simulator holds right now. */
  truth(): SimTruth
  /** Requests answered so far and the most that were in flight at once, per server id. */
  requestStats(serverId: string): {
    requests: number
    maxInFlight: number
    /** Requests received, answered or not (a client may give up on a slow answer). */
    received?: number
    /** Requests being handled right now. */
    inFlight?: number
  }
  /** REST sessions opened by logins on that server so far, and how many it still knows. */
  restSessions?(serverId: string): { opened: number; active: number }
  /** The server forgets its REST sessions, as after a restart or a session timeout. */
  forgetRestSessions?(serverId: string): void
  /**
   * Restarts one server as 4D would: every license it retained is dropped,
   * its retain tokens count from 1 again and it forgets its REST sessions.
   * Combine with setFault('down') for a restart with a down period.
   */
  restart?(serverId: string): void
  /** Switches a server's REST user login mode at run time. */
  setLoginMode?(serverId: string, mode: SimLoginMode): void
  /** Resolves once every listener change asked by setFault ('down' <-> 'none') has taken effect. */
  settled?(): Promise<void>
  stop(): Promise<void>
}

// Polls every configured 4D Server on its own loop. Each loop schedules its
// next poll only once the current one has finished, so a server's polls never
// overlap, and the loops share nothing, so a hung or dead server never delays
// the others.

import { fullJitterDelay } from './backoff.ts'
import { endRestSession, fetchServer, pollTiming, type PollOutcome } from '../ingest/fetch-server.ts'
import { CookieJar } from '../ingest/cookie-jar.ts'
import { sessionKey } from '../ingest/rest-session.ts'
import { resolveMachine } from '../usage/machine.ts'
import type { ServerConfig, ServerPayload, ServerState, ServerStatusKind } from '../types/index.ts'

export interface PollerClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface PollerOptions {
  servers: ServerConfig[]
  fetch?: typeof fetch
  clock?: PollerClock
  /** [0, 1) like Math.random; drives the backoff jitter. */
  random?: () => number
  /** Called with every server's state after each completed poll. */
  onChange: (states: ServerState[]) => void
  /** Data older than this many intervals is shown as stale (default 3). */
  staleAfterIntervals?: number
  /** Longest backoff delay after failures (default 5 minutes). */
  backoffCapMs?: number
}

export interface Poller {
  start(): void
  /** Stops scheduling and waits for the polls in flight; no onChange after it. */
  stop(): Promise<void>
  states(): ServerState[]
  /** Polls now (one server, or all); a server already being polled is awaited, not polled twice. */
  pollNow(serverId?: string): Promise<void>
  /**
   * Replaces the polled list at run time (the settings screen): a server whose
   * config is unchanged keeps its state and its loop; a removed or changed one
   * stops (a poll in flight finishes unseen); new and changed ones start.
   */
  setServers(servers: ServerConfig[]): void
  /**
   * Logs out of every polled server's REST session (each holds a 4D Client
   * license), best effort: resolves within about LOGOUT_BUDGET_MS whatever
   * the servers do. Call after stop(); a later poll would log in again.
   */
  endRestSessions(): Promise<void>
}

export const DEFAULT_STALE_AFTER_INTERVALS = 3
export const DEFAULT_BACKOFF_CAP_MS = 5 * 60_000
/** A Retry-After beyond this is treated as a misconfiguration: the server would vanish from view for too long. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000
/** Logging out must never hold up quitting or saving the settings for long. */
export const LOGOUT_BUDGET_MS = 1_500

export const systemClock: PollerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** What one server's loop remembers between polls. */
interface ServerLoop {
  config: ServerConfig
  intervalMs: number
  timer: unknown
  inFlight: Promise<void> | null
  lastOk: boolean | null
  latencyMs: number | null
  lastSuccessAt: number | null
  lastAttemptAt: number | null
  lastError: string | null
  warnings: string[]
  consecutiveFailures: number
  payload: ServerPayload | null
  /** Removed by setServers: its poll in flight may finish, but it records and schedules nothing more. */
  retired: boolean
  /** One web session on the server for the loop's life; a changed config is a new loop, so a new jar. */
  cookies: CookieJar
}

function newLoop(config: ServerConfig): ServerLoop {
  return {
    config,
    intervalMs: pollTiming(config).intervalMs,
    timer: null,
    inFlight: null,
    lastOk: null,
    latencyMs: null,
    lastSuccessAt: null,
    lastAttemptAt: null,
    lastError: null,
    warnings: [],
    consecutiveFailures: 0,
    payload: null,
    retired: false,
    cookies: new CookieJar(),
  }
}

/** Two configs poll the same way (secrets included: new credentials are a new loop and a new REST session). */
function sameConfig(a: ServerConfig, b: ServerConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The cookie jar goes with the server's URL and credentials: a change in either is a new session. */
function sameSession(a: ServerConfig, b: ServerConfig): boolean {
  return a.url === b.url && JSON.stringify([a.auth, a.token, a.tls]) === JSON.stringify([b.auth, b.token, b.tls])
}

export function createPoller(options: PollerOptions): Poller {
  const clock = options.clock ?? systemClock
  const fetchImpl = options.fetch ?? globalThis.fetch
  const random = options.random ?? Math.random
  const staleAfter = options.staleAfterIntervals ?? DEFAULT_STALE_AFTER_INTERVALS
  const capMs = options.backoffCapMs ?? DEFAULT_BACKOFF_CAP_MS
  let loops = options.servers.map(newLoop)
  let running = false
  let stopped = false

  async function pollOnce(loop: ServerLoop): Promise<PollOutcome> {
    loop.lastAttemptAt = clock.now()
    try {
      return await fetchServer(loop.config, { fetch: fetchImpl, now: () => clock.now(), cookieJar: loop.cookies })
    } catch (error) {
      // fetchServer reports failures as values; this only guards the loop against a bug.
      const message = error instanceof Error ? error.message : String(error)
      return { ok: false, error: `poll failed unexpectedly: ${message}`, latencyMs: clock.now() - loop.lastAttemptAt, retryAfterMs: null }
    }
  }

  function record(loop: ServerLoop, outcome: PollOutcome): void {
    loop.latencyMs = outcome.latencyMs
    loop.lastOk = outcome.ok
    if (outcome.ok) {
      loop.lastSuccessAt = clock.now()
      loop.lastError = null
      loop.warnings = outcome.warnings
      loop.consecutiveFailures = 0
      loop.payload = outcome.payload
    } else {
      // The last payload and its warnings stay: the table keeps the data, marked stale.
      loop.lastError = outcome.error
      loop.consecutiveFailures += 1
    }
  }

  function nextDelay(loop: ServerLoop, outcome: PollOutcome): number {
    if (outcome.ok) return Math.max(0, loop.intervalMs - outcome.latencyMs)
    const jitter = fullJitterDelay(loop.consecutiveFailures, loop.intervalMs, capMs, random)
    // A floor keeps a run of tiny random draws from becoming a hot loop against a dead server.
    const floor = loop.intervalMs / 4
    const retryAfter = Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)
    return Math.max(jitter, floor, retryAfter)
  }

  function notify(): void {
    if (stopped) return
    try {
      options.onChange(states())
    } catch {
      // A failing listener must not stop the loop; the listener owns its errors.
    }
  }

  function cycle(loop: ServerLoop): Promise<void> {
    loop.timer = null
    const poll = (async () => {
      const outcome = await pollOnce(loop)
      if (loop.retired) {
        loop.inFlight = null
        return
      }
      record(loop, outcome)
      notify()
      loop.inFlight = null
      if (running) schedule(loop, nextDelay(loop, outcome))
    })()
    loop.inFlight = poll
    return poll
  }

  function schedule(loop: ServerLoop, delayMs: number): void {
    loop.timer = clock.setTimeout(() => void cycle(loop), delayMs)
  }

  function cancelTimer(loop: ServerLoop): void {
    if (loop.timer === null) return
    clock.clearTimeout(loop.timer)
    loop.timer = null
  }

  /** Best effort and bounded: a dead server cannot hold the caller longer than the budget. */
  function logOut(configs: readonly ServerConfig[]): Promise<void> {
    const withSession = configs.filter((config) => sessionKey(config) !== null)
    if (withSession.length === 0) return Promise.resolve()
    const deps = { fetch: fetchImpl, now: () => clock.now() }
    const logouts = withSession.map((config) =>
      endRestSession({ ...config, timeoutMs: Math.min(pollTiming(config).timeoutMs, LOGOUT_BUDGET_MS) }, deps).catch(() => false),
    )
    let timer: ReturnType<typeof setTimeout> | undefined
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LOGOUT_BUDGET_MS + 100)
      timer.unref?.()
    })
    return Promise.race([Promise.allSettled(logouts).then(() => undefined), budget]).finally(() => clearTimeout(timer))
  }

  function statusOf(loop: ServerLoop, now: number): ServerStatusKind {
    if (loop.lastOk === false) return 'down'
    if (loop.lastOk === true && loop.lastSuccessAt !== null && now - loop.lastSuccessAt <= staleAfter * loop.intervalMs) {
      return 'up'
    }
    return 'stale'
  }

  function stateOf(loop: ServerLoop, now: number): ServerState {
    const { config, payload } = loop
    return {
      id: config.id,
      name: config.name,
      url: config.url,
      machine: resolveMachine(config, payload),
      status: statusOf(loop, now),
      latencyMs: loop.latencyMs,
      lastSuccessAt: isoOrNull(loop.lastSuccessAt),
      lastAttemptAt: isoOrNull(loop.lastAttemptAt),
      lastError: loop.lastError,
      warnings: [...loop.warnings],
      consecutiveFailures: loop.consecutiveFailures,
      version: payload?.server.version ?? null,
      payload,
    }
  }

  function states(): ServerState[] {
    const now = clock.now()
    return loops.map((loop) => stateOf(loop, now))
  }

  return {
    start() {
      if (running) return
      running = true
      stopped = false
      // Spread the first polls over one interval so the servers are not hit in lockstep.
      loops.forEach((loop, index) => {
        if (loop.inFlight === null) schedule(loop, (index * loop.intervalMs) / loops.length)
      })
    },
    async stop() {
      running = false
      stopped = true
      loops.forEach(cancelTimer)
      await Promise.all(loops.map((loop) => loop.inFlight))
    },
    states,
    endRestSessions: () => logOut(loops.map((loop) => loop.config)),
    setServers(servers) {
      const previous = new Map(loops.map((loop) => [loop.config.id, loop]))
      const next = servers.map((config) => {
        const loop = previous.get(config.id)
        if (loop && sameConfig(loop.config, config)) {
          previous.delete(config.id)
          return loop
        }
        const fresh = newLoop(config)
        // Same URL and credentials (e.g. a new interval): the server keeps seeing the same web session.
        if (loop && sameSession(loop.config, config)) fresh.cookies = loop.cookies
        return fresh
      })
      for (const loop of previous.values()) {
        loop.retired = true
        cancelTimer(loop)
      }
      // A removed or changed server's REST session ends (after its poll in flight), unless the new list
      // polls the same server with the same credentials: that loop goes on with the same session.
      const kept = new Set(next.map((loop) => sessionKey(loop.config)))
      const ended = [...previous.values()].filter((loop) => !kept.has(sessionKey(loop.config)))
      if (ended.length > 0) void Promise.all(ended.map((loop) => loop.inFlight)).then(() => logOut(ended.map((loop) => loop.config)))
      loops = next
      if (!running) return
      // New servers start spread over their interval, as at start, so a pasted list is not hit in lockstep.
      const fresh = next.filter((loop) => loop.timer === null && loop.inFlight === null && loop.lastAttemptAt === null)
      fresh.forEach((loop, index) => schedule(loop, (index * loop.intervalMs) / fresh.length))
      notify()
    },
    async pollNow(serverId) {
      const targets = serverId === undefined ? loops : loops.filter((loop) => loop.config.id === serverId)
      if (targets.length === 0) throw new Error(`no server has the id "${serverId}"`)
      await Promise.all(
        targets.map((loop) => {
          if (loop.inFlight) return loop.inFlight
          cancelTimer(loop)
          return cycle(loop)
        }),
      )
    },
  }
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

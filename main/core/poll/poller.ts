// Polls every configured 4D Server. Servers that share a machine (one license
// pool, main/core/usage/machine.ts) are read together: one timer per machine
// ticks every interval and starts, concurrently, a poll of each of its servers
// that is not still busy or backing off, so their answers describe nearly the
// same instant (issue 16). Start offsets are spread between machines, not
// within one. A server's polls never overlap: one still in flight when its
// machine ticks sits that round out and joins the next tick after it answers,
// back in step with its siblings; the siblings never wait for it. A round is
// reported once all its polls are in, or after the round bound (1 s, or half
// the interval) with the late ones marked by the aggregation, so a hung server
// holds its siblings' figures back by at most the bound.

import { fullJitterDelay } from './backoff.ts'
import { keepUnchanged } from './unchanged-records.ts'
import { endCookieSession, endRestSession, fetchServer, MAX_RETRY_AFTER_MS, pollTiming, type PollOutcome } from '../ingest/fetch-server.ts'
import { CookieJar } from '../ingest/cookie-jar.ts'
import { sessionKey } from '../ingest/rest-session.ts'
import { DEFAULT_ROUND_BOUND_MS } from '../usage/consistency.ts'
import { resolveMachine } from '../usage/machine.ts'
import type { LocalText, ServerConfig, ServerPayload, ServerState, ServerStatusKind, TextMessage } from '../types/index.ts'
import { copyTooOld, workerFailed } from '../ingest/warning-text.ts'
import { unexpectedFailure } from '../ingest/error-text.ts'
import { errorSentence } from '../util/errors.ts'

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
  /**
   * Called after each completed poll (a machine round): with every server's
   * state, or, when `statesOnChange` is false, with none, for a listener that
   * reads states() when it needs them (the monitor, after its coalescing
   * window: building all states per round made a cycle cost machines x servers).
   */
  onChange: (states: ServerState[]) => void
  /** false: onChange gets an empty list (default true). */
  statesOnChange?: boolean
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
  /** Polls now (one server's machine, or all) as one round; a server already being polled is awaited, not polled twice. */
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
export { MAX_RETRY_AFTER_MS } from '../ingest/fetch-server.ts'
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
  /** Machine as last resolved: the timer this server follows. */
  machine: string
  /** Earliest time of its next poll after a failure (backoff, Retry-After): ticks before it are skipped. */
  notBefore: number
  inFlight: Promise<void> | null
  lastOk: boolean | null
  latencyMs: number | null
  lastSuccessAt: number | null
  lastAttemptAt: number | null
  lastError: string | null
  lastErrorMessage: TextMessage | null
  warnings: string[]
  /** `warnings` as catalogue messages, one for each; null when some warning has none (then all stay English). */
  warningMessages: TextMessage[] | null
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
    machine: resolveMachine(config, null),
    notBefore: 0,
    inFlight: null,
    lastOk: null,
    latencyMs: null,
    lastSuccessAt: null,
    lastAttemptAt: null,
    lastError: null,
    lastErrorMessage: null,
    warnings: [],
    warningMessages: null,
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
  /** One timer per machine with at least one server. */
  const tickers = new Map<string, { timer: unknown; dueAt: number }>()
  /** Rounds not yet reported to the end; stop() waits for them, so no round timer outlives it. */
  const rounds = new Set<Promise<void>>()
  let running = false
  let stopped = false

  async function pollOnce(loop: ServerLoop): Promise<PollOutcome> {
    loop.lastAttemptAt = clock.now()
    try {
      return await fetchServer(loop.config, { fetch: fetchImpl, now: () => clock.now(), cookieJar: loop.cookies })
    } catch (error) {
      // fetchServer reports failures as values; this only guards the loop against a bug.
      const unexpected = unexpectedFailure(errorSentence(error))
      return {
        ok: false,
        error: unexpected.text,
        errorMessage: unexpected.message,
        latencyMs: clock.now() - loop.lastAttemptAt,
        retryAfterMs: null,
      }
    }
  }

  function record(loop: ServerLoop, outcome: PollOutcome): void {
    loop.latencyMs = outcome.latencyMs
    loop.lastOk = outcome.ok
    if (outcome.ok) {
      loop.lastSuccessAt = clock.now()
      loop.lastError = null
      loop.lastErrorMessage = null
      const worker = workerWarningTexts(outcome.payload, staleWindowMs(loop, outcome.payload))
      loop.warnings = [...outcome.warnings, ...worker.map((warning) => warning.text)]
      loop.warningMessages =
        outcome.warningMessages?.length === outcome.warnings.length
          ? [...outcome.warningMessages, ...worker.map((warning) => warning.message)]
          : null
      loop.consecutiveFailures = 0
      // What the server repeats stays the same objects, so the aggregation reuses its rows (unchanged-records.ts).
      loop.payload = keepUnchanged(loop.payload, outcome.payload)
    } else {
      // The last payload and its warnings stay: the table keeps the data, marked stale.
      loop.lastError = outcome.error
      loop.lastErrorMessage = outcome.errorMessage ?? null
      loop.consecutiveFailures += 1
    }
  }

  /** After a failure: the earliest next poll, counted from the failed poll's start (the ticks add at most one interval). */
  function backoffUntil(loop: ServerLoop, outcome: Extract<PollOutcome, { ok: false }>, startedAt: number): number {
    const jitter = fullJitterDelay(loop.consecutiveFailures, loop.intervalMs, capMs, random)
    // A floor keeps a run of tiny random draws from becoming a hot loop against a dead server.
    const floor = loop.intervalMs / 4
    const retryAfter = Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)
    // Retry-After counts from the answer that carried it.
    return Math.max(startedAt + Math.max(jitter, floor), clock.now() + retryAfter)
  }

  function notify(): void {
    if (stopped) return
    try {
      options.onChange(options.statesOnChange === false ? [] : states())
    } catch {
      // A failing listener must not stop the loop; the listener owns its errors.
    }
  }

  function machineOf(loop: ServerLoop): string {
    return resolveMachine(loop.config, loop.payload)
  }

  function membersOf(machine: string): ServerLoop[] {
    return loops.filter((loop) => loop.machine === machine)
  }

  function intervalOf(members: readonly ServerLoop[]): number {
    // The shortest: every server of the machine is read in each round (see README, Polling).
    return Math.min(...members.map((loop) => loop.intervalMs))
  }

  /** One poll of one server; true when its outcome was recorded (not retired meanwhile). */
  function cycle(loop: ServerLoop): Promise<boolean> {
    const poll = (async () => {
      const startedAt = clock.now()
      const outcome = await pollOnce(loop)
      loop.inFlight = null
      if (loop.retired) return false
      record(loop, outcome)
      loop.notBefore = outcome.ok ? 0 : backoffUntil(loop, outcome, startedAt)
      const machine = machineOf(loop)
      if (machine !== loop.machine) {
        // Its payload named its machine: from now on it follows that machine's timer (a new machine takes
        // over the old one's next tick, so the cadence does not slip by the poll's duration).
        const previous = loop.machine
        const previousDue = tickers.get(previous)?.dueAt
        loop.machine = machine
        if (membersOf(previous).length === 0) cancelTick(previous)
        if (running && !tickers.has(machine)) scheduleTick(machine, (previousDue ?? clock.now() + loop.intervalMs) - clock.now())
      }
      return true
    })()
    loop.inFlight = poll.then(() => undefined)
    return poll
  }

  /**
   * Polls these servers of one machine concurrently and reports once: when
   * all have answered, or at the bound, whichever comes first (then each late
   * answer reports on its own).
   */
  function runRound(members: ServerLoop[]): Promise<void> {
    let answered = 0
    let late = false
    const bound = Math.min(DEFAULT_ROUND_BOUND_MS, intervalOf(members) / 2)
    const deadline =
      members.length > 1
        ? clock.setTimeout(() => {
            late = true
            if (answered > 0) notify()
          }, bound)
        : null
    const polls = members.map((loop) =>
      cycle(loop).then((recorded) => {
        if (!recorded) return
        answered += 1
        if (late) notify()
      }),
    )
    const round = Promise.all(polls).then(() => {
      if (deadline !== null) clock.clearTimeout(deadline)
      if (!late && answered > 0) notify()
      rounds.delete(round)
    })
    rounds.add(round)
    return round
  }

  function tick(machine: string): void {
    tickers.delete(machine)
    const members = membersOf(machine)
    if (!running || members.length === 0) return
    scheduleTick(machine, intervalOf(members))
    const now = clock.now()
    const due = members.filter((loop) => loop.inFlight === null && loop.notBefore <= now)
    if (due.length > 0) void runRound(due)
  }

  function scheduleTick(machine: string, delayMs: number): void {
    cancelTick(machine)
    const wait = Math.max(0, delayMs)
    tickers.set(machine, { timer: clock.setTimeout(() => tick(machine), wait), dueAt: clock.now() + wait })
  }

  function cancelTick(machine: string): void {
    const ticker = tickers.get(machine)
    if (ticker === undefined) return
    clock.clearTimeout(ticker.timer)
    tickers.delete(machine)
  }

  /** Machines in the order of their first server, each once. */
  function machinesOf(list: readonly ServerLoop[]): string[] {
    return [...new Set(list.map((loop) => loop.machine))]
  }

  /** Spreads the first ticks of these machines over one interval so machines are not hit in lockstep. */
  function spreadTicks(machines: readonly string[]): void {
    machines.forEach((machine, index) => scheduleTick(machine, (index * intervalOf(membersOf(machine))) / machines.length))
  }

  /**
   * Best effort and bounded: a dead server cannot hold the caller longer than the budget.
   * REST login sessions end through their store; `cookieSessions` (loops whose jar goes away)
   * end through their cookie, so a rest-function session frees its license now, not at 4D's idle timeout.
   */
  function logOut(configs: readonly ServerConfig[], cookieSessions: readonly ServerLoop[] = []): Promise<void> {
    const withSession = configs.filter((config) => sessionKey(config) !== null)
    const deps = { fetch: fetchImpl, now: () => clock.now() }
    const budgeted = (config: ServerConfig): ServerConfig => ({
      ...config,
      timeoutMs: Math.min(pollTiming(config).timeoutMs, LOGOUT_BUDGET_MS),
    })
    const logouts = [
      ...withSession.map((config) => endRestSession(budgeted(config), deps).catch(() => false)),
      ...cookieSessions.map((loop) => endCookieSession(budgeted(loop.config), loop.cookies, deps).catch(() => false)),
    ]
    if (logouts.length === 0) return Promise.resolve()
    let timer: ReturnType<typeof setTimeout> | undefined
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LOGOUT_BUDGET_MS + 100)
      timer.unref()
    })
    return Promise.race([Promise.allSettled(logouts).then(() => undefined), budget]).finally(() => clearTimeout(timer))
  }

  /** Data older than this is stale; a worker that renews its copy slowly gets two of its periods on top. */
  function staleWindowMs(loop: ServerLoop, payload: ServerPayload | null): number {
    const renewMs = (payload?.refreshSeconds ?? 0) * 1000
    return Math.max(staleAfter * loop.intervalMs, 2 * renewMs + loop.intervalMs)
  }

  function statusOf(loop: ServerLoop, now: number): ServerStatusKind {
    if (loop.lastOk === false) return 'down'
    // The data is as old as the endpoint's copy: a stuck 4D worker keeps answering with an old one.
    const dataAt = loop.lastSuccessAt === null ? null : loop.lastSuccessAt - (loop.payload?.copyAgeMs ?? 0)
    if (loop.lastOk === true && dataAt !== null && now - dataAt <= staleWindowMs(loop, loop.payload)) return 'up'
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
      // Only while there is an error, so the states of healthy servers stay as they were.
      ...(loop.lastErrorMessage ? { lastErrorMessage: loop.lastErrorMessage } : {}),
      warnings: [...loop.warnings],
      ...(loop.warningMessages && loop.warningMessages.length > 0 ? { warningMessages: [...loop.warningMessages] } : {}),
      consecutiveFailures: loop.consecutiveFailures,
      version: payload?.server.version ?? null,
      payload,
      intervalMs: loop.intervalMs,
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
      spreadTicks(machinesOf(loops))
    },
    async stop() {
      running = false
      stopped = true
      for (const machine of [...tickers.keys()]) cancelTick(machine)
      await Promise.all([...loops.map((loop) => loop.inFlight), ...rounds])
    },
    states,
    endRestSessions: () =>
      logOut(
        loops.map((loop) => loop.config),
        loops,
      ),
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
      for (const loop of previous.values()) loop.retired = true
      // A removed or changed server's REST session ends (after its poll in flight), unless the new list
      // polls the same server with the same credentials: that loop goes on with the same session.
      const kept = new Set(next.map((loop) => sessionKey(loop.config)))
      const ended = [...previous.values()].filter((loop) => !kept.has(sessionKey(loop.config)))
      // A jar no loop of the new list carries on is a web session nobody will use again: end it too.
      const jarsKept = new Set(next.map((loop) => loop.cookies))
      const jarEnded = [...previous.values()].filter((loop) => !jarsKept.has(loop.cookies))
      if (ended.length > 0 || jarEnded.length > 0)
        void Promise.all([...previous.values()].flatMap((loop) => (loop.inFlight ? [loop.inFlight] : []))).then(() =>
          logOut(
            ended.map((loop) => loop.config),
            jarEnded,
          ),
        )
      loops = next
      const machines = new Set(machinesOf(loops))
      for (const machine of [...tickers.keys()]) if (!machines.has(machine)) cancelTick(machine)
      if (!running) return
      // A server joining a machine that already ticks is polled at its next tick; new machines start spread
      // over their interval, as at start, so a pasted list is not hit in lockstep.
      spreadTicks([...machines].filter((machine) => !tickers.has(machine)))
      notify()
    },
    async pollNow(serverId) {
      const targets = serverId === undefined ? loops : loops.filter((loop) => loop.config.id === serverId)
      if (targets.length === 0) throw new Error(`no server has the id "${serverId}"`)
      // A server is read with its machine's siblings, so a manual poll is a consistent round too.
      await Promise.all(
        machinesOf(targets).map((machine) => {
          const members = membersOf(machine)
          if (running) scheduleTick(machine, intervalOf(members)) // the cadence restarts from now
          const busy = members.flatMap((loop) => (loop.inFlight ? [loop.inFlight] : []))
          const idle = members.filter((loop) => loop.inFlight === null)
          return Promise.all([...busy, idle.length > 0 ? runRound(idle) : null])
        }),
      )
    },
  }
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

/** What the 4D side says about its own copy: a failed renewal, or a copy too old to be current. */
export function workerWarnings(payload: ServerPayload, staleMs: number): string[] {
  return workerWarningTexts(payload, staleMs).map((warning) => warning.text)
}

/** workerWarnings in English and as catalogue messages (ingest/warning-text.ts). */
export function workerWarningTexts(payload: ServerPayload, staleMs: number): LocalText[] {
  const warnings: LocalText[] = []
  if (payload.workerError !== undefined) warnings.push(workerFailed(payload.workerError))
  if (payload.copyAgeMs !== undefined && payload.copyAgeMs > staleMs) warnings.push(copyTooOld(payload.copyAgeMs))
  return warnings
}

// The poller plus the aggregation, as one source of snapshots. The Electron
// main process and the browser-served mode both sit on this; neither knows
// about polling.

import { aggregate } from '../usage/aggregate.ts'
import { createMachineCache, type MachineCache } from './machine-cache.ts'
import { createAlerting, type AlertingOptions, type SnoozeTarget } from '../alerts/alerting.ts'
import type { AlertConfig } from '../alerts/config.ts'
import { createPoller, systemClock, type PollerClock } from './poller.ts'
import type { ServerConfig, ServerState, ServerSummary, Snapshot } from '../types/index.ts'

export interface MonitorOptions {
  servers: ServerConfig[]
  /** True when the servers are the built-in simulator's; shown in the snapshot (default false). */
  demo?: boolean
  fetch?: typeof fetch
  clock?: PollerClock
  random?: () => number
  /** Alert rules, saved state and where notices go (main/core/alerts/); defaults in memory, notices dropped, when absent. */
  alerts?: Omit<AlertingOptions, 'now'>
  /**
   * Polls that finish within this many milliseconds of the last rebuild wait
   * for its end and share one rebuild (default 50; see createMonitor).
   */
  coalesceMs?: number
  /** Told after each rebuild how much work it took (tests and bench:monitor count them). */
  onRebuild?: (work: RebuildWork) => void
}

export interface RebuildWork {
  /** Machines in the snapshot. */
  machines: number
  /** Machines whose rows were recomputed; the others were reused unchanged. */
  aggregated: number
}

/** Bounded: an alert still fires well within one poll interval (at least 250 ms) of the poll that crossed. */
export const DEFAULT_COALESCE_MS = 50

/** What the monitor takes from a workspace (main/app/workspace.ts): the demo's or the real one. */
export interface MonitorWorkspace {
  servers: ServerConfig[]
  /** The snapshot's flag: true when these are the built-in simulator's servers. */
  demo: boolean
  /** Where this workspace's alert state and snoozes are saved; null keeps them in memory. */
  alertStatePath: string | null
}

export interface Monitor {
  start(): void
  /** Stops polling and logs out of the servers' REST sessions (freeing their licenses; at most about 2 s). */
  stop(): Promise<void>
  /** A fresh snapshot of what is known right now. */
  getSnapshot(): Snapshot
  /** Called with each snapshot that differs from the last one sent; returns its unsubscribe function. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void
  /** Polls every server now and resolves once their results are in the snapshot. */
  pollNow(): Promise<void>
  /** Mutes notices (not evaluation) of one alert or of all until `untilMs`; the snapshot shows it. */
  /** Returns why the snooze could not be saved (it still applies until restart), or null. */
  snooze(target: SnoozeTarget, untilMs: number): string | null
  unsnooze(target: SnoozeTarget): string | null
  /** Stops polling and keeps every state (tray "Pause polling"); resume() picks up where it left off. */
  pause(): Promise<void>
  resume(): void
  isPaused(): boolean
  /** Alert rules from the next evaluation on (the settings screen); the snapshot shows what changed at once. */
  setAlertConfig(config: AlertConfig): void
  alertConfig(): AlertConfig
  /**
   * Polls this list from now on (the settings screen saved it): unchanged
   * servers keep their state, removed ones stop, new ones start.
   */
  setServers(servers: ServerConfig[]): void
  /**
   * Moves to another workspace (demo <-> real) in one step: its servers, as
   * setServers would, and its saved alert state and snoozes, so the demo's
   * alerts never mix with real ones. The rules and the notice sink stay.
   */
  useWorkspace(workspace: MonitorWorkspace): void
}

/** What the server strip needs: never the payload, never the token. */
export function toServerSummary(state: ServerState): ServerSummary {
  return {
    id: state.id,
    name: state.name,
    machine: state.machine,
    url: state.url,
    status: state.status,
    latencyMs: state.latencyMs,
    lastSuccessAt: state.lastSuccessAt,
    lastError: state.lastError,
    ...(state.lastErrorMessage ? { lastErrorMessage: state.lastErrorMessage } : {}),
    warnings: [...state.warnings],
    ...(state.warningMessages ? { warningMessages: [...state.warningMessages] } : {}),
    version: state.version,
    // Only present when true, so snapshots of servers polled without a licensed session stay as they were.
    ...(state.payload?.holdsLicense ? { holdsLicense: true } : {}),
  }
}

export function buildSnapshot(states: readonly ServerState[], demo: boolean, now: number): Snapshot {
  return {
    generatedAt: new Date(now).toISOString(),
    demo,
    machines: aggregate(states),
    servers: states.map(toServerSummary),
  }
}

/** buildSnapshot through the cache: the same snapshot, with only the changed machines recomputed. */
function cachedSnapshot(cache: MachineCache, states: readonly ServerState[], demo: boolean, now: number) {
  const parts = cache.parts(states, toServerSummary)
  const snapshot: Snapshot = { generatedAt: new Date(now).toISOString(), demo, machines: parts.machines, servers: parts.servers }
  return { snapshot, partsKey: parts.key, aggregated: parts.aggregated }
}

/**
 * What the alerting adds to a snapshot, as text: each row's level and
 * forecast, and the alerts section. Small (no license lists), so it is
 * serialised; the rest of the snapshot is compared by server versions.
 */
function decorationKey(snapshot: Snapshot): string {
  const rows = snapshot.machines.map((machine) =>
    machine.products
      .map(
        (row) =>
          `${row.status}:${row.recovering ? `${row.recovering.level}<${String(row.recovering.clearsAtRemaining)}` : ''}:${String(row.forecastMinutes)}`,
      )
      .join(','),
  )
  const alerts = snapshot.alerts
  const transitions = alerts ? [alerts.transitions.length, alerts.transitions.at(-1) ?? null] : null
  return JSON.stringify([rows, alerts?.active ?? null, alerts?.snoozedUntil ?? null, alerts?.problem ?? null, transitions])
}

export function createMonitor(options: MonitorOptions): Monitor {
  const clock = options.clock ?? systemClock
  const listeners = new Set<(snapshot: Snapshot) => void>()
  let lastSentKey: string | null = null
  const cache = createMachineCache()
  const coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS
  let lastRebuildAt = Number.NEGATIVE_INFINITY
  let pendingRebuild: unknown = null
  let alerting = createAlerting({ ...options.alerts, now: () => clock.now() })
  let started = false
  let paused = false
  let demo = options.demo ?? false

  const poller = createPoller({
    servers: options.servers,
    fetch: options.fetch,
    clock,
    random: options.random,
    // The rebuild reads poller.states() itself, once per coalescing window.
    statesOnChange: false,
    onChange: () => {
      requestRebuild()
    },
  })

  /**
   * Polls (machine rounds) that finish close together share one rebuild: the
   * first after a quiet spell rebuilds at once, later ones wait for the end of
   * the coalescing window, so there is at most one rebuild per window however
   * many machines answer in it.
   */
  function requestRebuild(): void {
    if (pendingRebuild !== null) return
    const wait = lastRebuildAt + coalesceMs - clock.now()
    if (wait <= 0) rebuild()
    else
      pendingRebuild = clock.setTimeout(() => {
        pendingRebuild = null
        rebuild()
      }, wait)
  }

  /** Runs a waiting rebuild now (pollNow's promise, stop and pause must leave nothing unreported). */
  function flush(): void {
    if (pendingRebuild === null) return
    clock.clearTimeout(pendingRebuild)
    pendingRebuild = null
    rebuild()
  }

  // Every rebuild is an evaluation: pending alerts fire by clock, even when the numbers did not change.
  function rebuild(): void {
    const now = clock.now()
    const states = poller.states()
    const built = cachedSnapshot(cache, states, demo, now)
    options.onRebuild?.({ machines: built.snapshot.machines.length, aggregated: built.aggregated })
    publish(alerting.evaluate(built.snapshot, failuresOf(states)), built.partsKey)
    // The window counts from the rebuild's end: one that outlasts it (a large fleet on a loaded machine) would
    // otherwise let every round that answered meanwhile rebuild at once, one after another (bench:monitor saw
    // 128 rebuilds in one cycle of 200 servers).
    lastRebuildAt = clock.now()
  }

  /** The current snapshot, decorated but not evaluated, and its key. */
  function current(): { snapshot: Snapshot; partsKey: string } {
    const built = cachedSnapshot(cache, poller.states(), demo, clock.now())
    return { snapshot: alerting.decorate(built.snapshot), partsKey: built.partsKey }
  }

  function publishCurrent(): void {
    const { snapshot, partsKey } = current()
    publish(snapshot, partsKey)
  }

  function publish(snapshot: Snapshot, partsKey: string): void {
    const key = `${String(demo)} ${partsKey} ${decorationKey(snapshot)}`
    if (key === lastSentKey) return
    lastSentKey = key
    for (const listener of [...listeners]) {
      try {
        listener(snapshot)
      } catch {
        // One broken listener (a closed window, a dropped SSE client) must not starve the others.
      }
    }
  }

  return {
    start() {
      started = true
      if (!paused) poller.start()
    },
    async stop() {
      started = false
      flush()
      await poller.stop()
      await poller.endRestSessions()
    },
    getSnapshot: () => current().snapshot,
    onSnapshot(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    async pollNow() {
      await poller.pollNow()
      flush()
    },
    snooze(target, untilMs) {
      const problem = alerting.snooze(target, untilMs)
      publishCurrent()
      return problem
    },
    unsnooze(target) {
      const problem = alerting.unsnooze(target)
      publishCurrent()
      return problem
    },
    async pause() {
      paused = true
      flush()
      await poller.stop()
    },
    resume() {
      paused = false
      if (started) poller.start()
    },
    isPaused: () => paused,
    setAlertConfig(config) {
      alerting.setConfig(config)
    },
    alertConfig: () => alerting.config(),
    setServers(servers) {
      poller.setServers(servers)
      publishCurrent()
    },
    useWorkspace(workspace) {
      // Same rules and notice sink, the workspace's own saved state.
      alerting = createAlerting({
        ...options.alerts,
        config: alerting.config(),
        statePath: workspace.alertStatePath,
        now: () => clock.now(),
      })
      demo = workspace.demo
      poller.setServers(workspace.servers)
      publishCurrent()
    },
  }
}

function failuresOf(states: readonly ServerState[]): Record<string, number> {
  return Object.fromEntries(states.map((state) => [state.id, state.consecutiveFailures]))
}

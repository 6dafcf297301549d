// The poller plus the aggregation, as one source of snapshots. The Electron
// main process and the browser-served mode both sit on this; neither knows
// about polling.

import { aggregate } from '../usage/aggregate.ts'
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
}

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
  snooze(target: SnoozeTarget, untilMs: number): void
  unsnooze(target: SnoozeTarget): void
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
    warnings: [...state.warnings],
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

/** The snapshot's content without its timestamp: two snapshots with the same key show the same thing. */
function contentKey(snapshot: Snapshot): string {
  const { generatedAt: _ignored, ...content } = snapshot
  return JSON.stringify(content)
}

export function createMonitor(options: MonitorOptions): Monitor {
  const clock = options.clock ?? systemClock
  const listeners = new Set<(snapshot: Snapshot) => void>()
  let lastSentKey: string | null = null
  let alerting = createAlerting({ ...options.alerts, now: () => clock.now() })
  let started = false
  let paused = false
  let demo = options.demo ?? false

  const poller = createPoller({
    servers: options.servers,
    fetch: options.fetch,
    clock,
    random: options.random,
    // Every completed poll is an evaluation: pending alerts fire by clock, even when the numbers did not change.
    onChange: (states) => publish(alerting.evaluate(buildSnapshot(states, demo, clock.now()), failuresOf(states))),
  })

  function publish(snapshot: Snapshot): void {
    const key = contentKey(snapshot)
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
      await poller.stop()
      await poller.endRestSessions()
    },
    getSnapshot: () => alerting.decorate(buildSnapshot(poller.states(), demo, clock.now())),
    onSnapshot(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    pollNow: () => poller.pollNow(),
    snooze(target, untilMs) {
      alerting.snooze(target, untilMs)
      publish(alerting.decorate(buildSnapshot(poller.states(), demo, clock.now())))
    },
    unsnooze(target) {
      alerting.unsnooze(target)
      publish(alerting.decorate(buildSnapshot(poller.states(), demo, clock.now())))
    },
    async pause() {
      paused = true
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
      publish(alerting.decorate(buildSnapshot(poller.states(), demo, clock.now())))
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
      publish(alerting.decorate(buildSnapshot(poller.states(), demo, clock.now())))
    },
  }
}

function failuresOf(states: readonly ServerState[]): Record<string, number> {
  return Object.fromEntries(states.map((state) => [state.id, state.consecutiveFailures]))
}

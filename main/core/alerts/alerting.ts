// The stateful shell around the pure rule engine: it keeps the alert state,
// the snoozes and the usage samples for the forecast, saves them, hands
// notices to whoever shows them, and writes the engine's levels into the
// snapshot (row-status.ts: the level the numbers meet, plus any alert held by
// hysteresis above it). The monitor calls it on every completed poll.

import type { ActiveAlert, Notice, ProductUsage, Snapshot, SnapshotAlerts } from '../types/index.ts'
import { loadAlerts, saveAlerts } from './alert-file.ts'
import { defaultAlertConfig, resolveLevelRules, unmatchedOverrides, type AlertConfig } from './config.ts'
import { evaluateAlerts } from './engine.ts'
import { UsageHistory } from './forecast.ts'
import { unreachableLocal, usageLocal } from './notice-text.ts'
import { rowStatus } from './row-status.ts'
import { noSnoozes, pruneSnoozes, snoozedUntil, withoutSnooze, withSnooze, type Snoozes, type SnoozeTarget } from './snooze.ts'
import { emptyAlertState, licenseKey, serverKey, type AlertState } from './state.ts'

export interface AlertingOptions {
  /** Full configuration (see parseAlertConfig); defaults when absent. */
  config?: AlertConfig
  /** JSON file for state and snoozes; null or absent keeps them in memory only. */
  statePath?: string | null
  /** Receives each notice (desktop notification, in-page notice); its errors are its own. */
  onNotice?: (notice: Notice) => void
  now: () => number
}

export interface Alerting {
  /** Runs the rule engine on a freshly built snapshot and returns it with levels, forecasts and the alerts section. */
  evaluate(snapshot: Snapshot, serverFailures: Readonly<Record<string, number>>): Snapshot
  /** The same decoration without evaluating (for getSnapshot between polls). */
  decorate(snapshot: Snapshot): Snapshot
  /** Returns why the change could not be saved (it applies until restart), or null when saved. */
  snooze(target: SnoozeTarget, untilMs: number): string | null
  unsnooze(target: SnoozeTarget): string | null
  snoozes(): Snoozes
  state(): AlertState
  /** Rules from the next evaluation on; the state is kept, so a firing alert moves by the new thresholds (with hysteresis). */
  setConfig(config: AlertConfig): void
  config(): AlertConfig
}

export function createAlerting(options: AlertingOptions): Alerting {
  let config = options.config ?? defaultAlertConfig()
  const path = options.statePath ?? null
  const loaded = path ? loadAlerts(path, options.now()) : { state: emptyAlertState(), snoozes: noSnoozes(), problem: null }
  let state = loaded.state
  let snoozes = loaded.snoozes
  // Shown until restart on purpose: the user should learn that the old alert state was lost.
  const loadProblem = loaded.problem
  let saveProblem: string | null = null
  let lastSaved = path ? JSON.stringify({ state, snoozes }) : ''
  const history = new UsageHistory()

  function persist(): string | null {
    if (!path) return null
    snoozes = pruneSnoozes(snoozes, options.now())
    const text = JSON.stringify({ state, snoozes })
    if (text === lastSaved) return saveProblem
    saveProblem = saveAlerts(path, { state, snoozes })
    if (saveProblem === null) lastSaved = text
    return saveProblem
  }

  function recordSamples(snapshot: Snapshot, now: number): Record<string, number | null> {
    const forecasts: Record<string, number | null> = {}
    const keep = new Set<string>()
    for (const machine of snapshot.machines) {
      for (const row of machine.products) {
        const key = licenseKey(machine.machine, row.productId)
        keep.add(key)
        if (!row.stale && row.remaining !== null) history.record(key, now, row.used)
        history.judge(key, now, row.stale)
        forecasts[key] = row.remaining === null ? null : history.forecast(key, row.remaining)
      }
    }
    history.retain(keep)
    return forecasts
  }

  function decorateRow(machine: string, row: ProductUsage): ProductUsage {
    const key = licenseKey(machine, row.productId)
    // The status the numbers meet, and the alert hysteresis still holds above it (row-status.ts).
    const rules = resolveLevelRules(config, machine, row.productId, row.productName)
    const { status, recovering } = rowStatus(row, rules, config, state.license[key])
    const { recovering: _stale, ...rest } = row
    return {
      ...rest,
      status,
      ...(recovering ? { recovering } : {}),
      forecastMinutes: row.remaining === null ? null : history.forecast(key, row.remaining),
    }
  }

  function activeAlerts(now: number): ActiveAlert[] {
    const until = (key: string) => isoOrNull(snoozedUntil(snoozes, key, now))
    const servers: ActiveAlert[] = Object.values(state.servers).map((alert) => ({
      key: serverKey(alert.serverId),
      kind: 'server',
      machine: alert.machine,
      productId: null,
      subject: alert.serverName,
      phase: 'firing',
      level: 'unreachable',
      since: new Date(alert.since).toISOString(),
      snoozedUntil: until(serverKey(alert.serverId)),
      ...unreachableLocal(alert.serverName, alert.machine, alert.failures, alert.lastError, alert.lastErrorMessage),
    }))
    const licenses: ActiveAlert[] = Object.entries(state.license).flatMap(([key, alert]) =>
      alert.level !== null && (alert.phase === 'firing' || alert.phase === 'recovering')
        ? [
            {
              key,
              kind: 'license' as const,
              machine: alert.machine,
              productId: alert.productId,
              subject: alert.productName,
              phase: alert.phase,
              level: alert.level,
              since: new Date(alert.firingSince ?? now).toISOString(),
              snoozedUntil: until(key),
              ...usageLocal(alert.productName, alert.machine, alert.value, history.forecast(key, alert.value.remaining ?? 0)),
            },
          ]
        : [],
    )
    return [...servers, ...licenses]
  }

  function decorate(snapshot: Snapshot): Snapshot {
    const now = options.now()
    const alerts: SnapshotAlerts = {
      active: activeAlerts(now),
      transitions: [...state.transitions],
      snoozedUntil: isoOrNull(snoozes.all !== null && snoozes.all > now ? snoozes.all : null),
      problem: [loadProblem, saveProblem, ...unmatchedOverrides(config, snapshot.machines)].filter((p) => p !== null).join(' ') || null,
    }
    const machines = snapshot.machines.map((machine) => ({
      ...machine,
      products: machine.products.map((row) => decorateRow(machine.machine, row)),
    }))
    return { ...snapshot, machines, alerts }
  }

  return {
    evaluate(snapshot, serverFailures) {
      const now = options.now()
      const forecasts = recordSamples(snapshot, now)
      const result = evaluateAlerts(state, { now, snapshot, serverFailures, snoozes, forecasts }, config)
      state = result.state
      persist()
      for (const notice of result.notices) {
        try {
          options.onNotice?.(notice)
        } catch {
          // A failing display (notifications off, a closed page) must not stop alerting.
        }
      }
      return decorate(snapshot)
    },
    decorate,
    snooze(target, untilMs) {
      snoozes = withSnooze(snoozes, target, untilMs)
      return persist()
    },
    unsnooze(target) {
      snoozes = withoutSnooze(snoozes, target)
      return persist()
    },
    snoozes: () => snoozes,
    state: () => state,
    setConfig(next) {
      config = next
    },
    config: () => config,
  }
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

export type { SnoozeTarget }

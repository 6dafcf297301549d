// Builders for alert tests: snapshots with only the numbers that matter.

import type { AlertConfig, LevelRule } from '../../../main/core/alerts/config.ts'
import { defaultAlertConfig } from '../../../main/core/alerts/config.ts'
import { evaluateAlerts } from '../../../main/core/alerts/engine.ts'
import { noSnoozes, type Snoozes } from '../../../main/core/alerts/snooze.ts'
import { emptyAlertState, type AlertState } from '../../../main/core/alerts/state.ts'
import type { MachineUsage, Notice, ProductUsage, ServerSummary, Snapshot } from '../../../main/core/types/index.ts'

export const CLIENT = 808464441

export interface RowSpec {
  machine?: string
  productId?: number
  productName?: string
  used: number
  limit: number | null
  stale?: boolean
  /** false: the machine's servers were not read as one consistent round (consistency.ts). */
  consistent?: false
}

export function row(spec: RowSpec): ProductUsage {
  const limit = spec.limit
  return {
    productId: spec.productId ?? CLIENT,
    productName: spec.productName ?? '4D Client',
    used: spec.used,
    limit,
    remaining: limit === null ? null : limit - spec.used,
    utilization: limit ? spec.used / limit : null,
    unlimited: false,
    limitSource: limit === null ? 'unknown' : 'licenseInfo',
    status: 'ok',
    shares: [],
    flags: [],
    stale: spec.stale ?? false,
    licenses: [],
    ...(spec.consistent === false ? { consistent: false as const } : {}),
  }
}

/** One server per machine, named after it, up unless `down` lists the machine. */
export function snapshot(rows: RowSpec[], down: string[] = []): Snapshot {
  const machines = new Map<string, MachineUsage>()
  for (const spec of rows) {
    const name = spec.machine ?? 'srv-app-01'
    const machine = machines.get(name) ?? { machine: name, servers: [`${name}-server`], products: [] }
    machine.products.push(row(spec))
    machines.set(name, machine)
  }
  const servers: ServerSummary[] = [...machines.keys()].map((name) => ({
    id: `${name}-server`,
    name: `${name}-server`,
    machine: name,
    url: `http://${name}:8080/license-usage`,
    status: down.includes(name) ? 'down' : 'up',
    latencyMs: 5,
    lastSuccessAt: null,
    lastError: down.includes(name) ? 'Connection refused' : null,
    warnings: [],
    version: null,
  }))
  return { generatedAt: new Date(0).toISOString(), demo: false, machines: [...machines.values()], servers }
}

const OFF: Pick<LevelRule, 'utilizationPercent' | 'remaining'> = { utilizationPercent: null, remaining: null }

/** reliability.md's case: for = 60 s, fire at remaining <= 2 (clear at >= 4 with the 2-license margin), one level only. */
export function reliabilityConfig(repeatMs: number | null = null): AlertConfig {
  const config = defaultAlertConfig()
  config.levels = {
    warning: { utilizationPercent: null, remaining: 2, forMs: 60_000, repeatMs },
    critical: { ...config.levels.critical, ...OFF },
    exhausted: { ...config.levels.exhausted, ...OFF },
  }
  return config
}

export interface Poll {
  at: number
  snapshot: Snapshot
  failures?: Record<string, number>
  snoozes?: Snoozes
}

export interface Run {
  state: AlertState
  notices: Notice[]
}

/** Evaluates polls in order, carrying the state; notices in the order they came. */
export function run(config: AlertConfig, polls: Poll[], start: AlertState = emptyAlertState()): Run {
  let state = start
  const notices: Notice[] = []
  for (const poll of polls) {
    const result = evaluateAlerts(
      state,
      { now: poll.at, snapshot: poll.snapshot, serverFailures: poll.failures ?? {}, snoozes: poll.snoozes ?? noSnoozes() },
      config,
    )
    state = result.state
    notices.push(...result.notices)
  }
  return { state, notices }
}

/** Remaining counts on a pool of 10, one poll every 30 s from `start`. */
export function remainingSeries(remaining: number[], start = 0, extra: Partial<Poll> = {}): Poll[] {
  return remaining.map((left, i) => ({ at: start + i * 30_000, snapshot: snapshot([{ used: 10 - left, limit: 10 }]), ...extra }))
}

/** (seconds, kind, level) of each notice item: what a test compares. */
export function summary(notices: Notice[]): [number, string, string][] {
  return notices.flatMap((notice) =>
    notice.items.map((item): [number, string, string] => [Date.parse(notice.at) / 1000, item.kind, item.level]),
  )
}

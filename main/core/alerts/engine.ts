// "Is this worth notifying?": one pure function from (state, snapshot, clock)
// to (state, notices, transitions). No I/O, no timers; the caller passes `now`.
//
// License alert, per machine and product. L is the level firing; "ready" is the
// worst level whose condition has held for its `for` (measured by clock).
//
//   phase            | this evaluation                                 | next                  | notice item
//   -----------------+-------------------------------------------------+-----------------------+-------------------------------
//   normal           | no condition holds                              | normal                | -
//   normal/pending   | a condition holds, not yet for its `for`        | pending               | -
//   normal/pending   | a level is ready                                | firing(ready)         | firing
//   pending          | no condition holds any more                     | normal                | -
//   firing/recov.(L) | a worse level is ready                          | firing(worse)         | escalated
//   firing/recov.(L) | L's condition holds                             | firing(L)             | repeat, once `repeatMs` passed since the last notice
//   firing(L)        | L no longer holds, not past its clear threshold | recovering(L)         | -
//   firing/recov.(L) | L cleared, a lower level K has not              | firing/recovering(K)  | - (de-escalation is silent: only the end matters)
//   firing/recov.    | every level cleared (or the row went away)      | normal                | resolved, only if a notice was sent
//   any              | row stale, machine's server down, limit unknown | unchanged             | -
//   any              | used over the limit (a skew, remaining null)    | unchanged             | -
//   firing/recov.    | not one consistent round of the machine         | unchanged             | -
//   normal/pending   | not one consistent round of the machine         | as above, but only    | -
//                    |                                                 | warning may hold/fire |
//   firing/recov.    | was snoozed, snooze over, no other item         | unchanged             | reminder (once)
//
// While snoozed, items are computed the same way and dropped (muted); a
// resolution during a snooze therefore says nothing, and a firing alert
// remembers it was muted so the end of the snooze gives one reminder.
//
// Server alert: a server with `unreachableAfterFailures` failed polls in a row
// fires "unreachable" (once); its first success ends it ("reachable" item, only
// if "unreachable" was sent). Its machine's rows are stale meanwhile, so their
// license alerts hold (row above). Everything of one evaluation is ONE notice.
//
// Consistent rounds (issue 16): a row whose servers were not read as one round
// (`consistent: false`, main/core/usage/consistency.ts) may count a license
// twice, so it never starts or escalates to critical or exhausted, and it
// never resolves or de-escalates an alert already active: the next consistent
// round decides. A real exhaustion therefore fires at the first consistent
// round, within one poll interval on a healthy machine.

import type { AlertPoint, AlertTransition, MachineUsage, Notice, NoticeItem, NoticeKind, ProductUsage, Snapshot } from '../types/index.ts'
import { levelRank, resolveLevelRules, type AlertConfig } from './config.ts'
import { holdingLevels, holds, isJudged, sustainedLevel, type JudgedValue } from './conditions.ts'
import { buildNotice, resolvedLocal, usageLocal, valueLocal, type RowValue } from './notice-text.ts'
import { evaluateServers } from './server-alerts.ts'
import { isSnoozed, type Snoozes } from './snooze.ts'
import { licenseKey, MAX_TRANSITIONS, type AlertState, type LicenseAlert } from './state.ts'

export interface EvaluationInput {
  now: number
  snapshot: Snapshot
  /** Consecutive failed polls per server id (0 or absent when the last poll succeeded). */
  serverFailures: Readonly<Record<string, number>>
  snoozes: Snoozes
  /** Minutes to exhaustion per license key, for the notice text. */
  forecasts?: Readonly<Record<string, number | null>>
}

export interface Evaluation {
  state: AlertState
  /** At most one: everything of this evaluation grouped. */
  notices: Notice[]
  transitions: AlertTransition[]
}

/** How this evaluation sees one row: numbers to judge, nothing to fire on, or frozen. */
type RowView = { kind: 'judged'; value: JudgedValue; consistent: boolean } | { kind: 'clear'; value: RowValue | null } | { kind: 'held' }

/** Levels that only a consistent round of the machine's servers may raise. */
const NEEDS_CONSISTENT_ROUND: ReadonlySet<string> = new Set(['critical', 'exhausted'])

interface Step {
  next: LicenseAlert
  event: Extract<NoticeKind, 'firing' | 'escalated' | 'repeat' | 'resolved'> | null
  /** The row is no longer in the snapshot. */
  gone?: boolean
}

export function evaluateAlerts(state: AlertState, input: EvaluationInput, config: AlertConfig): Evaluation {
  const items: NoticeItem[] = []
  const transitions: AlertTransition[] = []
  const license: AlertState['license'] = {}
  const seen = new Set<string>()

  for (const machine of input.snapshot.machines) {
    for (const shown of machine.products) {
      const row = judgedRow(shown, config)
      const key = licenseKey(machine.machine, row.productId)
      seen.add(key)
      const prev = state.license[key] ?? freshAlert(machine.machine, row)
      const rules = resolveLevelRules(config, machine.machine, row.productId, row.productName)
      const view = viewOf(row)
      if (view.kind === 'held' || (view.kind === 'judged' && !view.consistent && prev.level !== null)) {
        if (state.license[key]) license[key] = prev
        continue
      }
      const step = stepLicense(prev, view, rules, config, input.now)
      settle(key, prev, step, input, items, transitions)
      if (step.next.phase !== 'normal') license[key] = step.next
    }
  }
  for (const [key, prev] of Object.entries(state.license)) {
    if (seen.has(key)) continue
    // A row that vanished while its machine is fully up means no license of it is held: that is a resolution.
    if (!machineFullyUp(input.snapshot, prev.machine)) {
      // Not seen, and nothing says why: keep it as it was (a restart before every server has answered lands here).
      license[key] = prev
      continue
    }
    const step = { ...stepLicense(prev, { kind: 'clear', value: null }, null, config, input.now), gone: true }
    settle(key, prev, step, input, items, transitions)
    if (isActive(step.next)) license[key] = step.next
  }

  const servers = evaluateServers(state.servers, input, config)
  items.push(...servers.items)
  transitions.push(...servers.transitions)

  const notice = buildNotice(items, input.now)
  return {
    state: { license, servers: servers.alerts, transitions: [...state.transitions, ...transitions].slice(-MAX_TRANSITIONS) },
    notices: notice ? [notice] : [],
    transitions,
  }
}

function freshAlert(machine: string, row: ProductUsage): LicenseAlert {
  return {
    machine,
    productId: row.productId,
    productName: row.productName,
    phase: 'normal',
    level: null,
    holdingSince: {},
    firingSince: null,
    notifiedLevel: null,
    lastNoticeAt: null,
    snoozeMuted: false,
    value: rowValue(row),
  }
}

/**
 * The row the rules judge: unless countMonitorLicense, as the users hold it,
 * the monitor's own licenses taken out of used and given back to remaining.
 */
export function judgedRow(row: ProductUsage, config: Pick<AlertConfig, 'countMonitorLicense'>): ProductUsage {
  const own = config.countMonitorLicense ? 0 : (row.heldByMonitor ?? 0)
  if (own === 0) return row
  return {
    ...row,
    used: row.used - own,
    remaining: row.remaining === null ? null : row.remaining + own,
    utilization: row.limit ? (row.used - own) / row.limit : row.utilization,
  }
}

function rowValue(row: ProductUsage): RowValue {
  return { used: row.used, limit: row.limit, remaining: row.remaining }
}

function viewOf(row: ProductUsage): RowView {
  if (row.stale) return { kind: 'held' }
  if (row.unlimited) return { kind: 'clear', value: rowValue(row) }
  const value = rowValue(row)
  return isJudged(value) ? { kind: 'judged', value, consistent: row.consistent !== false } : { kind: 'held' }
}

function machineFullyUp(snapshot: Snapshot, machine: string): boolean {
  const found: MachineUsage | undefined = snapshot.machines.find((m) => m.machine === machine)
  if (!found) return false
  return found.servers.every((name) => snapshot.servers.some((server) => server.name === name && server.status === 'up'))
}

/** The transition table above, for one row that can be judged (or is clear). */
function stepLicense(
  prev: LicenseAlert,
  view: Exclude<RowView, { kind: 'held' }>,
  rules: ReturnType<typeof resolveLevelRules> | null,
  config: AlertConfig,
  now: number,
): Step {
  const value = view.kind === 'judged' ? view.value : null
  const consistent = view.kind !== 'judged' || view.consistent
  const holding = value && rules ? holdingLevels(rules, value).filter((level) => consistent || !NEEDS_CONSISTENT_ROUND.has(level)) : []
  const holdingSince: LicenseAlert['holdingSince'] = {}
  for (const level of holding) holdingSince[level] = prev.holdingSince[level] ?? now
  const ready = rules ? (holding.find((level) => now - (holdingSince[level] ?? now) >= rules[level].forMs) ?? null) : null
  const base = { ...prev, holdingSince, value: view.value ?? prev.value }

  if (prev.level === null) {
    if (ready) return { next: { ...base, phase: 'firing', level: ready, firingSince: now }, event: 'firing' }
    return { next: { ...base, phase: holding.length > 0 ? 'pending' : 'normal' }, event: null }
  }
  if (ready && levelRank(ready) > levelRank(prev.level)) return { next: { ...base, phase: 'firing', level: ready }, event: 'escalated' }
  const kept = value && rules ? sustainedLevel(rules, value, config.hysteresis, prev.level) : null
  if (kept === null || !rules || !value) {
    return { next: { ...base, phase: 'normal', level: null, firingSince: null }, event: 'resolved' }
  }
  const firing = holds(rules[kept], value)
  const next: LicenseAlert = { ...base, phase: firing ? 'firing' : 'recovering', level: kept }
  const repeatMs = rules[kept].repeatMs
  const lastSaid = prev.lastNoticeAt ?? prev.firingSince ?? now
  const repeat = firing && repeatMs !== null && now - lastSaid >= repeatMs
  return { next, event: repeat ? 'repeat' : null }
}

/** Applies snoozes and "only resolve what was said", records the transition, and queues the notice item. */
function settle(
  key: string,
  prev: LicenseAlert,
  step: Step,
  input: EvaluationInput,
  items: NoticeItem[],
  transitions: AlertTransition[],
): void {
  const next = step.next
  const snoozed = isSnoozed(input.snoozes, key, input.now)
  let kind: NoticeKind | null = step.event
  if (kind === 'resolved') {
    if (prev.notifiedLevel === null) kind = null
    Object.assign(next, { notifiedLevel: null, lastNoticeAt: null, snoozeMuted: false })
  } else if (kind === null && isActive(next) && next.snoozeMuted && !snoozed) {
    kind = 'reminder'
  }
  if (kind !== null && kind !== 'resolved') {
    if (snoozed) next.snoozeMuted = true
    else Object.assign(next, { notifiedLevel: next.level, lastNoticeAt: input.now, snoozeMuted: false })
  } else if (snoozed && isActive(next)) {
    next.snoozeMuted = true
  }
  if (pointOf(prev).level !== pointOf(next).level) transitions.push(transitionOf(prev, next, input.now))
  if (kind === null || snoozed) return
  const { text, message } =
    kind === 'resolved'
      ? resolvedLocal(next.productName, next.machine, step.gone ? null : next.value)
      : usageLocal(next.productName, next.machine, next.value, input.forecasts?.[key] ?? null)
  items.push({
    kind,
    key,
    machine: next.machine,
    productId: next.productId,
    productName: next.productName,
    level: next.level ?? 'ok',
    text,
    message,
  })
}

function isActive(alert: LicenseAlert): boolean {
  return alert.phase === 'firing' || alert.phase === 'recovering'
}

function pointOf(alert: LicenseAlert): AlertPoint {
  return { phase: alert.phase, level: isActive(alert) ? alert.level : null }
}

function transitionOf(prev: LicenseAlert, next: LicenseAlert, now: number): AlertTransition {
  return {
    at: new Date(now).toISOString(),
    kind: 'license',
    machine: next.machine,
    productId: next.productId,
    subject: next.productName,
    from: pointOf(prev),
    to: pointOf(next),
    value: valueLocal(next.value).text,
    valueMessage: valueLocal(next.value).message,
  }
}

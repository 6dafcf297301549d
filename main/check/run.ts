// One look at every listed server, judged: the core of the Monitoring Plugins
// check. It polls each server once with the app's own poller, aggregates with
// the app's own rules, and returns within the time budget whatever the
// servers do: a server still silent at the deadline is reported, not awaited.

import { LOGOUT_BUDGET_MS, createPoller } from '../core/poll/poller.ts'
import { pollTiming } from '../core/ingest/fetch-server.ts'
import { sessionKey } from '../core/ingest/rest-session.ts'
import { aggregate } from '../core/usage/aggregate.ts'
import type { LevelRules } from '../core/alerts/config.ts'
import type { ProductUsage, ServerConfig, ServerState } from '../core/types/index.ts'
import { levelOf } from './thresholds.ts'
import { judgedRow } from '../core/alerts/engine.ts'

/** Monitoring Plugins states, in exit-code order. */
export const CHECK_STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const
export type CheckState = (typeof CHECK_STATES)[number]

export interface CheckRow {
  machine: string
  productId: number
  product: string
  used: number
  limit: number | null
  remaining: number | null
  unlimited: boolean
  /** ok, or the level that holds; 'unknown' when the limit is unknown. */
  level: 'ok' | 'warning' | 'critical' | 'exhausted' | 'unknown'
  state: CheckState
}

export interface UnreadableServer {
  server: string
  machine: string
  /** The poller's sentence, or why there is none (no answer before the deadline). */
  error: string
}

export interface CheckResult {
  state: CheckState
  rows: CheckRow[]
  unreadable: UnreadableServer[]
  /** Sentences about the configuration or the filters (a missing secret, nothing matching --machine). */
  problems: string[]
  rules: LevelRules
}

export interface CheckRequest {
  servers: ServerConfig[]
  rules: LevelRules
  /** The whole check, logging out of REST sessions included, ends within this. */
  timeoutMs: number
  machine?: string
  /** Product id or name (names compared without case). */
  product?: string
  fetch?: typeof fetch
  /** Sentences found before polling (e.g. from loading the config). */
  problems?: string[]
}

/** Kept back from the budget for writing the answer and process exit. */
const SAFETY_MS = 250

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}

function rowState(level: CheckRow['level']): CheckState {
  if (level === 'exhausted' || level === 'critical') return 'CRITICAL'
  if (level === 'warning') return 'WARNING'
  return level === 'unknown' ? 'UNKNOWN' : 'OK'
}

function judge(machine: string, row: ProductUsage, rules: LevelRules): CheckRow {
  // As the app's alerts judge by default: the license the monitor's own REST session holds is not the users'.
  const product = judgedRow(row, { countMonitorLicense: false })
  const value = { used: product.used, limit: product.limit, remaining: product.remaining }
  let level: CheckRow['level']
  if (product.unlimited) level = 'ok'
  else if (value.limit === null || value.remaining === null) level = 'unknown'
  else level = levelOf(rules, { used: value.used, limit: value.limit, remaining: value.remaining }) ?? 'ok'
  return {
    machine,
    productId: product.productId,
    product: product.productName,
    ...value,
    unlimited: product.unlimited,
    level,
    state: rowState(level),
  }
}

const SEVERITY: Readonly<Record<CheckRow['level'], number>> = { exhausted: 4, critical: 3, warning: 2, unknown: 1, ok: 0 }

function matches(row: CheckRow, request: CheckRequest): boolean {
  if (request.machine !== undefined && row.machine.toLowerCase() !== request.machine.toLowerCase()) return false
  if (request.product === undefined) return true
  return String(row.productId) === request.product.trim() || row.product.toLowerCase() === request.product.trim().toLowerCase()
}

function unreadableOf(state: ServerState): UnreadableServer | null {
  // Not `status`: a server polled with a very short interval may already read as stale; one poll is all the check has.
  if (state.lastError === null && state.lastSuccessAt !== null) return null
  const error = state.lastError ?? (state.lastAttemptAt === null ? 'not polled' : 'no answer before the check timed out')
  return { server: state.name, machine: state.machine, error }
}

/** Worst first: CRITICAL, then UNKNOWN (a server or row that cannot be judged), WARNING, OK. */
export function overallState(rows: readonly CheckRow[], unreadable: number, problems: number): CheckState {
  if (rows.some((row) => row.state === 'CRITICAL')) return 'CRITICAL'
  if (unreadable > 0 || problems > 0 || rows.some((row) => row.state === 'UNKNOWN')) return 'UNKNOWN'
  return rows.some((row) => row.state === 'WARNING') ? 'WARNING' : 'OK'
}

export async function runCheck(request: CheckRequest): Promise<CheckResult> {
  const started = Date.now()
  const deadline = started + request.timeoutMs - SAFETY_MS
  // A REST session (a login, or in 4D's default login mode the session of any REST call) holds a 4D Client
  // license until 4D's idle timeout: time to log out again is kept back from the polls, or a check run
  // every minute would leave a license held per run.
  const holdsSession = (config: ServerConfig): boolean => sessionKey(config) !== null || config.kind === 'rest-function'
  const logoutReserve = request.servers.some(holdsSession) ? LOGOUT_BUDGET_MS + 100 : 0
  const pollBudget = Math.max(100, deadline - started - logoutReserve)
  const servers = request.servers.map((config) => ({ ...config, timeoutMs: Math.min(pollTiming(config).timeoutMs, pollBudget) }))
  const poller = createPoller({ servers, fetch: request.fetch, onChange: () => undefined })

  await Promise.race([poller.pollNow(), delay(pollBudget + 50)])
  const states = poller.states()
  if (logoutReserve > 0) await Promise.race([poller.endRestSessions(), delay(deadline - Date.now())])
  // Polls still in flight end by their own timeout; the answer does not wait for them.
  void poller.stop()

  const problems = [...(request.problems ?? [])]
  // With --machine, a server of another machine that cannot be read does not make this machine's result UNKNOWN.
  const unreadable = states
    .map(unreadableOf)
    .filter(
      (entry): entry is UnreadableServer =>
        entry !== null && (request.machine === undefined || entry.machine.toLowerCase() === request.machine.toLowerCase()),
    )
  const all = aggregate(states).flatMap((machine) => machine.products.map((product) => judge(machine.machine, product, request.rules)))
  const rows = all.filter((row) => matches(row, request)).sort((a, b) => SEVERITY[b.level] - SEVERITY[a.level])
  if (request.servers.length === 0) problems.push('no server is listed (or every listed server is disabled)')
  else if (rows.length === 0 && all.length > 0) problems.push(filterProblem(request))
  return { state: overallState(rows, unreadable.length, problems.length), rows, unreadable, problems, rules: request.rules }
}

function filterProblem(request: CheckRequest): string {
  const asked = [
    request.machine !== undefined ? `machine "${request.machine}"` : null,
    request.product !== undefined ? `product "${request.product}"` : null,
  ]
  return `no license row matches ${asked.filter(Boolean).join(' and ')}`
}

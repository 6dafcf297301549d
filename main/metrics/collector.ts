// The monitor's snapshot as Prometheus metrics (issue 13). Metric names and
// labels are a public contract: the README's "Fleets" section lists them, the
// deploy/ rules and dashboard use them, and test/deploy checks that they match.
//
// A scrape reads the monitor's latest snapshot (getSnapshot is synchronous and
// never waits on a poll). Labels carry only what the admin configured or what
// names a pool: server, machine, product. Never a user name, client machine,
// IP address or token: those are personal data, and as labels they would make
// one time series per person.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import client, { type OpenMetricsContentType } from 'prom-client'
import type { Monitor } from '../core/poll/monitor.ts'
import type { LicenseHeld, ProductUsage, Snapshot, UsageStatus } from '../core/types/index.ts'
import { pollErrorCause } from './poll-error-cause.ts'

export const OPENMETRICS_CONTENT_TYPE = client.Registry.OPENMETRICS_CONTENT_TYPE
export const PROMETHEUS_CONTENT_TYPE = client.Registry.PROMETHEUS_CONTENT_TYPE

/** Every metric family this collector writes, besides prom-client's process_* and nodejs_* metrics. */
export const FOURD_METRIC_NAMES = [
  'fourd_license_used',
  'fourd_license_limit',
  'fourd_license_remaining',
  'fourd_license_unlimited',
  'fourd_license_utilization_ratio',
  'fourd_license_alert_level',
  'fourd_license_exhaustion_forecast_seconds',
  'fourd_license_holders',
  'fourd_server_up',
  'fourd_server_poll_duration_seconds',
  'fourd_server_last_success_timestamp_seconds',
  'fourd_server_poll_errors_total',
  'fourd_monitor_build_info',
] as const

/** 0 ok, 1 warning, 2 critical, 3 exhausted; an unknown limit has no level (the series is absent). */
export const ALERT_LEVEL_VALUE: Readonly<Partial<Record<UsageStatus, number>>> = Object.freeze({
  ok: 0,
  warning: 1,
  critical: 2,
  exhausted: 3,
})

// Session types and states come from the 4D Server: any other text becomes "other", so a
// misbehaving endpoint cannot create series without bound.
const SESSION_TYPES = new Set(['remote', 'storedProcedure', 'web', 'rest', 'sql'])
const SESSION_STATES = new Set(['active', 'postponed', 'sleeping'])
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']
/** Machine, product and server names are the 4D Server's text: bounded so one odd name cannot bloat every scrape. */
const MAX_LABEL_LENGTH = 200

export interface MetricsCollectorOptions {
  monitor: Pick<Monitor, 'getSnapshot' | 'onSnapshot'>
  /** fourd_monitor_build_info{version}; the package version when absent. */
  version?: string
  /** prom-client's process_* and nodejs_* metrics (default true; the benchmark turns them off to time our part). */
  processMetrics?: boolean
}

export interface MetricsCollector {
  /** One scrape: the text format 0.0.4, or OpenMetrics 1.0 when `openMetrics` is true. */
  scrape(openMetrics?: boolean): Promise<{ contentType: string; body: string }>
  /** Stops following the monitor's snapshots (the poll error counter stops counting). */
  close(): void
}

function label(text: string): string {
  return text.length > MAX_LABEL_LENGTH ? `${text.slice(0, MAX_LABEL_LENGTH - 1)}…` : text
}

function holderLabels(license: LicenseHeld): { session_type: string; state: string } {
  const type = license.sessionType
  const state = license.state
  return {
    session_type: type === null ? 'unknown' : SESSION_TYPES.has(type) ? type : 'other',
    state: state === null ? 'unknown' : SESSION_STATES.has(state) ? state : 'other',
  }
}

export function createMetricsCollector(options: MetricsCollectorOptions): MetricsCollector {
  const text = new client.Registry()
  const open = new client.Registry<OpenMetricsContentType>()
  open.setContentType(OPENMETRICS_CONTENT_TYPE)
  // The same metric objects live in both registries; only the formatting differs.
  // (prom-client's types bind a registry to one content type; its metrics take either.)
  const registers = [text, open as unknown as client.Registry]
  if (options.processMetrics !== false) {
    for (const register of [text, open]) {
      client.collectDefaultMetrics({ register })
      // Gauges whose names end in _total break Prometheus' naming rule (promtool check metrics
      // flags them); nodejs_active_handles and friends carry the same counts, by type.
      for (const name of MISNAMED_DEFAULT_METRICS) register.removeSingleMetric(name)
    }
  }
  const row = ['machine', 'product_id', 'product'] as const
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new client.Gauge<L>({ name, help, labelNames, registers })

  const used = gauge('fourd_license_used', 'Licenses of this product held on this machine (every server of the machine together).', row)
  const limit = gauge('fourd_license_limit', 'Licenses of this product the machine may hold; absent when unknown or unlimited.', row)
  const remaining = gauge(
    'fourd_license_remaining',
    'Licenses of this product still free on this machine (limit - used); absent when unknown or unlimited.',
    row,
  )
  const unlimited = gauge('fourd_license_unlimited', '1 when the product is unlimited on this machine, else 0.', row)
  const utilization = gauge('fourd_license_utilization_ratio', 'used / limit; absent when the limit is unknown, unlimited or 0.', row)
  const alertLevel = gauge(
    'fourd_license_alert_level',
    "Alert level under the monitor's thresholds: 0 ok, 1 warning, 2 critical, 3 exhausted; absent when the limit is unknown.",
    row,
  )
  const forecast = gauge(
    'fourd_license_exhaustion_forecast_seconds',
    'Seconds until the pool runs out at the recent trend; present only while a forecast exists.',
    row,
  )
  const holders = gauge('fourd_license_holders', 'Licenses held, by session type and session state.', [
    ...row,
    'session_type',
    'state',
  ] as const)
  const up = gauge('fourd_server_up', '1 when the last poll of the server succeeded within the staleness window, else 0.', [
    'server',
    'machine',
  ] as const)
  const duration = gauge('fourd_server_poll_duration_seconds', 'Duration of the last completed poll (success or failure).', [
    'server',
  ] as const)
  const lastSuccess = gauge('fourd_server_last_success_timestamp_seconds', 'Unix time of the last successful poll.', ['server'] as const)
  const errors = new client.Counter({
    name: 'fourd_server_poll_errors_total',
    help: 'Failed polls seen by the metrics collector, by cause class (timeout, connection, tls, auth, http, too_large, invalid_payload, config, other).',
    labelNames: ['server', 'cause'] as const,
    registers,
  })
  const buildInfo = gauge('fourd_monitor_build_info', 'Always 1; the version label says which monitor build answers.', ['version'] as const)
  buildInfo.set({ version: options.version ?? packageVersion() }, 1)

  // A failed poll shows in the snapshot as an error sentence and the poll's duration; a new
  // pair is a new failure. Two failures in a row with the same sentence and the same duration
  // to the millisecond count once (the monitor sends identical snapshots only once).
  const lastFailure = new Map<string, string>()
  function countFailures(snapshot: Snapshot): void {
    for (const server of snapshot.servers) {
      if (server.lastError === null) {
        lastFailure.delete(server.id)
        continue
      }
      const key = `${server.latencyMs}|${server.lastError}`
      if (lastFailure.get(server.id) === key) continue
      lastFailure.set(server.id, key)
      errors.inc({ server: label(server.name), cause: pollErrorCause(server.lastError) })
    }
  }

  function setRow(machine: string, product: ProductUsage): void {
    const labels = { machine: label(machine), product_id: String(product.productId), product: label(product.productName) }
    used.set(labels, product.used)
    unlimited.set(labels, product.unlimited ? 1 : 0)
    if (product.limit !== null && !product.unlimited) limit.set(labels, product.limit)
    if (product.remaining !== null) remaining.set(labels, product.remaining)
    if (product.utilization !== null) utilization.set(labels, product.utilization)
    const level = ALERT_LEVEL_VALUE[product.status]
    if (level !== undefined) alertLevel.set(labels, level)
    if (typeof product.forecastMinutes === 'number') forecast.set(labels, product.forecastMinutes * 60)
    for (const license of product.licenses) holders.inc({ ...labels, ...holderLabels(license) })
  }

  function refresh(snapshot: Snapshot): void {
    // Reset first: a server or product that is gone leaves no series behind.
    for (const metric of [used, limit, remaining, unlimited, utilization, alertLevel, forecast, holders, up, duration, lastSuccess])
      metric.reset()
    for (const machine of snapshot.machines) for (const product of machine.products) setRow(machine.machine, product)
    for (const server of snapshot.servers) {
      up.set({ server: label(server.name), machine: label(server.machine) }, server.status === 'up' ? 1 : 0)
      if (server.latencyMs !== null) duration.set({ server: label(server.name) }, server.latencyMs / 1000)
      const success = server.lastSuccessAt === null ? NaN : Date.parse(server.lastSuccessAt)
      if (Number.isFinite(success)) lastSuccess.set({ server: label(server.name) }, success / 1000)
    }
    countFailures(snapshot)
  }

  const unsubscribe = options.monitor.onSnapshot(countFailures)
  countFailures(options.monitor.getSnapshot())

  return {
    async scrape(openMetrics = false) {
      refresh(options.monitor.getSnapshot())
      const registry = openMetrics ? open : text
      return { contentType: registry.contentType, body: await registry.metrics() }
    },
    close: unsubscribe,
  }
}

let cachedVersion: string | null = null

/** The version in package.json, read once; "unknown" when it cannot be read (a bundle without it). */
function packageVersion(): string {
  if (cachedVersion !== null) return cachedVersion
  try {
    const json = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version?: unknown }
    cachedVersion = typeof json.version === 'string' ? json.version : 'unknown'
  } catch {
    cachedVersion = 'unknown'
  }
  return cachedVersion
}

// The Prometheus_4D_Exporter component's /metrics page as a ServerPayload.
// For licenses the exporter only publishes the "4D Client" product's counts
// from `License info` (FourD_Status_Clients_total{type="used"|"allowed"}),
// so the payload is counts-only: no records, used comes from usedCount.

import type { ServerPayload, TextMessage } from '../types/index.ts'
import { findSample, parsePrometheusText, type PrometheusPage } from './prometheus-text.ts'
import { metricsLinesUnread, textsAndMessages } from './warning-text.ts'

export const CLIENTS_METRIC = 'FourD_Status_Clients_total'
/** "0009" read as a 32-bit number: the id `License info` gives the 4D Client product. */
export const CLIENT_PRODUCT_ID = 808464441
export const CLIENT_PRODUCT_NAME = '4D Client'
/** The exporter's own web server listens here unless configured otherwise. */
export const DEFAULT_EXPORTER_PORT = 9828

export type MetricsResult =
  { ok: true; payload: ServerPayload; warnings: string[]; warningMessages?: TextMessage[] } | { ok: false; error: string }

/** The admin may give the exporter's base URL or the /metrics URL itself. */
export function metricsUrl(url: URL): URL {
  const target = new URL(url.href)
  if (/\/metrics\/?$/.test(target.pathname)) return target
  target.pathname = `${target.pathname.replace(/\/+$/, '')}/metrics`
  return target
}

export function payloadFromMetrics(text: string): MetricsResult {
  const page = parsePrometheusText(text)
  const used = clientCount(page, 'used')
  if (!used.ok) return used
  const allowed = clientCount(page, 'allowed')
  if (!allowed.ok) return allowed
  const payload: ServerPayload = {
    server: { name: null, machine: null, version: null },
    time: null,
    licenseInfo: { products: [{ id: CLIENT_PRODUCT_ID, name: CLIENT_PRODUCT_NAME, usedCount: used.count, allowedCount: allowed.count }] },
    records: [],
    invalidCount: 0,
    totalCount: 0,
    invalidSummary: null,
    countsOnly: true,
  }
  const { texts, messages } = textsAndMessages(unreadableLines(page))
  return { ok: true, payload, warnings: texts, ...(messages.length > 0 ? { warningMessages: messages } : {}) }
}

type CountResult = { ok: true; count: number } | { ok: false; error: string }

function clientCount(page: PrometheusPage, type: 'used' | 'allowed'): CountResult {
  const label = `${CLIENTS_METRIC}{type="${type}"}`
  const sample = findSample(page, CLIENTS_METRIC, { type })
  if (!sample) {
    return { ok: false, error: `the metrics page has no ${label} sample; is this a Prometheus_4D_Exporter /metrics page?` }
  }
  // Counts are safe integers everywhere (issue 12): 1e308 licenses is a broken page, not a pool.
  if (!Number.isFinite(sample.value) || sample.value < 0 || Math.round(sample.value) > Number.MAX_SAFE_INTEGER) {
    return { ok: false, error: `${label} is ${String(sample.value)}, not a count of licenses` }
  }
  return { ok: true, count: Math.round(sample.value) }
}

function unreadableLines(page: PrometheusPage) {
  if (page.errors.length === 0) return []
  return [metricsLinesUnread(page.errors.length, page.errors[0] ?? '')]
}

// The /metrics page of a simulated Prometheus_4D_Exporter: the two license
// samples the real component publishes, among other metrics, comments and
// escaped labels, so a client has to parse the format properly.

import { CLIENT_PRODUCT_ID, SERVER_VERSION } from './catalog.ts'
import type { LicenseModel, ModelServer } from './license-model.ts'

export const METRICS_PATH = '/metrics'
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** used = this server's License info usedCount of 4D Client; allowed = its allowedCount. Null counts leave the samples out. */
export function metricsText(model: LicenseModel, server: ModelServer, now: number): string {
  const client = model.products.find((p) => p.productId === CLIENT_PRODUCT_ID)
  const used = server.licenses.filter((l) => l.record.productId === CLIENT_PRODUCT_ID).length
  const lines = [
    '# Prometheus_4D_Exporter (simulated)',
    '# HELP FourD_Info Version of the 4D Server.',
    '# TYPE FourD_Info gauge',
    `FourD_Info{version="${SERVER_VERSION}",application="${escapeLabel(`${server.name} "main"\\app`)}"} 1`,
    '',
    '# HELP FourD_Memory_Usage_bytes Memory in use, by kind.',
    '# TYPE FourD_Memory_Usage_bytes gauge',
    `FourD_Memory_Usage_bytes{kind="physical"} 1.2345e+09 ${now}`,
    'FourD_Memory_Usage_bytes{kind="cache"} NaN',
    '# HELP FourD_Status_Uptime_seconds Seconds since the server started.',
    '# TYPE FourD_Status_Uptime_seconds counter',
    'FourD_Status_Uptime_seconds +Inf',
  ]
  if (client) {
    lines.push(
      '# HELP FourD_Status_Clients_total 4D Client licenses of License info: used and allowed.',
      '# TYPE FourD_Status_Clients_total gauge',
      `FourD_Status_Clients_total{type="used"} ${used}`,
      `FourD_Status_Clients_total{type="allowed"} ${client.allowed} ${now}`,
    )
  }
  lines.push('FourD_Status_Processes_total{type="web",note="line1\\nline2"} 3', '')
  return lines.join('\n')
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

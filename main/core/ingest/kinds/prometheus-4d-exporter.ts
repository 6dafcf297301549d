// The Prometheus_4D_Exporter component's /metrics page: counts of the 4D
// Client product only (see ../prometheus-exporter.ts), behind optional HTTP Basic.
import { metricsUrl, payloadFromMetrics } from '../prometheus-exporter.ts'
import { defineKind } from './kind.ts'

export const prometheus4dExporter = defineKind({
  name: 'prometheus-4d-exporter',
  label: 'Prometheus exporter',
  description: 'Prometheus_4D_Exporter /metrics page: counts only (4D Client used and allowed), no per-license detail.',
  // The exporter's own web server knows only Basic authentication.
  authTypes: ['none', 'basic'],
  authRefusal: 'the Prometheus_4D_Exporter supports only "basic" authentication',
  request: (url) => ({ url: metricsUrl(url), method: 'GET', headers: { accept: 'text/plain;version=0.0.4;q=1, */*;q=0.1' } }),
  answer: 'text',
  parse: (text) => payloadFromMetrics(text),
})

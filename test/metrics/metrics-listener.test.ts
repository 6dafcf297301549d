// The metrics listener over real sockets, fed by a real monitor polling the
// simulator: the numbers on /metrics are the snapshot's, personal data never
// becomes a label, and only the metrics token opens the two routes.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { request as httpsRequest } from 'node:https'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import { startMetricsListener, type MetricsListener } from '../../main/metrics/listener.ts'
import { serverConfigsFor } from '../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import { selfSigned } from '../core/tls-certs.ts'
import { parseExposition, sampleValue } from './exposition.ts'

const SIM_TOKEN = 'simulator-bearer-token'
const METRICS_TOKEN = 'metrics-token-0123456789'

let simulator: LocalSimulator
let monitor: Monitor
let listener: MetricsListener | null = null

beforeEach(async () => {
  simulator = await startSimulator({ servers: 3, machines: 2, seed: 11, token: SIM_TOKEN })
  const servers = serverConfigsFor(simulator.servers(), SIM_TOKEN).map((config) => ({ ...config, intervalMs: 60_000, timeoutMs: 2000 }))
  monitor = createMonitor({ servers, demo: false })
  await monitor.pollNow()
})

afterEach(async () => {
  await listener?.close()
  listener = null
  await monitor.stop()
  await simulator.stop()
})

async function start(): Promise<MetricsListener> {
  listener = await startMetricsListener({ monitor, port: 0, token: METRICS_TOKEN, version: '9.9.9-test' })
  return listener
}

function scrape(url: string, headers: Record<string, string> = { Authorization: `Bearer ${METRICS_TOKEN}` }): Promise<Response> {
  return fetch(url, { headers })
}

describe('metrics listener', () => {
  it('publishes used, limit, remaining, alert level and holders exactly as the snapshot has them', async () => {
    const { url } = await start()
    const response = await scrape(`${url}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const samples = parseExposition(await response.text())
    const snapshot = monitor.getSnapshot()
    let rows = 0
    for (const machine of snapshot.machines) {
      for (const product of machine.products) {
        rows++
        const labels = { machine: machine.machine, product_id: String(product.productId), product: product.productName }
        expect(sampleValue(samples, 'fourd_license_used', labels)).toBe(product.used)
        expect(sampleValue(samples, 'fourd_license_limit', labels)).toBe(product.limit)
        expect(sampleValue(samples, 'fourd_license_remaining', labels)).toBe(product.remaining)
        expect(sampleValue(samples, 'fourd_license_unlimited', labels)).toBe(0)
        expect(sampleValue(samples, 'fourd_license_utilization_ratio', labels)).toBeCloseTo(product.utilization ?? NaN, 12)
        const holders = samples.filter(
          (s) => s.name === 'fourd_license_holders' && s.labels.machine === machine.machine && s.labels.product_id === labels.product_id,
        )
        // Holders are the licenses listed; a machine round may leave a few retained during it for the next round (uncounted).
        expect(holders.reduce((sum, s) => sum + s.value, 0)).toBe(product.used + (product.uncounted ?? 0))
        expect(sampleValue(samples, 'fourd_license_alert_level', labels)).toBe(
          { ok: 0, warning: 1, critical: 2, exhausted: 3 }[product.status as 'ok'],
        )
      }
    }
    expect(rows).toBeGreaterThan(2)
    for (const server of snapshot.servers) {
      expect(sampleValue(samples, 'fourd_server_up', { server: server.name, machine: server.machine })).toBe(1)
      expect(sampleValue(samples, 'fourd_server_poll_duration_seconds', { server: server.name })).toBe((server.latencyMs ?? NaN) / 1000)
      expect(sampleValue(samples, 'fourd_server_last_success_timestamp_seconds', { server: server.name })).toBe(
        Date.parse(server.lastSuccessAt ?? '') / 1000,
      )
    }
    expect(sampleValue(samples, 'fourd_monitor_build_info', { version: '9.9.9-test' })).toBe(1)
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true)
  })

  it('never puts a user name, client machine, IP address or token in the scrape', async () => {
    const { url } = await start()
    const body = await (await scrape(`${url}/metrics`)).text()
    const personal = simulator
      .truth()
      .servers.flatMap((server) =>
        server.records.flatMap((record) => [
          record.session?.userName,
          record.session?.machineName,
          record.session?.IPAddress,
          record.session?.ID,
        ]),
      )
    const values = personal.filter((value): value is string => typeof value === 'string' && value.length > 3)
    expect(values.length).toBeGreaterThan(5)
    for (const value of new Set(values)) expect(body).not.toContain(value)
    expect(body).not.toContain(SIM_TOKEN)
    expect(body).not.toContain(METRICS_TOKEN)
  })

  it('counts failed polls by cause and reports the server down', async () => {
    const { url } = await start()
    const down = simulator.servers()[0]!
    simulator.setFault(down.id, 'down')
    await simulator.settled()
    await monitor.pollNow()
    const samples = parseExposition(await (await scrape(`${url}/metrics`)).text())
    const server = monitor.getSnapshot().servers.find((s) => s.id === down.id)!
    expect(server.lastError).toBe('connection refused')
    expect(sampleValue(samples, 'fourd_server_up', { server: server.name, machine: server.machine })).toBe(0)
    expect(sampleValue(samples, 'fourd_server_poll_errors_total', { server: server.name, cause: 'connection' })).toBe(1)
    await monitor.pollNow()
    const again = parseExposition(await (await scrape(`${url}/metrics`)).text())
    expect(sampleValue(again, 'fourd_server_poll_errors_total', { server: server.name, cause: 'connection' })).toBeGreaterThanOrEqual(1)
    expect(again.filter((s) => s.name === 'fourd_server_poll_errors_total' && s.labels.server !== server.name)).toEqual([])
  })

  it('answers OpenMetrics when the scraper asks for it', async () => {
    const { url } = await start()
    const response = await scrape(`${url}/metrics`, {
      Authorization: `Bearer ${METRICS_TOKEN}`,
      Accept: 'application/openmetrics-text;version=1.0.0,text/plain;q=0.5',
    })
    expect(response.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8')
    const body = await response.text()
    expect(body.trimEnd().endsWith('# EOF')).toBe(true)
    expect(body).toContain('# TYPE fourd_license_used gauge')
  })

  it('takes the token as Bearer or as the Basic password, and refuses anything else', async () => {
    const { url } = await start()
    const basic = `Basic ${Buffer.from(`prometheus:${METRICS_TOKEN}`).toString('base64')}`
    expect((await scrape(`${url}/metrics`, { Authorization: basic })).status).toBe(200)
    expect((await scrape(`${url}/-/healthy`)).status).toBe(200)
    const refused = await scrape(`${url}/metrics`, {})
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toContain('Bearer')
    expect(await refused.text()).toMatch(/^Not authorised: send the metrics token/)
    expect((await scrape(`${url}/metrics`, { Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401)
    expect((await scrape(`${url}/-/healthy`, {})).status).toBe(401)
    const wrongBasic = `Basic ${Buffer.from('prometheus:nope').toString('base64')}`
    expect((await scrape(`${url}/metrics`, { Authorization: wrongBasic })).status).toBe(401)
  })

  it('answers only /metrics and /-/healthy, with GET', async () => {
    const { url } = await start()
    const other = await scrape(`${url}/api/snapshot`)
    expect(other.status).toBe(404)
    expect(await other.text()).toMatch(/answers \/metrics and \/-\/healthy only/)
    const post = await fetch(`${url}/metrics`, { method: 'POST', headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
    expect(post.status).toBe(405)
    expect(new URL(url).hostname).toBe('127.0.0.1')
  })

  it('speaks https with the given certificate', async () => {
    const { key, cert } = selfSigned()
    listener = await startMetricsListener({ monitor, port: 0, token: METRICS_TOKEN, tls: { key, cert } })
    expect(listener.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(
        `${listener!.url}/metrics`,
        { ca: cert, checkServerIdentity: () => undefined, headers: { Authorization: `Bearer ${METRICS_TOKEN}` } },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(200)
    expect(body).toContain('fourd_license_used{')
  })
})

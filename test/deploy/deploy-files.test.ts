// deploy/ as an admin would use it: promtool checks and unit-tests the alert
// rules, checks the scrape config, parses every PromQL expression of the
// Grafana dashboard, and every metric those name is one /metrics exposes.
// The systemd unit is verified by systemd-analyze where it exists.

import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import { createMetricsCollector } from '../../main/metrics/collector.ts'
import { serverConfigsFor } from '../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import { dashboardExpressions, metricNamesIn } from './promql.ts'

const DEPLOY = resolve(import.meta.dirname, '../../deploy')
const RULES = join(DEPLOY, 'prometheus/fourd-license-rules.yml')

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0
}

const promtool = hasCommand('promtool')
if (!promtool) console.log('test/deploy: promtool not found (Debian package "prometheus"): the promtool checks are skipped')

function runPromtool(args: string[], cwd = DEPLOY): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 30_000 })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

let simulator: LocalSimulator
let monitor: Monitor
/** Metric names of a real scrape (from its # TYPE lines, so families without samples count too). */
let exposed: Set<string>

beforeAll(async () => {
  simulator = await startSimulator({ servers: 2, machines: 1, seed: 3 })
  monitor = createMonitor({ servers: serverConfigsFor(simulator.servers()), demo: false })
  await monitor.pollNow()
  const collector = createMetricsCollector({ monitor })
  const { body } = await collector.scrape()
  collector.close()
  exposed = new Set([...body.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]!))
})

afterAll(async () => {
  await monitor.stop()
  await simulator.stop()
})

describe('deploy/prometheus', () => {
  it.skipIf(!promtool)('the alert rules pass promtool check rules and their unit tests', () => {
    const check = runPromtool(['check', 'rules', RULES])
    expect(check.output).toContain('SUCCESS: 6 rules found')
    expect(check.status).toBe(0)
    const unit = runPromtool(['test', 'rules', 'fourd-license-rules.test.yml'], join(DEPLOY, 'prometheus'))
    expect(unit.output).toContain('SUCCESS')
    expect(unit.status).toBe(0)
  })

  it.skipIf(!promtool)('the scrape config passes promtool check config (with its token and CA files in place)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-config-'))
    writeFileSync(join(dir, 'token'), 'a-metrics-token-of-32-characters\n')
    writeFileSync(join(dir, 'ca.pem'), '')
    copyFileSync(RULES, join(dir, 'fourd-license-rules.yml'))
    const config = readFileSync(join(DEPLOY, 'prometheus/prometheus.yml'), 'utf8')
      .replace('/etc/prometheus/fourd-metrics-token', join(dir, 'token'))
      .replace('/etc/prometheus/fourd-collectors-ca.pem', join(dir, 'ca.pem'))
    writeFileSync(join(dir, 'prometheus.yml'), config)
    const check = runPromtool(['check', 'config', 'prometheus.yml'], dir)
    expect(check.output).toMatch(/SUCCESS: 1 rule files found/)
    expect(check.status).toBe(0)
  })

  it("the alert rules name only metrics that /metrics exposes (and Prometheus' own up)", () => {
    const rules = readFileSync(RULES, 'utf8')
    const exprs = [...rules.matchAll(/expr: (?:\|\n((?: {10}.*\n)+)|(.*)\n)/g)].map((match) => (match[1] ?? match[2] ?? '').trim())
    expect(exprs).toHaveLength(6)
    const names = new Set(exprs.flatMap(metricNamesIn))
    expect([...names].filter((name) => name !== 'up' && !exposed.has(name))).toEqual([])
    expect(names).toContain('fourd_license_remaining')
  })
})

describe('deploy/grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana/fourd-license-dashboard.json'), 'utf8')) as unknown
  const expressions = dashboardExpressions(dashboard)

  it('shows used against limit, remaining, alert level, holders, servers up, poll latency and forecast', () => {
    const names = new Set(expressions.flatMap(metricNamesIn))
    for (const name of [
      'fourd_license_used',
      'fourd_license_limit',
      'fourd_license_remaining',
      'fourd_license_alert_level',
      'fourd_license_holders',
      'fourd_server_up',
      'fourd_server_poll_duration_seconds',
      'fourd_license_exhaustion_forecast_seconds',
    ]) {
      expect(names, name).toContain(name)
    }
  })

  it('names only metrics that /metrics exposes', () => {
    expect(exposed.size).toBeGreaterThan(13)
    const unknown = expressions.flatMap((expr) =>
      metricNamesIn(expr)
        .filter((name) => !exposed.has(name))
        .map((name) => `${name} in ${expr}`),
    )
    expect(unknown).toEqual([])
  })

  it.skipIf(!promtool)('every expression parses as PromQL (promtool check rules on a rule file of them)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-promql-'))
    const rules = expressions.map((expr, index) => `      - record: dashboard:expr_${index}\n        expr: ${JSON.stringify(expr)}`)
    writeFileSync(join(dir, 'dashboard.rules.yml'), `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`)
    const check = runPromtool(['check', 'rules', 'dashboard.rules.yml'], dir)
    expect(check.output).toContain(`SUCCESS: ${expressions.length} rules found`)
    expect(check.status).toBe(0)
  })

  it('the check catches an expression that does not parse or names an unknown metric', () => {
    expect(metricNamesIn('sum by (server) (rate(fourd_server_poll_errors_totl[1m]))')).toEqual(['fourd_server_poll_errors_totl'])
    if (!promtool) return
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-promql-bad-'))
    writeFileSync(
      join(dir, 'bad.rules.yml'),
      'groups:\n  - name: bad\n    rules:\n      - record: bad\n        expr: "sum by (server (fourd_server_up)"\n',
    )
    expect(runPromtool(['check', 'rules', 'bad.rules.yml'], dir).status).not.toBe(0)
  })
})

describe('deploy/systemd', () => {
  const unit = readFileSync(join(DEPLOY, 'systemd/4d-license-monitor.service'), 'utf8')

  it('runs as its own user with a state directory on a read-only system, secrets never on the command line', () => {
    for (const line of [
      'DynamicUser=yes',
      'StateDirectory=4d-license-monitor',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'NoNewPrivileges=yes',
      'PrivateTmp=yes',
      'CapabilityBoundingSet=',
    ]) {
      expect(unit.split('\n'), line).toContain(line)
    }
    expect(unit).toContain('--metrics-token-env FOURD_METRICS_TOKEN')
    expect(unit).not.toMatch(/--metrics-token\s/)
    expect(unit).toContain('--data ${STATE_DIRECTORY}')
  })

  it.skipIf(!hasCommand('systemd-analyze'))('passes systemd-analyze verify without a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-unit-'))
    // The Node path of a real install does not exist here; the directives are what is checked.
    writeFileSync(join(dir, '4d-license-monitor.service'), unit.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`))
    const result = spawnSync('systemd-analyze', ['verify', join(dir, '4d-license-monitor.service')], { encoding: 'utf8', timeout: 30_000 })
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('')
    expect(result.status).toBe(0)
  })
})

// The metrics listener from a config file (`npm run serve -- --metrics-config`):
// the token as a value or {"env": NAME} under the server list's rules, and a
// sentence naming the file and field for every refusal. Real files, and one
// real listener started from the file and scraped over a socket.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMonitor } from '../../main/core/poll/monitor.ts'
import { startMetricsListener } from '../../main/metrics/listener.ts'
import { parseMetricsOptions, readMetricsConfigFile } from '../../main/metrics/metrics-config.ts'
import { parseServeArgs } from '../../main/serve/cli-args.ts'

const TOKEN = 'fleet-metrics-token-0123456789'
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'metrics-config-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function configFile(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

describe('metrics config file', () => {
  it('reads the token from the environment variable it names', () => {
    const path = configFile('env.json', { listen: '127.0.0.1:9470', token: { env: 'FLEET_METRICS_TOKEN' } })
    expect(readMetricsConfigFile(path, { FLEET_METRICS_TOKEN: TOKEN })).toEqual({
      ok: true,
      options: { host: '127.0.0.1', port: 9470, token: TOKEN },
    })
  })

  it('names the file, the field and the variable when the variable is not set or empty, never a value', () => {
    const path = configFile('unset.json', { listen: '9470', token: { env: 'FLEET_METRICS_TOKEN' } })
    for (const env of [{}, { FLEET_METRICS_TOKEN: '' }]) {
      expect(readMetricsConfigFile(path, env)).toEqual({
        ok: false,
        error: `${path}: "token": environment variable "FLEET_METRICS_TOKEN" is not set: set it, or write the token in the file.`,
      })
    }
  })

  it('refuses what the server list refuses for a secret: a bad variable name, an empty text, another shape', () => {
    const badName = configFile('bad-name.json', { listen: '9470', token: { env: 'FLEET-TOKEN; rm' } })
    expect(readMetricsConfigFile(badName, {})).toEqual({
      ok: false,
      error: `${badName}: "token.env" must be an environment variable name, e.g. "ACCOUNTING_TOKEN"`,
    })
    const empty = configFile('empty.json', { listen: '9470', token: '' })
    expect(readMetricsConfigFile(empty, {})).toEqual({ ok: false, error: `${empty}: "token" must not be empty` })
    const extra = configFile('extra.json', { listen: '9470', token: { env: 'A', value: 'x' } })
    expect(readMetricsConfigFile(extra, {})).toEqual({ ok: false, error: `${extra}: "token" has an unknown field "value"` })
    const list = configFile('list.json', [])
    expect(readMetricsConfigFile(list, {})).toEqual({ ok: false, error: `${list}: the file must be a JSON object` })
  })

  it('keeps the flag rule for a token written in the file: at least 16 characters', () => {
    const path = configFile('short.json', { listen: '9470', token: 'short-token' })
    expect(readMetricsConfigFile(path, {})).toEqual({
      ok: false,
      error: `${path}: "token" must be at least 16 characters (e.g. openssl rand -base64 32).`,
    })
    const long = configFile('long.json', { listen: '[::1]:0', token: TOKEN })
    expect(readMetricsConfigFile(long, {})).toEqual({ ok: true, options: { host: '::1', port: 0, token: TOKEN } })
  })

  it('names an unknown field, a bad address and broken JSON by place, without quoting the file', () => {
    const unknown = configFile('unknown.json', { listen: '9470', token: TOKEN, port: 9470 })
    expect(readMetricsConfigFile(unknown, {})).toEqual({ ok: false, error: `${unknown}: the file has an unknown field "port"` })
    const address = configFile('address.json', { listen: 'collector', token: TOKEN })
    expect(readMetricsConfigFile(address, {})).toEqual({
      ok: false,
      error: `${address}: "listen" must be HOST:PORT or PORT (e.g. 127.0.0.1:9470), not "collector".`,
    })
    const broken = configFile('broken.json', `{"listen": "9470", "token": "${TOKEN}"`)
    const result = readMetricsConfigFile(broken, {})
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/broken\.json: not valid JSON .*line 1/) })
    expect(JSON.stringify(result)).not.toContain(TOKEN)
    expect(readMetricsConfigFile(join(dir, 'absent.json'), {})).toEqual({
      ok: false,
      error: `--metrics-config: ${join(dir, 'absent.json')} cannot be read (file not found).`,
    })
  })

  it('reads TLS files relative to the config file and names the one that is missing', () => {
    const sub = join(dir, 'tls')
    mkdirSync(sub, { recursive: true })
    writeFileSync(join(sub, 'metrics.crt'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n')
    writeFileSync(join(sub, 'metrics.key'), '-----BEGIN PRIVATE KEY-----\ny\n-----END PRIVATE KEY-----\n')
    const path = configFile(join('tls', 'metrics.json'), { listen: '9470', token: TOKEN, tls: { cert: 'metrics.crt', key: 'metrics.key' } })
    const result = readMetricsConfigFile(path, {})
    expect(result.ok && result.options.tls?.cert).toMatch(/^-----BEGIN CERTIFICATE-----/)
    const missing = configFile(join('tls', 'missing.json'), { listen: '9470', token: TOKEN, tls: { cert: 'metrics.crt', key: 'gone.key' } })
    expect(readMetricsConfigFile(missing, {})).toEqual({
      ok: false,
      error: `${missing}: "tls.key": ${join(sub, 'gone.key')} cannot be read (file not found).`,
    })
  })
})

describe('--metrics-config of npm run serve', () => {
  it('is taken instead of the flags, and refused beside them', () => {
    const path = configFile('serve.json', { listen: '0.0.0.0:9470', token: { env: 'FLEET_METRICS_TOKEN' } })
    expect(parseMetricsOptions({ 'metrics-config': path }, { FLEET_METRICS_TOKEN: TOKEN })).toEqual({
      ok: true,
      options: { host: '0.0.0.0', port: 9470, token: TOKEN },
    })
    expect(parseServeArgs(['--metrics-config', path, '--metrics-listen', '9470'])).toEqual({
      ok: false,
      error: expect.stringMatching(/^Give the metrics listener either --metrics-config or --metrics-listen and its flags, not both\./),
    })
  })

  it('starts a listener that takes the token from the environment', async () => {
    const path = configFile('live.json', { listen: '127.0.0.1:0', token: { env: 'FLEET_METRICS_TOKEN' } })
    const parsed = readMetricsConfigFile(path, { FLEET_METRICS_TOKEN: TOKEN })
    if (!parsed.ok) throw new Error(parsed.error)
    const monitor = createMonitor({ servers: [], demo: false })
    const listener = await startMetricsListener({ monitor, ...parsed.options })
    try {
      expect((await fetch(`${listener.url}/-/healthy`)).status).toBe(401)
      const scrape = await fetch(`${listener.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })
      expect(scrape.status).toBe(200)
      expect(await scrape.text()).toContain('fourd_monitor_build_info')
    } finally {
      await listener.close()
      await monitor.stop()
    }
  })
})

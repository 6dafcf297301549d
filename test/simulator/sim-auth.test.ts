// The simulator's Basic auth, REST login sessions, /metrics page and https
// listeners, over real sockets with plain fetch (no monitor code involved).
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import { parsePrometheusText, findSample } from '../../main/core/ingest/prometheus-text.ts'
import { readJson } from './http-helpers.ts'

const USER = { username: 'monitor', password: 's3cret' }
let sim: LocalSimulator | null = null
afterEach(async () => {
  await sim?.stop()
  sim = null
})

async function start(options: Parameters<typeof startSimulator>[0] = {}) {
  sim = await startSimulator({ servers: 1, machines: 1, seed: 4, ...options })
  const info = sim.servers()[0]
  if (!info) throw new Error('no simulated server')
  return { sim, info }
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })

describe('Basic auth', () => {
  it('answers only with the right user name and password, with a Basic challenge', async () => {
    const { info } = await start({ basicAuth: USER })
    expect((await fetch(info.jsonUrl, { headers: basic(USER.username, USER.password) })).status).toBe(200)
    const wrong = await fetch(info.jsonUrl, { headers: basic(USER.username, 'nope') })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="4D"')
    expect((await readJson(wrong)).error).toBe('Authentication required: the user name or password does not match.')
    expect((await fetch(info.metricsUrl)).status).toBe(401)
  })
})

describe('REST login', () => {
  it('sets a session cookie, counts sessions, and accepts REST calls only with a known session', async () => {
    const { sim, info } = await start({ restLogin: USER })
    expect((await fetch(info.restUrl, { method: 'POST', body: '[]' })).status).toBe(401)
    const refused = await fetch(info.loginUrl, { method: 'POST', headers: { 'username-4D': USER.username, 'password-4D': 'nope' } })
    expect(refused.status).toBe(401)
    expect(await readJson(refused)).toEqual({ result: false })
    const login = await fetch(info.loginUrl, { method: 'POST', headers: { 'username-4D': USER.username, 'password-4D': USER.password } })
    expect(login.status).toBe(200)
    expect(await readJson(login)).toEqual({ result: true })
    const cookie = login.headers.getSetCookie()[0] ?? ''
    expect(cookie).toMatch(/^WASID4D=[0-9A-F]{32}; Path=\/; HttpOnly$/)
    const session = cookie.split(';')[0] ?? ''
    for (let i = 0; i < 3; i++)
      expect((await fetch(info.restUrl, { method: 'POST', body: '[]', headers: { cookie: session } })).status).toBe(200)
    expect(sim.restSessions('s1')).toEqual({ opened: 1, active: 1 })
    sim.forgetRestSessions('s1')
    expect((await fetch(info.restUrl, { method: 'POST', body: '[]', headers: { cookie: session } })).status).toBe(401)
    expect(sim.restSessions('s1')).toEqual({ opened: 1, active: 0 })
  })

  it('has no login endpoint when no REST login is configured', async () => {
    const { info } = await start()
    expect((await fetch(info.loginUrl, { method: 'POST' })).status).toBe(404)
  })
})

describe('/metrics', () => {
  it("serves Prometheus text whose client samples match the server's License info", async () => {
    const { sim, info } = await start()
    const res = await fetch(info.metricsUrl)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const page = parsePrometheusText(await res.text())
    expect(page.errors).toEqual([])
    const contract = await readJson(await fetch(info.jsonUrl))
    const client = contract.licenseInfo.products.find((p: { id: number }) => p.id === 808464441)
    expect(findSample(page, 'FourD_Status_Clients_total', { type: 'used' })?.value).toBe(client.usedCount)
    expect(findSample(page, 'FourD_Status_Clients_total', { type: 'allowed' })?.value).toBe(client.allowedCount)
    expect(page.types.get('FourD_Status_Clients_total')).toBe('gauge')
    expect(page.samples.length).toBeGreaterThan(4) // other metrics around the two that matter
    sim.setFault('s1', 'http500')
    expect((await fetch(info.metricsUrl)).status).toBe(500)
  })
})

describe('https', () => {
  it('listens over TLS and names https URLs', async () => {
    const { selfSigned } = await import('../core/tls-certs.ts')
    const { info } = await start({ tls: selfSigned() })
    expect(info.jsonUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/license-usage$/)
    await expect(fetch(info.jsonUrl)).rejects.toThrow() // self-signed: not trusted by default
  })
})

// Each endpoint kind and each authentication mode against the simulator over
// real sockets; REST login sessions reused; secrets kept out of every message.
import { afterEach, describe, expect, it } from 'vitest'
import { fetchServer, RestSessionStore, holdsLicenseWarning, type PollOutcome } from '../../../main/core/ingest/fetch-server.ts'
import type { ServerAuth, ServerConfig } from '../../../main/core/types/index.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import type { SimulatorOptions } from '../../../main/simulator/api.ts'

const CLIENT = 808464441
const USER = { username: 'monitor', password: 'pw-canary-91c2' }
const TOKEN = 'token-canary-5e7d'

let sim: LocalSimulator | null = null
afterEach(async () => {
  await sim?.stop()
  sim = null
})

async function simulator(options: SimulatorOptions = {}) {
  sim = await startSimulator({ servers: 1, machines: 1, seed: 3, ...options })
  const info = sim.servers()[0]
  if (!info) throw new Error('no simulated server')
  return { sim, info }
}

function config(url: string, kind: ServerConfig['kind'], auth?: ServerAuth, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { id: 'accounting', name: 'Accounting', url, kind, ...(auth ? { auth } : {}), ...extra }
}

function depsWith(store = new RestSessionStore()) {
  return { fetch: globalThis.fetch, now: () => Date.now(), restSessions: store }
}

function failed(outcome: PollOutcome): string {
  if (outcome.ok) throw new Error('expected the poll to fail')
  return outcome.error
}

function clientCount(sim: LocalSimulator): number {
  return sim.truth().servers[0]?.records.filter((r) => r.productId === CLIENT).length ?? 0
}

describe('endpoint kinds', () => {
  it('http-json (object and bare array), rest-function and prometheus-4d-exporter read the same server', async () => {
    const { sim, info } = await simulator()
    const deps = depsWith()
    const json = await fetchServer(config(info.jsonUrl, 'http-json'), deps)
    const array = await fetchServer(config(info.arrayUrl, 'http-json'), deps)
    const records = sim.truth().servers[0]?.records.length ?? 0
    const rest = await fetchServer(config(info.restUrl, 'rest-function'), deps)
    const base = info.metricsUrl.replace(/\/metrics$/, '')
    const metrics = await fetchServer(config(base, 'prometheus-4d-exporter'), deps)
    expect(json.ok && json.payload.records.length).toBe(records)
    expect(array.ok && array.payload.records.length).toBe(records)
    // The REST call (default login mode) holds a 4D Client license for its session: one more record.
    expect(rest.ok && rest.payload.records.length).toBe(records + 1)
    expect(metrics.ok && metrics.payload).toMatchObject({
      countsOnly: true,
      records: [],
      licenseInfo: { products: [{ id: CLIENT, name: '4D Client', usedCount: clientCount(sim), allowedCount: 10 }] },
    })
    expect(metrics.ok && metrics.warnings).toEqual([])
  })

  it('a metrics page without the client samples is a failure that says so', async () => {
    const { info } = await simulator({ products: [{ productId: 1001, productName: '4D SQL Server', allowed: 3 }] })
    expect(failed(await fetchServer(config(info.metricsUrl, 'prometheus-4d-exporter'), depsWith()))).toBe(
      'the metrics page has no FourD_Status_Clients_total{type="used"} sample; is this a Prometheus_4D_Exporter /metrics page?',
    )
  })
})

describe('authentication modes', () => {
  it('Bearer: accepted with the token, refused with a sentence that names the server and the token', async () => {
    const { info } = await simulator({ token: TOKEN })
    expect((await fetchServer(config(info.jsonUrl, 'http-json', { type: 'bearer', token: TOKEN }), depsWith())).ok).toBe(true)
    expect((await fetchServer(config(info.jsonUrl, 'http-json', undefined, { token: TOKEN }), depsWith())).ok).toBe(true)
    const wrong = failed(await fetchServer(config(info.jsonUrl, 'http-json', { type: 'bearer', token: 'nope' }), depsWith()))
    expect(wrong).toBe('HTTP 401 Unauthorized: authentication failed for Accounting: check the token')
    const none = failed(await fetchServer(config(info.jsonUrl, 'http-json'), depsWith()))
    expect(none).toBe(
      'HTTP 401 Unauthorized: authentication failed for Accounting: the server asks for credentials and none are configured',
    )
  })

  it('Basic: accepted on every kind, refused with "check the user name and password"', async () => {
    const { info } = await simulator({ basicAuth: USER })
    const basic: ServerAuth = { type: 'basic', ...USER }
    expect((await fetchServer(config(info.jsonUrl, 'http-json', basic), depsWith())).ok).toBe(true)
    expect((await fetchServer(config(info.restUrl, 'rest-function', basic), depsWith())).ok).toBe(true)
    expect((await fetchServer(config(info.metricsUrl, 'prometheus-4d-exporter', basic), depsWith())).ok).toBe(true)
    const wrong = failed(await fetchServer(config(info.metricsUrl, 'prometheus-4d-exporter', { ...basic, password: 'nope' }), depsWith()))
    expect(wrong).toBe('HTTP 401 Unauthorized: authentication failed for Accounting: check the user name and password')
  })

  it('REST login: N polls open one session; the payload and a warning say the monitor holds a license', async () => {
    const { sim, info } = await simulator({ restLogin: USER })
    const store = new RestSessionStore()
    const server = config(info.restUrl, 'rest-function', { type: 'rest-login', ...USER })
    let last: PollOutcome | null = null
    for (let i = 0; i < 5; i++) last = await fetchServer(server, depsWith(store))
    expect(last?.ok).toBe(true)
    if (!last?.ok) return
    expect(last.payload.holdsLicense).toBe(true)
    expect(last.warnings).toContain(holdsLicenseWarning('Accounting'))
    expect(last.warnings).toContain('this monitor holds a 4D Client license on Accounting through its REST session')
    expect(last.restLogins).toBe(1)
    expect(store.logins(server)).toBe(1)
    expect(sim.restSessions('s1')).toEqual({ opened: 1, active: 1 })
    expect(sim.requestStats('s1').requests).toBe(6) // one login + five calls
  })

  it('REST login: logs in again once the server forgets the session, then reuses the new one', async () => {
    const { sim, info } = await simulator({ restLogin: USER })
    const store = new RestSessionStore()
    const server = config(info.restUrl, 'rest-function', { type: 'rest-login', ...USER })
    expect((await fetchServer(server, depsWith(store))).ok).toBe(true)
    sim.forgetRestSessions('s1')
    const again = await fetchServer(server, depsWith(store))
    expect(again.ok).toBe(true)
    expect(again.restLogins).toBe(2)
    expect((await fetchServer(server, depsWith(store))).ok).toBe(true)
    expect(store.logins(server)).toBe(2)
    expect(sim.restSessions('s1')).toEqual({ opened: 2, active: 1 })
  })

  it('REST login: a refused login names the server and the credentials to check, and opens no session', async () => {
    const { sim, info } = await simulator({ restLogin: USER })
    const store = new RestSessionStore()
    const server = config(info.restUrl, 'rest-function', { type: 'rest-login', username: USER.username, password: 'wrong-pw' })
    expect(failed(await fetchServer(server, depsWith(store)))).toBe(
      '4D REST login failed: HTTP 401 Unauthorized: authentication failed for Accounting: check the user name and password',
    )
    expect(sim.restSessions('s1').opened).toBe(0)
    expect(store.hasSession(server)).toBe(false)
  })

  it('REST login: without a login the REST call is refused by the simulator', async () => {
    const { info } = await simulator({ restLogin: USER })
    expect(failed(await fetchServer(config(info.restUrl, 'rest-function'), depsWith()))).toMatch(
      /^HTTP 401 Unauthorized: authentication failed for Accounting/,
    )
  })

  it('per-server auth: each simulated server asks for its own credentials', async () => {
    sim = await startSimulator({ servers: 2, machines: 1, seed: 3, perServer: { s1: { token: TOKEN }, s2: { basicAuth: USER } } })
    const [s1, s2] = sim.servers()
    if (!s1 || !s2) throw new Error('two servers expected')
    expect((await fetchServer(config(s1.jsonUrl, 'http-json', { type: 'bearer', token: TOKEN }), depsWith())).ok).toBe(true)
    expect((await fetchServer(config(s2.jsonUrl, 'http-json', { type: 'basic', ...USER }), depsWith())).ok).toBe(true)
    expect((await fetchServer(config(s2.jsonUrl, 'http-json', { type: 'bearer', token: TOKEN }), depsWith())).ok).toBe(false)
  })
})

describe('credentials over plain http', () => {
  const forbiddenFetch = (() => {
    throw new Error('fetch must not be called')
  }) as unknown as typeof fetch

  it.each([
    ['basic', { type: 'basic', ...USER } as ServerAuth, 'the user name and password'],
    ['rest-login', { type: 'rest-login', ...USER } as ServerAuth, 'the user name and password'],
    ['bearer', { type: 'bearer', token: TOKEN } as ServerAuth, 'the token'],
  ])('%s: never sent to a non-loopback host over http (fetch is not even called)', async (_label, auth, words) => {
    const outcome = await fetchServer(config('http://10.0.0.1:1/rest/$catalog/licenseUsage', 'rest-function', auth), {
      fetch: forbiddenFetch,
      now: Date.now,
      restSessions: new RestSessionStore(),
    })
    expect(failed(outcome)).toBe(
      `refusing to send ${words} over plain http to 10.0.0.1: use https, or allow plain http for this server explicitly`,
    )
  })

  it('is sent when the server entry allows plain http explicitly', async () => {
    const seen: Headers[] = []
    const spy = (async (_input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Headers(init?.headers))
      return new Response('[]', { status: 200 })
    }) as typeof fetch
    const outcome = await fetchServer(
      config('http://10.0.0.1:1/x', 'http-json', { type: 'basic', ...USER }, { allowPlainHttpCredentials: true }),
      { fetch: spy, now: Date.now },
    )
    expect(outcome.ok).toBe(true)
    expect(seen[0]?.get('authorization')).toBe(`Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}`)
  })

  it('refuses a URL with a user name or password in it (it would travel in every request)', async () => {
    expect(
      failed(await fetchServer(config(`http://u:${USER.password}@127.0.0.1:1/x`, 'http-json'), { fetch: forbiddenFetch, now: Date.now })),
    ).toBe("the URL of this server contains a user name or password; remove it and set the server's authentication instead")
  })
})

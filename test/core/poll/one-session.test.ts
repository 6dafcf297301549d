// The monitor costs one web session per server, whatever the kind and the
// authentication: 100 polls through the real poller, over real sockets,
// against a simulator that opens a session (and over REST, takes a license)
// for every request that does not bring its session cookie back.
import { afterEach, describe, expect, it } from 'vitest'
import { fetchServer } from '../../../main/core/ingest/fetch-server.ts'
import { RestSessionStore } from '../../../main/core/ingest/rest-session.ts'
import { createPoller, type Poller } from '../../../main/core/poll/poller.ts'
import type { EndpointKind, ServerAuth, ServerConfig } from '../../../main/core/types/index.ts'
import type { SimServerAuth, SimServerInfo } from '../../../main/simulator/api.ts'
import { startControlApi, type ControlApi } from '../../../main/simulator/control-api.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'

const POLLS = 100
const USER = { username: 'monitor', password: 'pw-7c1e' }
const TOKEN = 'token-2b9f'

let sim: LocalSimulator | null = null
let control: ControlApi | null = null
let poller: Poller | null = null
afterEach(async () => {
  await poller?.stop()
  await control?.close()
  await sim?.stop()
  poller = null
  control = null
  sim = null
})

type Shape = 'json' | 'array' | 'rest' | 'metrics'
const KIND: Record<Shape, EndpointKind> = {
  json: 'http-json',
  array: 'http-json',
  rest: 'rest-function',
  metrics: 'prometheus-4d-exporter',
}

function urlOf(info: SimServerInfo, shape: Shape): string {
  if (shape === 'json') return info.jsonUrl
  if (shape === 'array') return info.arrayUrl
  if (shape === 'rest') return info.restUrl
  return (info.metricsUrl ?? '').replace(/\/metrics$/, '')
}

const AUTHS: { name: string; sim: SimServerAuth; monitor: ServerAuth }[] = [
  { name: 'none', sim: {}, monitor: { type: 'none' } },
  { name: 'bearer', sim: { token: TOKEN }, monitor: { type: 'bearer', token: TOKEN } },
  { name: 'basic', sim: { basicAuth: USER }, monitor: { type: 'basic', ...USER } },
  { name: 'rest-login', sim: { restLogin: USER }, monitor: { type: 'rest-login', ...USER } },
]

const CASES = (['json', 'array', 'rest', 'metrics'] as Shape[]).flatMap((shape) =>
  AUTHS.filter((auth) => auth.name !== 'rest-login' || shape === 'rest').map((auth) => [shape, auth.name, auth] as const),
)

async function simulator(auth: SimServerAuth) {
  sim = await startSimulator({ servers: 1, machines: 1, seed: 5, initialClients: 2, perServer: { s1: auth } })
  return { sim, info: sim.servers()[0]! }
}

function configOf(info: SimServerInfo, shape: Shape, auth: ServerAuth): ServerConfig {
  return { id: 's1', name: 'Accounting', url: urlOf(info, shape), kind: KIND[shape], auth }
}

describe(`${POLLS} polls through the poller open one session on the server`, () => {
  it.each(CASES)('%s with %s auth', async (shape, _name, auth) => {
    const { sim, info } = await simulator(auth.sim)
    poller = createPoller({ servers: [configOf(info, shape, auth.monitor)], onChange: () => undefined })
    for (let i = 0; i < POLLS; i++) await poller.pollNow()
    expect(poller.states()[0]).toMatchObject({ status: 'up', lastError: null })
    const truth = sim.truth().servers[0]!
    // The exporter is a web server of its own, without 4D sessions.
    expect(truth.webSessions).toHaveLength(shape === 'metrics' ? 0 : 1)
    const restRecords = truth.usage!.filter(
      (record) => (record['session'] as Record<string, unknown>)['sessionID'] !== undefined && record['reason'] === 'REST session',
    )
    const own = restRecords.filter((record) => (record['session'] as Record<string, unknown>)['sessionID'] === truth.webSessions![0]?.id)
    // Over REST, the one session holds the one license the monitor costs; elsewhere, none.
    expect(own).toHaveLength(shape === 'rest' ? 1 : 0)
    if (shape === 'rest') {
      expect(truth.webSessions![0]!.licenseToken).toBe(own[0]!['token'])
      expect(poller.states()[0]!.payload?.monitorTokens).toEqual([own[0]!['token']])
    }
  })

  it('a client that sends no cookie back would fail the test above: one session, and one license, per request', async () => {
    const { sim, info } = await simulator({})
    const deps = { fetch: globalThis.fetch, now: Date.now, restSessions: new RestSessionStore() }
    for (let i = 0; i < 3; i++) await fetchServer(configOf(info, 'rest', { type: 'none' }), deps)
    const truth = sim.truth().servers[0]!
    expect(truth.webSessions).toHaveLength(3)
    expect(truth.webSessions!.every((session) => session.idleTimeoutMinutes === 60 && session.licenseToken !== null)).toBe(true)
  })
})

describe('force login mode', () => {
  it('a guest session may not call the function: the sentence says so and what to do; switched at run time', async () => {
    const { sim, info } = await simulator({})
    control = await startControlApi(sim)
    const switchTo = (mode: string) =>
      fetch(`${control!.url}/login-mode`, { method: 'POST', body: JSON.stringify({ serverId: 's1', mode }) })
    expect((await switchTo('sometimes')).status).toBe(400)
    expect((await switchTo('force')).status).toBe(200)
    poller = createPoller({ servers: [configOf(info, 'rest', { type: 'none' })], onChange: () => undefined })
    for (let i = 0; i < 5; i++) await poller.pollNow()
    const state = poller.states()[0]!
    expect(state.status).toBe('down')
    expect(state.lastError).toMatch(/^HTTP 403 Forbidden: Accounting refused the function call: its REST server is in force login mode/)
    expect(state.lastError).toContain('use the HTTP request handler variant (kind http-json')
    // Refused, yet still one (guest) session, holding no license.
    const truth = sim.truth().servers[0]!
    expect(truth.loginMode).toBe('force')
    expect(truth.webSessions).toEqual([expect.objectContaining({ privileged: false, licenseToken: null })])
    await switchTo('default')
    await poller.pollNow()
    expect(poller.states()[0]).toMatchObject({ status: 'up', lastError: null })
    expect(sim.truth().servers[0]!.webSessions).toEqual([expect.objectContaining({ licenseToken: expect.any(Number) })])
  })

  it('a REST login gives the session privileges, so the function call goes through', async () => {
    const { sim, info } = await simulator({ restLogin: USER })
    sim.setLoginMode('s1', 'force')
    poller = createPoller({ servers: [configOf(info, 'rest', { type: 'rest-login', ...USER })], onChange: () => undefined })
    for (let i = 0; i < 10; i++) await poller.pollNow()
    expect(poller.states()[0]).toMatchObject({ status: 'up', lastError: null })
    expect(sim.truth().servers[0]!.webSessions).toEqual([expect.objectContaining({ privileged: true, licenseToken: expect.any(Number) })])
  })
})

describe('idle timeout', () => {
  it('a session unused for 60 minutes ends and frees its license', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z')
    sim = await startSimulator({ servers: 1, machines: 1, initialClients: 0, now: () => now })
    const info = sim.servers()[0]!
    const deps = { fetch: globalThis.fetch, now: () => now }
    await fetchServer(configOf(info, 'rest', { type: 'none' }), deps)
    expect(sim.truth().servers[0]!.records).toHaveLength(1)
    now += 59 * 60_000
    expect(sim.truth().servers[0]!.webSessions).toHaveLength(1)
    now += 60_000
    expect(sim.truth().servers[0]!.webSessions).toHaveLength(0)
    expect(sim.truth().servers[0]!.records).toHaveLength(0)
  })
})

describe('the session follows the server entry', () => {
  it('a new interval keeps the session; a new URL or new credentials start a new one', async () => {
    const { sim, info } = await simulator({ token: TOKEN })
    const base = { ...configOf(info, 'json', { type: 'bearer', token: TOKEN }), intervalMs: 5000 }
    poller = createPoller({ servers: [base], onChange: () => undefined })
    const sessions = () => sim.truth().servers[0]!.webSessions!.length
    await poller.pollNow()
    poller.setServers([{ ...base, intervalMs: 6000 }])
    await poller.pollNow()
    expect(sessions()).toBe(1)
    poller.setServers([{ ...base, intervalMs: 6000, url: info.arrayUrl }])
    await poller.pollNow()
    expect(sessions()).toBe(2)
    poller.setServers([{ ...base, intervalMs: 6000, url: info.arrayUrl, auth: { type: 'basic', username: 'x', password: 'y' } }])
    await poller.pollNow()
    // Refused with 401 (the simulator wants the token): the jar drops the cookie on a 401, so each refused poll opens one.
    await poller.pollNow()
    expect(poller.states()[0]!.status).toBe('down')
    expect(sessions()).toBe(4)
  })
})

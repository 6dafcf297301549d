// https servers: a CA file, a pinned fingerprint, a wrong pin and no trust at
// all, against simulated 4D Servers over real TLS on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fetchServer, type PollOutcome } from '../../../main/core/ingest/fetch-server.ts'
import type { ServerConfig } from '../../../main/core/types/index.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import { makeTestPki, selfSigned, type TestPki } from '../tls-certs.ts'

let pki: TestPki
beforeAll(() => {
  pki = makeTestPki()
})
afterAll(() => pki.remove())

let sim: LocalSimulator | null = null
afterEach(async () => {
  await sim?.stop()
  sim = null
})

const deps = { fetch: globalThis.fetch, now: () => Date.now() }
const WRONG_PIN = Array.from({ length: 32 }, () => 'AB').join(':')

async function httpsSimulator(tls: { key: string; cert: string }, extra: Parameters<typeof startSimulator>[0] = {}) {
  sim = await startSimulator({ servers: 1, machines: 1, seed: 5, tls, ...extra })
  const info = sim.servers()[0]
  if (!info) throw new Error('no simulated server')
  return { sim, info }
}

function config(url: string, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { id: 'accounting', name: 'Accounting', url, kind: 'http-json', ...extra }
}

function failed(outcome: PollOutcome): string {
  if (outcome.ok) throw new Error('expected the poll to fail')
  return outcome.error
}

describe('https with per-server trust', () => {
  it('trusts a server whose certificate a configured CA file signed', async () => {
    const { sim, info } = await httpsSimulator(pki.server)
    const outcome = await fetchServer(config(info.jsonUrl, { tls: { caFile: pki.caFile } }), deps)
    expect(outcome.ok && outcome.payload.records.length).toBe(sim.truth().servers[0]?.records.length)
    // The same CA given inline (as the config loader passes it) works too.
    expect((await fetchServer(config(info.jsonUrl, { tls: { ca: pki.ca } }), deps)).ok).toBe(true)
  })

  it('without trust configured, names the certificate problem and shows its fingerprint; nothing reaches the server', async () => {
    const { sim, info } = await httpsSimulator(pki.server)
    const error = failed(await fetchServer(config(info.jsonUrl), deps))
    expect(error).toBe(
      `certificate of 127.0.0.1 is not trusted (its issuer cannot be verified); its SHA-256 fingerprint is ${pki.server.fingerprint256}; trust it by pinning this fingerprint`,
    )
    expect(sim.requestStats('s1').received).toBe(0)
  })

  it('a self-signed server: untrusted with its fingerprint, then accepted once that fingerprint is pinned', async () => {
    const cert = selfSigned()
    const { info } = await httpsSimulator(cert)
    const error = failed(await fetchServer(config(info.jsonUrl), deps))
    expect(error).toBe(
      `certificate of 127.0.0.1 is not trusted (self-signed); its SHA-256 fingerprint is ${cert.fingerprint256}; trust it by pinning this fingerprint`,
    )
    const shown = /fingerprint is ([0-9A-F:]+);/.exec(error)?.[1] ?? ''
    const pinned = await fetchServer(config(info.jsonUrl, { tls: { fingerprint256: shown } }), deps)
    expect(pinned.ok).toBe(true)
  })

  it('a wrong pin names the expected and the received fingerprints, and sends nothing', async () => {
    const { sim, info } = await httpsSimulator(pki.server, { token: 'tls-canary-token' })
    const outcome = await fetchServer(config(info.jsonUrl, { tls: { fingerprint256: WRONG_PIN }, token: 'tls-canary-token' }), deps)
    expect(failed(outcome)).toBe(
      `certificate fingerprint mismatch for 127.0.0.1: expected ${WRONG_PIN}, received ${pki.server.fingerprint256}`,
    )
    expect(sim.requestStats('s1').received).toBe(0)
  })

  it('a CA file that did not sign the certificate fails with the fingerprint', async () => {
    const { info } = await httpsSimulator(selfSigned())
    expect(failed(await fetchServer(config(info.jsonUrl, { tls: { caFile: pki.caFile } }), deps))).toMatch(
      /^certificate of 127\.0\.0\.1 is not trusted \(self-signed\); its SHA-256 fingerprint is ([0-9A-F]{2}:){31}[0-9A-F]{2}; trust it by pinning this fingerprint$/,
    )
  })

  it('a CA file that cannot be read is named', async () => {
    const { info } = await httpsSimulator(pki.server)
    expect(failed(await fetchServer(config(info.jsonUrl, { tls: { caFile: '/nonexistent/ca.pem' } }), deps))).toBe(
      'cannot read the CA file /nonexistent/ca.pem (ENOENT)',
    )
  })

  it('every kind and auth mode works over a pinned connection: REST login, Basic, the metrics page', async () => {
    const credentials = { username: 'monitor', password: 'tls-pw' }
    const { sim, info } = await httpsSimulator(pki.server, { perServer: { s1: { basicAuth: credentials, restLogin: credentials } } })
    const tls = { fingerprint256: pki.server.fingerprint256 }
    const rest = await fetchServer(config(info.restUrl, { kind: 'rest-function', tls, auth: { type: 'basic', ...credentials } }), deps)
    // Basic alone is not a REST session: the simulator wants a login for REST calls.
    expect(failed(rest)).toMatch(/^HTTP 401 Unauthorized: authentication failed for Accounting/)
    const metrics = await fetchServer(
      config(info.metricsUrl, { kind: 'prometheus-4d-exporter', tls, auth: { type: 'basic', ...credentials } }),
      deps,
    )
    expect(metrics.ok && metrics.payload.countsOnly).toBe(true)
    expect(sim.requestStats('s1').requests).toBe(2)
  })

  it('applies the body size limit over the pinned transport too', async () => {
    const { info } = await httpsSimulator(pki.server, { initialClients: 0 })
    const tls = { fingerprint256: pki.server.fingerprint256 }
    const tiny = await fetchServer(config(info.jsonUrl, { tls, maxBodyBytes: 50 }), deps)
    expect(failed(tiny)).toBe('response larger than 50 bytes')
    expect((await fetchServer(config(info.jsonUrl, { tls }), deps)).ok).toBe(true)
  })
})

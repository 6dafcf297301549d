// A canary secret never shows in an error, a warning, a ServerState, a
// ServerSummary or a snapshot, even when a server echoes it back.
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor } from '../../main/core/poll/monitor.ts'
import { createPoller } from '../../main/core/poll/poller.ts'
import type { ServerConfig } from '../../main/core/types/index.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import { sendJson, startLocalServer, type LocalServer } from './local-server.ts'

const CANARY = 'canary-secret-4f1e9b'
const CANARY_B64 = Buffer.from(`monitor:${CANARY}`).toString('base64')

let sim: LocalSimulator | null = null
const locals: LocalServer[] = []
afterEach(async () => {
  await sim?.stop()
  sim = null
  await Promise.all(locals.splice(0).map((s) => s.close()))
})

describe('secrets never leave the poll', () => {
  it('in errors, warnings, states, summaries and snapshots, with right and wrong credentials and an echoing server', async () => {
    sim = await startSimulator({
      servers: 3,
      machines: 1,
      seed: 8,
      perServer: {
        s1: { restLogin: { username: 'monitor', password: CANARY } },
        s2: { basicAuth: { username: 'monitor', password: 'other' } },
        s3: { token: 'other' },
      },
    })
    const [s1, s2, s3] = sim.servers()
    if (!s1 || !s2 || !s3) throw new Error('three servers expected')
    // Echoes whatever credentials it receives inside a 4D REST error and a redirect.
    const echo = await startLocalServer((req, res) => {
      const password = req.headers['password-4d'] ?? ''
      const echoed = `${req.headers.authorization ?? ''} ${Array.isArray(password) ? password.join(',') : password}`
      if (req.url?.includes('redirect')) {
        res.writeHead(302, { location: `https://elsewhere/?leak=${encodeURIComponent(echoed)}` })
        return res.end()
      }
      sendJson(res, 500, { __ERROR: [{ message: `bad credentials: ${echoed}`, componentSignature: 'dbmg', errCode: 1 }] })
    })
    locals.push(echo)
    const servers: ServerConfig[] = [
      {
        id: 'login-ok',
        name: 'Login OK',
        url: s1.restUrl,
        kind: 'rest-function',
        auth: { type: 'rest-login', username: 'monitor', password: CANARY },
      },
      {
        id: 'login-bad',
        name: 'Login bad',
        url: s1.restUrl,
        kind: 'rest-function',
        auth: { type: 'rest-login', username: 'nobody', password: CANARY },
      },
      {
        id: 'basic-bad',
        name: 'Basic bad',
        url: s2.metricsUrl,
        kind: 'prometheus-4d-exporter',
        auth: { type: 'basic', username: 'monitor', password: CANARY },
      },
      { id: 'bearer-bad', name: 'Bearer bad', url: s3.jsonUrl, kind: 'http-json', token: CANARY },
      {
        id: 'echo-basic',
        name: 'Echo basic',
        url: echo.url('/rest/$catalog/x'),
        kind: 'rest-function',
        auth: { type: 'basic', username: 'monitor', password: CANARY },
      },
      { id: 'echo-bearer', name: 'Echo bearer', url: echo.url('/redirect'), kind: 'http-json', auth: { type: 'bearer', token: CANARY } },
      {
        id: 'plain',
        name: 'Plain',
        url: 'http://10.0.0.1:1/x',
        kind: 'http-json',
        auth: { type: 'basic', username: 'monitor', password: CANARY },
      },
    ]
    const monitor = createMonitor({ servers, demo: false })
    await monitor.pollNow()
    const snapshot = monitor.getSnapshot()
    const summaries = snapshot.servers
    expect(summaries.find((s) => s.id === 'login-ok')?.status).toBe('up')
    expect(
      summaries
        .filter((s) => s.status === 'down')
        .map((s) => s.id)
        .sort(),
    ).toEqual(['basic-bad', 'bearer-bad', 'echo-basic', 'echo-bearer', 'login-bad', 'plain'])
    expect(echo.requests.length).toBeGreaterThanOrEqual(2)
    const everything = JSON.stringify(snapshot)
    expect(everything).not.toContain(CANARY)
    expect(everything).not.toContain(CANARY_B64)
    expect(everything).not.toContain(encodeURIComponent(CANARY_B64))
    expect(summaries.find((s) => s.id === 'echo-basic')?.lastError).toContain('***')
    await monitor.stop()
    // ServerState (payload and warnings included), as the poller keeps it.
    const poller = createPoller({ servers, onChange: () => undefined })
    await poller.pollNow()
    const states = JSON.stringify(poller.states())
    expect(states).toContain('this monitor holds a 4D Client license on Login OK through its REST session')
    expect(states).not.toContain(CANARY)
    expect(states).not.toContain(CANARY_B64)
    await poller.stop()
  })
})

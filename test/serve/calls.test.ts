// POST /api/call/<name>: the served mode's stand-in for ipcRenderer.invoke.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServeServer, type ServeServer } from '../../main/serve/server.ts'
import { startMonitoredSimulator, type MonitoredSimulator } from './real-monitor.ts'

const TOKEN = 'calls-token-0123456789'
let sim: MonitoredSimulator
let server: ServeServer

beforeAll(async () => {
  sim = await startMonitoredSimulator()
  await sim.monitor.pollNow()
  const staticDir = mkdtempSync(join(tmpdir(), 'lm-calls-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>LM</title>')
  server = await startServeServer({ monitor: sim.source, port: 0, token: TOKEN, staticDir })
})
afterAll(async () => {
  await server.close()
  await sim.stop()
})

function call(name: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/call/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body,
  })
}

describe('POST /api/call/<name>', () => {
  it('runs a call of the contract and answers its Result', async () => {
    const res = await call('getSnapshot', '[]')
    expect(res.status).toBe(200)
    const result = (await res.json()) as { ok: boolean; data: { machines: unknown[]; servers: unknown[] } }
    expect(result.ok).toBe(true)
    expect(result.data.machines).toHaveLength(2)
    expect(result.data.servers).toHaveLength(3)
  })

  it('answers { ok: false } naming the problem for an unknown call or bad arguments', async () => {
    expect(await (await call('deleteEverything', '[]')).json()).toEqual({ ok: false, error: 'there is no call named "deleteEverything"' })
    expect(await (await call('constructor', '[]')).json()).toEqual({ ok: false, error: 'there is no call named "constructor"' })
    const bad = (await (await call('getSnapshot', '[1]')).json()) as { ok: boolean; error: string }
    expect(bad.ok).toBe(false)
    expect(bad.error).toMatch(/^invalid arguments for getSnapshot/)
  })

  it('refuses what a cross-site form could send, bodies that are not an argument list, and other verbs', async () => {
    expect((await call('getSnapshot', '[]', { 'Content-Type': 'text/plain' })).status).toBe(415)
    expect((await call('getSnapshot', '{"a":1}')).status).toBe(400)
    expect((await call('getSnapshot', '[')).status).toBe(400)
    expect((await fetch(`${server.url}/api/call/getSnapshot`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(405)
    expect((await call('getSnapshot', '[]', { Authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await call('getSnapshot', '[]', { Origin: 'https://evil.example' })).status).toBe(403)
  })

  it('issue 12: a call name with a malformed percent-encoding (%E0%A4%A) answers 400 with a sentence, not 500', async () => {
    const res = await call('%E0%A4%A', '[]')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'The call name in the URL has a malformed percent-encoding (such as %E0%A4%A); send the name as plain letters.',
    })
    // A well-formed encoding still reaches the call.
    expect(((await (await call('%67etSnapshot', '[]')).json()) as { ok: boolean }).ok).toBe(true)
  })
})

// POST /api/call/<name>: the served mode's stand-in for ipcRenderer.invoke.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LicenseListChanges, LicenseListView, LiveSnapshot } from '../../main/core/types/index.ts'
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

  it('getLicenseList over HTTP: the changes since the version a page holds, and a hostile since refused with a sentence', async () => {
    const live = (await (await call('getLiveSnapshot', '[]')).json()) as { data: LiveSnapshot }
    const machine = live.data.machines[0]?.machine ?? ''
    const productId = live.data.machines[0]?.products[0]?.productId ?? -1
    const whole = (await (await call('getLicenseList', JSON.stringify([machine, productId]))).json()) as { data: LicenseListView }
    expect(whole.data.licenses.length).toBeGreaterThan(0)
    const since = whole.data.listVersion
    const unchanged = (await (await call('getLicenseList', JSON.stringify([machine, productId, since]))).json()) as {
      data: LicenseListChanges
    }
    expect(unchanged.data).toMatchObject({ since, listVersion: since, removed: [], changed: [], count: whole.data.licenses.length })
    // As the body arrives: 1e400 parses to Infinity, 9007199254740993 past the safe integers.
    for (const [text, sentence] of [
      ['-1', 'cannot be negative'],
      ['1.5', 'must be a whole number'],
      ['"5"', 'must be a number'],
      ['null', 'must be a number'],
      ['1e400', 'must be a number'],
      ['9007199254740993', 'is larger than any push number'],
    ]) {
      const res = await call('getLicenseList', `[${JSON.stringify(machine)}, ${String(productId)}, ${text}]`)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({
        ok: false,
        error: `invalid arguments for getLicenseList: argument 2: the list version (since) ${sentence}`,
      })
    }
  })
})

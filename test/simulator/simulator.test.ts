import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import type { SimServerInfo } from '../../main/simulator/api.ts'
import { readJson } from './http-helpers.ts'

let sim: LocalSimulator | null = null
afterEach(async () => {
  await sim?.stop()
  sim = null
})

const FIXED_NOW = Date.parse('2026-11-28T09:15:02.311Z')

async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<{ sim: LocalSimulator; s1: SimServerInfo }> {
  sim = await startSimulator({ now: () => FIXED_NOW, ...options })
  return { sim, s1: sim.servers()[0] as SimServerInfo }
}

describe('startSimulator endpoints', () => {
  it('gives each server its own 127.0.0.1 listener and URLs', async () => {
    const { sim } = await start({ servers: 4, machines: 2 })
    const infos = sim.servers()
    expect(infos.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4'])
    expect(infos.map((s) => s.name)).toEqual(['Accounting', 'Sales', 'Warehouse', 'Production'])
    expect(infos.map((s) => s.machine)).toEqual(['srv-app-01', 'srv-app-02', 'srv-app-01', 'srv-app-02'])
    expect(new Set(infos.map((s) => s.port)).size).toBe(4)
    for (const info of infos) {
      expect(info.jsonUrl).toBe(`http://127.0.0.1:${info.port}/license-usage`)
      expect(info.arrayUrl).toBe(`http://127.0.0.1:${info.port}/license-usage/array`)
      expect(info.restUrl).toBe(`http://127.0.0.1:${info.port}/rest/$catalog/licenseUsage`)
    }
  })

  it('names servers past the list "Server N"', async () => {
    const { sim } = await start({ servers: 12, machines: 3, initialClients: 0 })
    expect(sim.servers()[11]?.name).toBe('Server 12')
  })

  it('GET /license-usage answers the contract object', async () => {
    const { sim, s1 } = await start()
    const res = await fetch(s1.jsonUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const body = await readJson(res)
    expect(body.server).toEqual({ name: 'Accounting', machine: 'srv-app-01', version: '20 R10' })
    // The envelope's stamp keeps milliseconds (the endpoint's Timestamp); record times are whole seconds in the server's offset.
    expect(body.time).toBe('2026-11-28T09:15:02.311Z')
    const names = body.licenseInfo.products.map((p: { name: string }) => p.name)
    expect(names).toEqual(['4D Client', '4D SQL Server', '4D Web Server'])
    expect(body.licenseInfo.products[0]).toMatchObject({ id: 808464441, allowedCount: 10 })
    expect(body.licenseInfo.products[2]).toMatchObject({ id: 808464945, allowedCount: 3 })
    expect(body.usage.length).toBeGreaterThan(0)
    expect(body.usage).toEqual(sim.truth().servers[0]?.usage)
  })

  it('GET /license-usage/array answers the bare License usage array', async () => {
    const { sim, s1 } = await start()
    const body = await readJson(await fetch(s1.arrayUrl))
    expect(Array.isArray(body)).toBe(true)
    expect(body).toEqual(sim.truth().servers[0]?.usage)
  })

  it('POST /rest/$catalog/licenseUsage wraps the contract object in result, with or without arguments', async () => {
    const { s1 } = await start()
    // The first REST call opens the session (and its license); the same session is then sent back every time.
    const first = await fetch(s1.restUrl, { method: 'POST', body: '[]' })
    const cookie = (first.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
    await first.text()
    const plain = await readJson(await fetch(s1.jsonUrl, { headers: { cookie } }))
    for (const body of [undefined, '', '[]', '["ignored", 1]']) {
      const res = await fetch(s1.restUrl, { method: 'POST', body, headers: { 'Content-Type': 'application/json', cookie } })
      expect(res.status).toBe(200)
      expect(await readJson(res)).toEqual({ result: plain })
    }
    const encoded = await fetch(s1.restUrl.replace('$', '%24'), { method: 'POST', body: '[]', headers: { cookie } })
    expect(encoded.status).toBe(200)
  })

  it('answers an unknown REST function with a 404 shaped like a 4D REST error', async () => {
    const { s1 } = await start()
    const res = await fetch(s1.restUrl.replace('licenseUsage', 'dropTables'), { method: 'POST', body: '[]' })
    expect(res.status).toBe(404)
    const body = await readJson(res)
    expect(body.__ERROR[0]).toMatchObject({ componentSignature: 'dbmg', errCode: 1800 })
    expect(body.__ERROR[0].message).toContain('dropTables')
  })

  it('refuses a REST body that is not a JSON array', async () => {
    const { s1 } = await start()
    for (const body of ['{"a":1}', 'not json']) {
      const res = await fetch(s1.restUrl, { method: 'POST', body })
      expect(res.status).toBe(400)
      expect((await readJson(res)).__ERROR[0].message).toMatch(/JSON array/)
    }
  })

  it('answers a wrong verb with 405 and an unknown path with 404', async () => {
    const { s1 } = await start()
    const post = await fetch(s1.jsonUrl, { method: 'POST', body: '[]' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
    expect((await readJson(post)).error).toMatch(/POST is not allowed/)
    expect((await fetch(s1.arrayUrl, { method: 'DELETE' })).status).toBe(405)
    const getRest = await fetch(s1.restUrl)
    expect(getRest.status).toBe(405)
    expect(getRest.headers.get('allow')).toBe('POST')
    const unknown = await fetch(`http://127.0.0.1:${s1.port}/status`)
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect((await readJson(unknown)).error).toMatch(/No endpoint/)
  })

  it('uses consecutive ports from options.port', async () => {
    // A freed ephemeral port can be taken by another test file running at the same time: try a few bases.
    for (let attempt = 1; ; attempt++) {
      const probe = await startSimulator({ servers: 1 })
      const base = probe.servers()[0]!.port
      await probe.stop()
      let started
      try {
        started = await start({ servers: 2, port: base })
      } catch (error) {
        if (attempt < 5 && /EADDRINUSE/.test(String(error))) continue
        throw error
      }
      expect(started.sim.servers().map((s) => s.port)).toEqual([base, base + 1])
      return
    }
  })

  it('refuses a bad server count with a sentence', async () => {
    await expect(startSimulator({ servers: 0 })).rejects.toThrow(/servers must be a positive integer/)
  })
})

describe('Bearer token', () => {
  it('is required on every endpoint when set', async () => {
    const { s1 } = await start({ token: 's3cret' })
    const calls: [string, RequestInit][] = [
      [s1.jsonUrl, {}],
      [s1.arrayUrl, {}],
      [s1.restUrl, { method: 'POST', body: '[]' }],
    ]
    for (const [url, init] of calls) {
      const missing = await fetch(url, init)
      expect(missing.status).toBe(401)
      expect(missing.headers.get('www-authenticate')).toBe('Bearer')
      expect(JSON.stringify(await readJson(missing))).toMatch(/no Authorization header/)
      const wrong = await fetch(url, { ...init, headers: { Authorization: 'Bearer nope' } })
      expect(wrong.status).toBe(401)
      expect(JSON.stringify(await readJson(wrong))).toMatch(/does not match/)
      const right = await fetch(url, { ...init, headers: { Authorization: 'Bearer s3cret' } })
      expect(right.status).toBe(200)
    }
  })

  it('is not asked for when no token is set', async () => {
    const { s1 } = await start()
    expect((await fetch(s1.jsonUrl)).status).toBe(200)
  })
})

describe('requestStats', () => {
  it('counts answered requests per server and the most in flight at once', async () => {
    const { sim, s1 } = await start({ servers: 2, slowMs: 300 })
    expect(sim.requestStats('s1')).toMatchObject({ requests: 0, maxInFlight: 0 })
    await (await fetch(s1.jsonUrl)).text()
    await (await fetch(s1.arrayUrl)).text()
    expect(sim.requestStats('s1')).toMatchObject({ requests: 2, maxInFlight: 1, received: 2, inFlight: 0 })
    // Five at once: slow makes them overlap for certain.
    sim.setFault('s1', 'slow')
    await Promise.all(Array.from({ length: 5 }, () => fetch(s1.jsonUrl).then((r) => r.text())))
    expect(sim.requestStats('s1')).toMatchObject({ requests: 7, maxInFlight: 5, inFlight: 0 })
    expect(sim.requestStats('s2')).toMatchObject({ requests: 0, maxInFlight: 0 })
  })

  it('names the unknown server id', async () => {
    const { sim } = await start()
    expect(() => sim.requestStats('s9')).toThrow(/No simulated server has id "s9"/)
  })
})

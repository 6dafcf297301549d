// Fault modes of one simulated server, over real HTTP.
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import type { SimServerInfo } from '../../main/simulator/api.ts'
import { readJson } from './http-helpers.ts'

let sim: LocalSimulator | null = null
afterEach(async () => {
  await sim?.stop()
  sim = null
})

async function start(
  options: Parameters<typeof startSimulator>[0] = {},
): Promise<{ sim: LocalSimulator; s1: SimServerInfo; s2: SimServerInfo }> {
  sim = await startSimulator({ servers: 2, seed: 9, slowMs: 400, ...options })
  const [s1, s2] = sim.servers() as [SimServerInfo, SimServerInfo]
  return { sim, s1, s2 }
}

async function connectionError(url: string): Promise<string | undefined> {
  try {
    await fetch(url)
  } catch (error) {
    return ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code
  }
  throw new Error(`fetch ${url} unexpectedly succeeded`)
}

describe('down', () => {
  it('refuses connections, leaves other servers up, and comes back on the same port after none', async () => {
    const { sim, s1, s2 } = await start()
    expect((await fetch(s1.jsonUrl)).status).toBe(200) // leaves a keep-alive connection open
    sim.setFault('s1', 'down')
    await sim.settled()
    expect(await connectionError(s1.jsonUrl)).toBe('ECONNREFUSED')
    expect((await fetch(s2.jsonUrl)).status).toBe(200)
    expect(sim.truth().servers[0]?.fault).toBe('down')

    sim.setFault('s1', 'none')
    await sim.settled()
    expect(sim.servers()[0]?.port).toBe(s1.port)
    const back = await fetch(s1.jsonUrl)
    expect(back.status).toBe(200)
    expect((await readJson(back)).usage).toEqual(sim.truth().servers[0]?.usage)
  })

  it('drops a request that is in flight when the server goes down', async () => {
    const { sim, s1 } = await start({ slowMs: 30_000 })
    sim.setFault('s1', 'slow')
    const pending = fetch(s1.jsonUrl)
    await expect.poll(() => sim.requestStats('s1').inFlight, { timeout: 10_000 }).toBe(1)
    sim.setFault('s1', 'down')
    await expect(pending).rejects.toThrow()
    await sim.settled()
    await expect.poll(() => sim.requestStats('s1').inFlight, { timeout: 10_000 }).toBe(0)
    expect(sim.requestStats('s1')).toMatchObject({ requests: 0, received: 1 })
  })

  it('survives down and none flipped quickly, ending in the last state asked', async () => {
    const { sim, s1 } = await start()
    for (const fault of ['down', 'none', 'down', 'none', 'down'] as const) sim.setFault('s1', fault)
    await sim.settled()
    expect(await connectionError(s1.jsonUrl)).toBe('ECONNREFUSED')
    sim.setFault('s1', 'none')
    await sim.settled()
    expect((await fetch(s1.arrayUrl)).status).toBe(200)
  })

  it('stops cleanly while a server is down', async () => {
    const { sim } = await start()
    sim.setFault('s2', 'down')
    await sim.stop()
  })
})

describe('slow', () => {
  it('answers no sooner than slowMs, with the normal body', async () => {
    const { sim, s1 } = await start({ slowMs: 400 })
    sim.setFault('s1', 'slow')
    const started = performance.now()
    const res = await fetch(s1.jsonUrl)
    expect(performance.now() - started).toBeGreaterThanOrEqual(395)
    expect((await readJson(res)).usage).toEqual(sim.truth().servers[0]?.usage)
  })

  it('forgets a request whose client went away', async () => {
    const { sim, s1 } = await start({ slowMs: 30_000 })
    sim.setFault('s1', 'slow')
    const abort = new AbortController()
    const pending = fetch(s1.jsonUrl, { signal: abort.signal })
    await expect.poll(() => sim.requestStats('s1').inFlight, { timeout: 10_000 }).toBe(1)
    abort.abort()
    await expect(pending).rejects.toThrow()
    await expect.poll(() => sim.requestStats('s1').inFlight, { timeout: 10_000 }).toBe(0)
    expect(sim.requestStats('s1').requests).toBe(0)
  })
})

describe('error statuses and broken bodies', () => {
  it('http500 and http401 send that status with a JSON error, on every endpoint', async () => {
    const { sim, s1 } = await start()
    for (const [fault, status] of [
      ['http500', 500],
      ['http401', 401],
    ] as const) {
      sim.setFault('s1', fault)
      const json = await fetch(s1.jsonUrl)
      expect(json.status).toBe(status)
      expect((await readJson(json)).error).toMatch(/Simulated/)
      const rest = await fetch(s1.restUrl, { method: 'POST', body: '[]' })
      expect(rest.status).toBe(status)
      expect((await readJson(rest)).__ERROR[0].errCode).toBe(1800)
    }
  })

  it('invalidJson sends a 200 that does not parse', async () => {
    const { sim, s1 } = await start()
    sim.setFault('s1', 'invalidJson')
    for (const url of [s1.jsonUrl, s1.arrayUrl]) {
      const res = await fetch(url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('application/json')
      const text = await res.text()
      expect(text.length).toBeGreaterThan(10)
      expect(() => JSON.parse(text)).toThrow()
    }
  })

  it('badRecords mixes every valid record with broken ones', async () => {
    const { sim, s1 } = await start()
    sim.setFault('s1', 'badRecords')
    const usage = (await readJson(await fetch(s1.jsonUrl))).usage as Record<string, unknown>[]
    const valid = sim.truth().servers[0]!.usage!
    expect(valid.length).toBeGreaterThan(1)
    const broken = usage.filter((r) => !valid.some((v) => JSON.stringify(v) === JSON.stringify(r)))
    expect(usage.length).toBe(valid.length + 3)
    expect(broken.some((r) => !('productId' in r))).toBe(true)
    expect(broken.some((r) => typeof r['token'] === 'object' && r['token'] !== null)).toBe(true)
    expect(broken.some((r) => typeof r['productName'] === 'number')).toBe(true)
    // The array and REST endpoints break the same way.
    expect(await readJson(await fetch(s1.arrayUrl))).toHaveLength(valid.length + 3)
  })

  it('badRecords still breaks records when the server holds none', async () => {
    const { sim, s1 } = await start({ initialClients: 0 })
    sim.setFault('s1', 'badRecords')
    const usage = (await readJson(await fetch(s1.arrayUrl))) as Record<string, unknown>[]
    expect(usage).toHaveLength(3)
  })

  it('oversized streams a body over 6 MiB without Content-Length, still valid JSON', async () => {
    const { sim, s1 } = await start()
    sim.setFault('s1', 'oversized')
    for (const url of [s1.jsonUrl, s1.arrayUrl]) {
      const res = await fetch(url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-length')).toBeNull()
      const bytes = Buffer.from(await res.arrayBuffer())
      expect(bytes.length).toBeGreaterThan(6 * 1024 * 1024)
      const body = JSON.parse(bytes.toString('utf8'))
      const usage = Array.isArray(body) ? body.slice(0, -1) : body.usage
      expect(usage).toEqual(sim.truth().servers[0]?.usage)
    }
  })

  it('oversized stops streaming when the client gives up', async () => {
    const { sim, s1 } = await start()
    sim.setFault('s1', 'oversized')
    const res = await fetch(s1.jsonUrl)
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel()
    await expect.poll(() => sim.requestStats('s1').inFlight, { timeout: 10_000 }).toBe(0)
    expect(sim.requestStats('s1').requests).toBe(0)
  })

  it('refuses an unknown fault with a sentence', async () => {
    const { sim } = await start()
    expect(() => sim.setFault('s1', 'flaky' as never)).toThrow(/Unknown fault "flaky"/)
    expect(() => sim.setFault('s7', 'down')).toThrow(/No simulated server has id "s7"/)
  })

  it("'none' restores normal answers after any fault", async () => {
    const { sim, s1 } = await start()
    sim.setFault('s1', 'http500')
    expect((await fetch(s1.jsonUrl)).status).toBe(500)
    sim.setFault('s1', 'none')
    expect((await fetch(s1.jsonUrl)).status).toBe(200)
    expect(sim.truth().servers[0]?.fault).toBe('none')
  })
})

describe('after stop', () => {
  it('refuses fault changes instead of listening again', async () => {
    const { sim } = await start()
    sim.setFault('s1', 'down')
    await sim.stop()
    expect(() => sim.setFault('s1', 'none')).toThrow(/has stopped/)
  })
})

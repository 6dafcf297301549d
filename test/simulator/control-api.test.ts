import { afterEach, describe, expect, it } from 'vitest'
import { startControlApi, type ControlApi } from '../../main/simulator/control-api.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import { readJson } from './http-helpers.ts'

let sim: LocalSimulator | null = null
let control: ControlApi | null = null
afterEach(async () => {
  await control?.close()
  await sim?.stop()
  control = null
  sim = null
})

async function start(): Promise<{ sim: LocalSimulator; url: string }> {
  sim = await startSimulator({ servers: 2, machines: 1, initialClients: 0 })
  control = await startControlApi(sim)
  return { sim, url: control.url }
}

const post = (url: string, body: string): Promise<Response> =>
  fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } })

describe('control API', () => {
  it('listens on loopback and needs no token when the simulator has none', async () => {
    const { url } = await start()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await fetch(`${url}/truth`)).status).toBe(200)
  })

  it('answers unknown paths with 404 and wrong verbs with 405', async () => {
    const { url } = await start()
    expect((await fetch(`${url}/reboot`)).status).toBe(404)
    expect((await fetch(`${url}/step`)).status).toBe(405)
    expect((await post(`${url}/truth`, '{}')).status).toBe(405)
  })

  it('refuses bodies that are not JSON objects, naming the problem', async () => {
    const { url } = await start()
    const cases: [string, RegExp][] = [
      ['{not json', /not valid JSON/],
      ['["s1","down"]', /must be a JSON object/],
      ['{"serverId":"s1"}', /"fault" must be one of/],
      ['{"serverId":"","fault":"down"}', /"serverId" must be a non-empty string/],
      ['{"serverId":"s9","fault":"down"}', /No simulated server has id "s9"/],
    ]
    for (const [body, message] of cases) {
      const res = await post(`${url}/fault`, body)
      expect(res.status).toBe(400)
      expect((await readJson(res)).error).toMatch(message)
    }
  })

  it('retains until the machine pool is full, then answers 409', async () => {
    const { sim, url } = await start()
    const web = 808464945
    for (let i = 0; i < 3; i++)
      expect((await post(`${url}/retain`, JSON.stringify({ serverId: i % 2 ? 's2' : 's1', productId: web }))).status).toBe(200)
    const full = await post(`${url}/retain`, JSON.stringify({ serverId: 's1', productId: web }))
    expect(full.status).toBe(409)
    expect((await readJson(full)).error).toMatch(/pool for product 808464945 is full/)
    expect(sim.truth().machines[0]?.products.find((p) => p.productId === web)?.used).toBe(3)
  })

  it('checks retain and release arguments', async () => {
    const { url } = await start()
    const badKind = await post(`${url}/retain`, JSON.stringify({ serverId: 's1', productId: 808464441, kind: 'ftp' }))
    expect((await readJson(badKind)).error).toMatch(/"kind" must be one of remote, rest, sql, web/)
    const badProduct = await post(`${url}/retain`, JSON.stringify({ serverId: 's1', productId: '808464441' }))
    expect((await readJson(badProduct)).error).toMatch(/"productId" must be a whole number/)
    const unknownProduct = await post(`${url}/retain`, JSON.stringify({ serverId: 's1', productId: 1 }))
    expect(unknownProduct.status).toBe(400)
    expect((await readJson(unknownProduct)).error).toMatch(/no product with id 1/)
    const badToken = await post(`${url}/release`, JSON.stringify({ serverId: 's1', token: 1.5 }))
    expect((await readJson(badToken)).error).toMatch(/"token" must be a whole number/)
  })

  it('steps the simulation', async () => {
    const { sim, url } = await start()
    const before = JSON.stringify(sim.truth())
    for (let i = 0; i < 5; i++) expect((await post(`${url}/step`, '')).status).toBe(200)
    expect(JSON.stringify(sim.truth())).not.toBe(before)
  })

  it('requires the token when one is given', async () => {
    sim = await startSimulator({ servers: 1, token: 'tok' })
    control = await startControlApi(sim, { token: 'tok' })
    expect((await fetch(`${control.url}/truth`)).status).toBe(401)
    expect((await fetch(`${control.url}/truth`, { headers: { Authorization: 'Bearer tok' } })).status).toBe(200)
  })
})

// Restarting a simulated server, as the history's restart tests need it: its
// licenses are gone, its tokens count from 1 again, the other servers are untouched.
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

const CLIENT = 808464441
const post = (url: string, body: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })

async function usageOf(jsonUrl: string): Promise<{ token: number; time: string }[]> {
  return ((await readJson(await fetch(jsonUrl))) as { usage: { token: number; time: string }[] }).usage
}

describe('simulator restart', () => {
  it("drops the server's licenses and numbers retains from 1 again, over the wire; other servers keep theirs", async () => {
    sim = await startSimulator({ servers: 2, machines: 1, initialClients: 0 })
    sim.retain('s1', CLIENT)
    sim.retain('s1', CLIENT)
    sim.retain('s2', CLIENT)
    const [s1, s2] = sim.servers()
    expect((await usageOf(s1!.jsonUrl)).map((r) => r.token)).toEqual([1, 2])
    sim.restart('s1')
    expect(await usageOf(s1!.jsonUrl)).toEqual([])
    expect((await usageOf(s2!.jsonUrl)).map((r) => r.token)).toEqual([1])
    expect(sim.retain('s1', CLIENT)?.token).toBe(1)
    expect(sim.retain('s2', CLIENT)?.token).toBe(2)
  })

  it("forgets the server's REST sessions, as a restarted 4D Server does", async () => {
    sim = await startSimulator({ servers: 1, machines: 1, initialClients: 0, restLogin: { username: 'u', password: 'p' } })
    const res = await fetch(sim.servers()[0]!.loginUrl, { method: 'POST', headers: { 'username-4D': 'u', 'password-4D': 'p' } })
    expect(res.status).toBe(200)
    expect(sim.restSessions('s1').active).toBe(1)
    sim.restart('s1')
    expect(sim.restSessions('s1').active).toBe(0)
  })

  it('is a control API call; an unknown server is refused with a sentence', async () => {
    sim = await startSimulator({ servers: 1, machines: 1, initialClients: 0 })
    control = await startControlApi(sim)
    sim.retain('s1', CLIENT)
    const ok = await post(`${control.url}/restart`, { serverId: 's1' })
    expect(ok.status).toBe(200)
    expect(await readJson(ok)).toEqual({ serverId: 's1', restarted: true })
    expect(sim.truth().servers[0]!.records).toEqual([])
    const unknown = await post(`${control.url}/restart`, { serverId: 's9' })
    expect(unknown.status).toBe(400)
    expect((await readJson(unknown)).error).toMatch(/No simulated server has id "s9"/)
    const missing = await post(`${control.url}/restart`, {})
    expect((await readJson(missing)).error).toMatch(/"serverId" must be a non-empty string/)
  })
})

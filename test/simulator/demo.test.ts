import { afterEach, describe, expect, it } from 'vitest'
import { startDemo } from '../../main/simulator/demo.ts'
import type { SimulatorHandle } from '../../main/simulator/api.ts'
import { readJson } from './http-helpers.ts'

let simulator: SimulatorHandle | null = null
afterEach(async () => {
  await simulator?.stop()
  simulator = null
})

describe('startDemo', () => {
  it('runs 3 servers on 2 machines and points one ServerConfig at each, one per endpoint shape', async () => {
    const demo = await startDemo({ seed: 1, tickMs: 60_000 })
    simulator = demo.simulator
    const infos = demo.simulator.servers()
    expect(infos).toHaveLength(3)
    expect(new Set(infos.map((s) => s.machine)).size).toBe(2)
    expect(demo.servers.map((s) => [s.id, s.name, s.machine])).toEqual(infos.map((s) => [s.id, s.name, s.machine]))
    expect(demo.servers.map((s) => [s.kind, s.url])).toEqual([
      ['http-json', infos[0]!.jsonUrl],
      ['rest-function', infos[1]!.restUrl],
      ['http-json', infos[2]!.arrayUrl],
    ])
    expect(demo.servers.every((s) => s.token === undefined)).toBe(true)

    const [json, rest, array] = demo.servers
    const object = await readJson(await fetch(json!.url))
    expect(object.server.name).toBe(json!.name)
    const wrapped = await readJson(await fetch(rest!.url, { method: 'POST', body: '[]' }))
    expect(wrapped.result.server.name).toBe(rest!.name)
    const bare = await readJson(await fetch(array!.url))
    expect(Array.isArray(bare)).toBe(true)
    expect(bare).toEqual(demo.simulator.truth().servers[2]?.usage)
  })

  it('keeps ticking, so the demo table moves', async () => {
    const demo = await startDemo({ seed: 2, tickMs: 20 })
    simulator = demo.simulator
    const before = JSON.stringify(demo.simulator.truth())
    await expect.poll(() => JSON.stringify(demo.simulator.truth()), { timeout: 10_000, interval: 25 }).not.toBe(before)
  })
})

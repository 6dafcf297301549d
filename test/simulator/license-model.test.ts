// The license pools as seen over HTTP: counts must mean what 4D documents.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LicenseModel } from '../../main/simulator/license-model.ts'
import { createRandom } from '../../main/simulator/prng.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import { productIdFromCode } from '../../main/simulator/product-id.ts'
import type { SimServerInfo } from '../../main/simulator/api.ts'
import { readJson } from './http-helpers.ts'

const CLIENT = productIdFromCode('0009')
const WEB = 808464945

const started: LocalSimulator[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()))
})

async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<LocalSimulator> {
  let clock = Date.parse('2026-11-28T09:00:00.000Z')
  // A clock that moves a second per reading, so record times are distinct and reproducible.
  const sim = await startSimulator({ now: () => (clock += 1000), ...options })
  started.push(sim)
  return sim
}

async function usageOf(info: SimServerInfo): Promise<Record<string, unknown>[]> {
  return (await readJson(await fetch(info.arrayUrl))) as Record<string, unknown>[]
}

async function licenseInfoOf(info: SimServerInfo, productId: number): Promise<{ usedCount: number; allowedCount: number }> {
  const body = await readJson(await fetch(info.jsonUrl))
  return body.licenseInfo.products.find((p: { id: number }) => p.id === productId)
}

describe('two servers on one machine share its pool', () => {
  it('counts globally across the machine and per server, frozen at retain time', async () => {
    const sim = await start({ servers: 2, machines: 1, initialClients: 0 })
    const [a, b] = sim.servers() as [SimServerInfo, SimServerInfo]
    expect(a.machine).toBe(b.machine)

    const first = sim.retain('s1', CLIENT)
    const second = sim.retain('s2', CLIENT)
    const third = sim.retain('s1', CLIENT)
    expect(first).toMatchObject({ productUsedCount: 1, globalProductUsedCount: 1, productBalance: 9 })
    expect(second).toMatchObject({ productUsedCount: 1, globalProductUsedCount: 2, productBalance: 8 })
    expect(third).toMatchObject({ productUsedCount: 2, globalProductUsedCount: 3, productBalance: 7 })

    // Releasing does not rewrite the others: their counts stay as they were at retain time.
    expect(sim.release('s1', first!.token)).toBe(true)
    const served = await usageOf(a)
    expect(served).toHaveLength(1)
    expect(served[0]).toMatchObject({ token: third!.token, productUsedCount: 2, globalProductUsedCount: 3, productBalance: 7 })

    // License info: usedCount is the server's own current count; allowedCount is the pool.
    expect(await licenseInfoOf(a, CLIENT)).toMatchObject({ usedCount: 1, allowedCount: 10 })
    expect(await licenseInfoOf(b, CLIENT)).toMatchObject({ usedCount: 1, allowedCount: 10 })
    expect(sim.truth().machines[0]?.products.find((p) => p.productId === CLIENT)?.used).toBe(2)
  })

  it('refuses a retain when the machine pool is full, whichever server asks', async () => {
    const sim = await start({ servers: 2, machines: 1, initialClients: 0 })
    expect(sim.retain('s1', WEB)).not.toBeNull()
    expect(sim.retain('s2', WEB)).not.toBeNull()
    const last = sim.retain('s1', WEB)
    expect(last).toMatchObject({ globalProductUsedCount: 3, productBalance: 0 })
    expect(sim.retain('s1', WEB)).toBeNull()
    expect(sim.retain('s2', WEB)).toBeNull()
    // A release frees exactly one slot, for any server of the machine.
    expect(sim.release('s2', 1)).toBe(true)
    const again = sim.retain('s2', WEB)
    expect(again).toMatchObject({ productUsedCount: 1, globalProductUsedCount: 3, productBalance: 0 })
    expect(sim.retain('s1', WEB)).toBeNull()
  })

  it('keeps separate pools on separate machines', async () => {
    const sim = await start({ servers: 2, machines: 2, initialClients: 0 })
    for (let i = 0; i < 3; i++) expect(sim.retain('s1', WEB)).not.toBeNull()
    expect(sim.retain('s1', WEB)).toBeNull()
    // s2 is alone on its machine: like a real single 4D Server, it sends no globalProductUsedCount.
    expect(sim.retain('s2', WEB)).toMatchObject({ productUsedCount: 1, globalProductUsedCount: null })
  })

  it('gives tokens that increase per server and a release of an unknown token returns false', async () => {
    const sim = await start({ servers: 1, initialClients: 0 })
    const tokens = [sim.retain('s1', CLIENT), sim.retain('s1', CLIENT), sim.retain('s1', WEB)].map((r) => r!.token)
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y))
    expect(new Set(tokens).size).toBe(3)
    expect(sim.release('s1', tokens[0]!)).toBe(true)
    expect(sim.release('s1', tokens[0]!)).toBe(false)
    expect(sim.retain('s1', CLIENT)!.token).toBeGreaterThan(tokens[2]!)
  })

  it('names unknown servers and products', async () => {
    const sim = await start({ initialClients: 0 })
    expect(() => sim.retain('nope', CLIENT)).toThrow(/No simulated server has id "nope"/)
    expect(() => sim.retain('s1', 1234)).toThrow(/no product with id 1234/)
  })
})

describe('initial clients', () => {
  it('fills about half of each pool by default', async () => {
    const sim = await start({ servers: 3, machines: 2 })
    for (const machine of sim.truth().machines) {
      for (const product of machine.products) expect(product.used).toBe(Math.round(product.allowed / 2))
    }
  })

  it('takes initialClients per server instead, within the pools', async () => {
    const sim = await start({ servers: 2, machines: 2, initialClients: 4 })
    for (const server of sim.truth().servers) expect(server.records).toHaveLength(4)
    const empty = await start({ servers: 2, initialClients: 0 })
    expect(empty.truth().servers.every((s) => s.records.length === 0)).toBe(true)
  })
})

describe('sessions', () => {
  it('plays each kind with the documented session shape', async () => {
    const sim = await start({ servers: 1, initialClients: 0 })
    const sql = productIdFromCode('0SQL')
    sim.retain('s1', CLIENT, 'remote')
    sim.retain('s1', CLIENT, 'rest')
    sim.retain('s1', sql, 'sql')
    sim.retain('s1', WEB, 'web')
    const served = await usageOf(sim.servers()[0]!)
    const sessions = served.map((r) => r['session'] as Record<string, unknown>)
    const strip = (s: Record<string, unknown>): string[] =>
      Object.keys(s)
        .filter((k) => k !== 'licenseToken')
        .sort()
    expect(strip(sessions[0]!)).toEqual([
      'ID',
      'IPAddress',
      'creationDateTime',
      'hostType',
      'machineName',
      'persistentID',
      'state',
      'systemUserName',
      'type',
      'userName',
    ])
    expect(sessions[0]).toMatchObject({ type: 'remote', state: 'active' })
    expect(['windows', 'mac']).toContain(sessions[0]!['hostType'])
    expect(strip(sessions[1]!)).toEqual(['IPAddress', 'isDatastore', 'sessionID', 'userName'])
    expect(strip(sessions[2]!)).toEqual(['IPAddress', 'userAgent', 'userId', 'userName'])
    expect(typeof sessions[2]!['userId']).toBe('number')
    expect(strip(sessions[3]!)).toEqual(['ID', 'IPAddress', 'hostType', 'state', 'type', 'userName'])
    expect(sessions[3]).toMatchObject({ type: 'web', hostType: 'browser' })
    for (const s of sessions) expect(s['IPAddress']).toMatch(/^10\.\d+\.\d+\.\d+$/)
    expect(served.map((r) => r['reason'])).toEqual(['remote connection', 'REST session', 'SQL connection', 'web session'])
    expect(served.map((r) => r['productName'])).toEqual(['4D Client', '4D Client', '4D SQL Server', '4D Web Server'])
  })

  it('normalises sessions in truth() as a correct poller would', async () => {
    const sim = await start({ servers: 1, initialClients: 0 })
    const rest = sim.retain('s1', CLIENT, 'rest')!
    const sql = sim.retain('s1', productIdFromCode('0SQL'), 'sql')!
    expect(rest.session).toMatchObject({ type: 'rest', machineName: null, state: null })
    expect(rest.session?.ID).toMatch(/^[0-9A-F-]{36}$/)
    expect(sql.session).toMatchObject({ type: 'sql', hostType: null, ID: null })
    expect(sim.truth().servers[0]?.records).toEqual([rest, sql])
  })

  it('adds unknown extra fields to some records, never to all', async () => {
    const sim = await start({
      servers: 2,
      machines: 1,
      initialClients: 0,
      products: [{ productId: CLIENT, productName: '4D Client', allowed: 400 }],
    })
    for (let i = 0; i < 200; i++) sim.retain(i % 2 ? 's1' : 's2', CLIENT)
    const known = new Set([
      'productId',
      'productName',
      'productUsedCount',
      'productBalance',
      'globalProductUsedCount',
      'token',
      'time',
      'reason',
      'session',
    ])
    const usage = sim.truth().servers.flatMap((s) => s.usage ?? [])
    const withExtra = usage.filter((r) => Object.keys(r).some((k) => !known.has(k)) || 'licenseToken' in (r['session'] as object))
    expect(withExtra.length).toBeGreaterThan(5)
    expect(withExtra.length).toBeLessThan(100)
  })
})

describe('step and determinism', () => {
  async function truthAfterSteps(seed: number, steps: number): Promise<unknown> {
    const sim = await start({ seed, servers: 3, machines: 2 })
    for (let i = 0; i < steps; i++) sim.step()
    return sim.truth()
  }

  it('gives the same truth for the same seed and steps, and another for another seed', async () => {
    const a = await truthAfterSteps(7, 25)
    const b = await truthAfterSteps(7, 25)
    const c = await truthAfterSteps(8, 25)
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
  })

  it('moves clients in and out, changes session states, and never overfills a pool', async () => {
    const sim = await start({ seed: 3, servers: 3, machines: 2 })
    const seenTokens = new Set<string>()
    const seenStates = new Set<string>()
    let changed = 0
    let previous = JSON.stringify(sim.truth().servers.map((s) => s.records.map((r) => r.token)))
    for (let i = 0; i < 60; i++) {
      sim.step()
      const truth = sim.truth()
      for (const machine of truth.machines) {
        for (const p of machine.products) expect(p.used).toBeLessThanOrEqual(p.allowed)
      }
      for (const server of truth.servers) {
        for (const r of server.records) {
          seenTokens.add(`${server.id}:${r.token}`)
          if (r.session?.state) seenStates.add(r.session.state)
          // A server alone on its machine sends no global count: its own count is the machine's.
          expect((r.globalProductUsedCount ?? r.productUsedCount!) + r.productBalance!).toBe(
            truth.machines.find((m) => m.machine === server.machine)!.products.find((p) => p.productId === r.productId)!.allowed,
          )
        }
      }
      const now = JSON.stringify(truth.servers.map((s) => s.records.map((r) => r.token)))
      if (now !== previous) changed++
      previous = now
    }
    expect(changed).toBeGreaterThan(30)
    expect(seenTokens.size).toBeGreaterThan(40)
    expect([...seenStates].sort()).toEqual(['active', 'postponed', 'sleeping'])
  })

  it('serves exactly what truth() holds after steps, on every server and endpoint', async () => {
    const sim = await start({ seed: 11, servers: 3, machines: 2 })
    for (let i = 0; i < 10; i++) sim.step()
    const truth = sim.truth()
    for (const info of sim.servers()) {
      const expected = truth.servers.find((s) => s.id === info.id)!
      expect(await usageOf(info)).toEqual(expected.usage)
      // A REST call in the default login mode holds a 4D Client license for its session: the answer lists it too.
      const rest = await readJson(await fetch(info.restUrl, { method: 'POST', body: '[]' }))
      const after = sim.truth().servers.find((s) => s.id === info.id)!
      expect(after.usage).toHaveLength(expected.usage!.length + 1)
      expect(rest.result.usage).toEqual(after.usage)
      expect(rest.result.usage.map((r: { token: number }) => r.token)).toEqual(after.records.map((r) => r.token))
    }
  })

  it('ticks on a timer until stopped', async () => {
    const sim = await start({ seed: 5, servers: 2 })
    const before = JSON.stringify(sim.truth())
    sim.startTicking(20)
    await expect.poll(() => JSON.stringify(sim.truth()), { timeout: 10_000, interval: 25 }).not.toBe(before)
    sim.stopTicking()
    const frozen = JSON.stringify(sim.truth())
    await new Promise((resolve) => setTimeout(resolve, 150)) // several tick periods: nothing may move now
    expect(JSON.stringify(sim.truth())).toBe(frozen)
  })
})

describe('licenses moving between the servers of one machine (issue 16)', () => {
  const pool = [{ productId: CLIENT, productName: '4D Client', allowed: 10 }]

  it('moves a client from one server to its sibling in one instant: the machine total never changes', async () => {
    const sim = await start({ servers: 2, machines: 1, initialClients: 0, products: pool })
    for (let i = 0; i < 9; i++) sim.retain(i % 2 ? 's2' : 's1', CLIENT)
    const machine = sim.truth().machines[0]!.machine
    const before = sim.truth().servers.map((s) => s.records.length)
    expect(sim.move('s1', 's2')).toBe(true)
    const after = sim.truth().servers.map((s) => s.records.length)
    expect(after).toEqual([before[0]! - 1, before[1]! + 1])
    expect(sim.truth().machines[0]!.products[0]!.used).toBe(9)
    // The newest record's globalProductUsedCount is the machine total at that instant.
    const joined = sim.truth().servers[1]!.records.at(-1)!
    expect(joined.globalProductUsedCount).toBe(9)
    expect(sim.usedRange(machine, CLIENT, 0, Number.MAX_SAFE_INTEGER)).toEqual({ min: 1, max: 9 })
  })

  it('refuses to move between machines and says why; nothing to move is false', async () => {
    const sim = await start({ servers: 2, machines: 2, initialClients: 0, products: pool })
    expect(() => sim.move('s1', 's2')).toThrow('do not share a machine')
    const one = await start({ servers: 2, machines: 1, initialClients: 0, products: pool })
    expect(one.move('s1', 's2')).toBe(false)
  })

  it('records the true per-instant total: the range over a window includes the count in force when it opened', async () => {
    let now = 1_000
    const sim = await startSimulator({ servers: 2, machines: 1, initialClients: 0, products: pool, now: () => now })
    started.push(sim)
    const machine = sim.truth().machines[0]!.machine
    const tokens = [1, 2, 3].map(() => sim.retain('s1', CLIENT)!.token) // 3 at t=1000
    now = 2_000
    sim.release('s1', tokens[0]!) // 2 at t=2000
    now = 3_000
    sim.move('s1', 's2') // 1 then 2 again at t=3000
    expect(sim.usedRange(machine, CLIENT, 1_500, 1_900)).toEqual({ min: 3, max: 3 })
    expect(sim.usedRange(machine, CLIENT, 1_500, 2_500)).toEqual({ min: 2, max: 3 })
    expect(sim.usedRange(machine, CLIENT, 2_500, 4_000)).toEqual({ min: 1, max: 2 })
    expect(sim.usedRange(machine, CLIENT, 0, 500)).toBeNull()
  })

  it('step() moves one client within each shared machine, so the demo exercises it', () => {
    let now = 0
    const model = new LicenseModel({ servers: 3, machines: 2, products: pool, random: createRandom(4), now: () => now })
    model.fillInitial(undefined)
    const moves = vi.spyOn(model, 'move')
    for (let i = 0; i < 5; i++) {
      now += 1000
      const totals = model.machines.map((m) => model.machineCount(m, CLIENT))
      model.moveWithinMachines()
      expect(model.machines.map((m) => model.machineCount(m, CLIENT))).toEqual(totals)
    }
    // Of the two machines only the one with two servers has anywhere to move to: one move per call.
    expect(moves).toHaveBeenCalledTimes(5)
    model.step()
    expect(moves).toHaveBeenCalledTimes(6)
  })
})

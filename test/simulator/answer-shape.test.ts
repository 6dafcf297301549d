// The simulator's answer shapes (issue 18): global counts on every record or
// only on shared machines, the contract object with or without its `server`
// block, License info with or without the machine's license number.

import { afterEach, describe, expect, it } from 'vitest'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import type { SimAnswerShape } from '../../main/simulator/api.ts'

let sim: LocalSimulator | null = null
afterEach(async () => {
  await sim?.stop()
  sim = null
})

async function answers(
  shape: SimAnswerShape | undefined,
  machines: number,
): Promise<{ array: unknown[][]; json: Record<string, unknown>[] }> {
  sim = await startSimulator({ servers: 2, machines, initialClients: 0, ...(shape ? { answers: shape } : {}) })
  sim.retain('s1', CLIENT_PRODUCT_ID, 'remote')
  sim.retain('s2', CLIENT_PRODUCT_ID, 'remote')
  const infos = sim.servers()
  const array = await Promise.all(infos.map(async (info) => (await (await fetch(info.arrayUrl)).json()) as unknown[]))
  const json = await Promise.all(infos.map(async (info) => (await (await fetch(info.jsonUrl)).json()) as Record<string, unknown>))
  return { array, json }
}

const globalOf = (records: unknown[]) => records.map((record) => (record as Record<string, unknown>)['globalProductUsedCount'])

describe('simulator answer shapes', () => {
  it('by default: global counts only where a machine runs several servers, a server block, no license number', async () => {
    const apart = await answers(undefined, 2)
    expect(apart.array.map(globalOf)).toEqual([[undefined], [undefined]])
    expect(apart.json[0]?.['server']).toMatchObject({ machine: 'srv-app-01' })
    expect(apart.json[0]?.['licenseInfo']).not.toHaveProperty('licenseNumber')
    await sim?.stop()
    const together = await answers(undefined, 1)
    expect(together.array.map(globalOf)).toEqual([[1], [2]])
  })

  it('globalCounts "always": a server alone on its machine counts its own pool', async () => {
    const { array } = await answers({ globalCounts: 'always' }, 2)
    expect(array.map(globalOf)).toEqual([[1], [1]])
  })

  it('no server block, and one license number per machine', async () => {
    const { json } = await answers({ serverBlock: false, licenseNumbers: true }, 2)
    expect(json.map((body) => 'server' in body)).toEqual([false, false])
    const numbers = json.map((body) => (body['licenseInfo'] as { licenseNumber?: string }).licenseNumber)
    expect(numbers[0]).toMatch(/^LN-\d+$/)
    expect(new Set(numbers).size).toBe(2)
  })
})

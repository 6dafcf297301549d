// findMatchingRows: pushes leave license lists out, so the page asks the
// backend which rows a user name puts in. A real monitor polls the simulator
// over sockets; the answer must name exactly the rows whose holders match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, dispatchCall, type Backend } from '../../../main/core/contract/backend.ts'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import type { LiveSnapshot } from '../../../main/core/types/index.ts'
import type { SimTruth } from '../../../main/simulator/api.ts'
import { serverConfigsFor } from '../../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'

const TOKEN = 'find-rows-token'

let simulator: LocalSimulator
let monitor: Monitor
let backend: Backend
let truth: SimTruth

beforeAll(async () => {
  simulator = await startSimulator({ servers: 3, machines: 2, seed: 7, token: TOKEN })
  monitor = createMonitor({ servers: serverConfigsFor(simulator.servers(), TOKEN) })
  await monitor.pollNow()
  backend = createBackend({ monitor })
  // Nothing moves after the poll: the simulator changes only when told to step.
  truth = simulator.truth()
})

afterAll(async () => {
  await monitor.stop()
  await simulator.stop()
})

/** Rows (as "machine product") where some license's user name contains `part`, from the simulator's own records. */
function rowsHeldBy(part: string): string[] {
  const rows = new Set<string>()
  for (const server of truth.servers) {
    for (const record of server.records) {
      if (record.session?.userName?.toLowerCase().includes(part.toLowerCase())) rows.add(`${server.machine} ${record.productId}`)
    }
  }
  return [...rows].sort()
}

async function found(text: unknown): Promise<string[]> {
  const answer = await dispatchCall(backend, 'findMatchingRows', [text])
  if (!answer.ok) throw new Error(answer.error)
  return (answer.data as { machine: string; productId: number }[]).map((row) => `${row.machine} ${row.productId}`).sort()
}

function someUserName(): string {
  const names = truth.servers.flatMap((s) => s.records.map((r) => r.session?.userName ?? '')).filter((name) => name.length > 2)
  const name = names[0]
  if (name === undefined) throw new Error('the simulator holds no named session')
  return name
}

describe('findMatchingRows over a real monitor snapshot', () => {
  it('names every row where the user holds a license, which the live snapshot alone cannot show', async () => {
    const user = someUserName()
    const expected = rowsHeldBy(user)
    expect(expected.length).toBeGreaterThan(0)
    expect(await found(user)).toEqual(expected)
    // Upper case and padding: terms are lower-cased and trimmed, as the page does.
    expect(await found(`  ${user.toUpperCase()} `)).toEqual(expected)
    // The live snapshot the page starts from has no list to match against.
    const live = await dispatchCall(backend, 'getLiveSnapshot', [])
    expect(live.ok && (live.data as LiveSnapshot).machines.every((m) => m.products.every((p) => p.licenses.length === 0))).toBe(true)
  })

  it('needs every term: a user and a machine narrow to that machine, a name nobody holds finds nothing', async () => {
    const user = someUserName()
    const machine = rowsHeldBy(user)[0]!.split(' ')[0]!
    expect(await found(`${user} ${machine}`)).toEqual(rowsHeldBy(user).filter((row) => row.startsWith(`${machine} `)))
    expect(await found('nobody-holds-this')).toEqual([])
    expect(await found(`${user} nobody-holds-this`)).toEqual([])
  })

  it('answers no rows for a text without terms, and refuses what is not a short text with a sentence', async () => {
    expect(await found('   ')).toEqual([])
    expect(await dispatchCall(backend, 'findMatchingRows', [42])).toEqual({
      ok: false,
      error: expect.stringMatching(/^invalid arguments for findMatchingRows: argument 0: /) as unknown,
    })
    const long = await dispatchCall(backend, 'findMatchingRows', ['x'.repeat(1001)])
    expect(long).toMatchObject({ ok: false, error: expect.stringContaining('findMatchingRows') as unknown })
  })
})

// The monitor over the simulator (real sockets): a row whose servers repeat
// their answers keeps its license list object from one snapshot to the next
// (issue 11: no per-license work per poll); a retained license gives the row a
// new list holding exactly the simulator's licenses.
import { afterEach, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import type { ServerConfig, Snapshot } from '../../../main/core/types/index.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'

let simulator: LocalSimulator | null = null
let monitor: Monitor | null = null

afterEach(async () => {
  await monitor?.stop()
  await simulator?.stop()
})

const tokensOf = (snapshot: Snapshot, machine: string, productId: number) =>
  snapshot.machines
    .find((m) => m.machine === machine)
    ?.products.find((p) => p.productId === productId)
    ?.licenses.map((l) => `${l.server} ${l.token}`)
    .sort()

it('the same list object while nothing changed; a new one with the right licenses after a retain', async () => {
  simulator = await startSimulator({ servers: 4, machines: 2, seed: 5, initialClients: 5 })
  const configs: ServerConfig[] = simulator
    .servers()
    .map((s) => ({ id: s.id, name: s.name, url: s.jsonUrl, kind: 'http-json', machine: s.machine, intervalMs: 60_000 }))
  monitor = createMonitor({ servers: configs })
  await monitor.pollNow()
  const first = monitor.getSnapshot()
  await monitor.pollNow()
  const second = monitor.getSnapshot()
  expect(second.machines.length).toBe(2)
  expect(second.machines.every((machine) => machine.products.some((row) => row.licenses.length > 0))).toBe(true)
  for (const machine of second.machines) {
    for (const row of machine.products) {
      const before = first.machines.find((m) => m.machine === machine.machine)?.products.find((p) => p.productId === row.productId)
      expect(row.licenses).toBe(before?.licenses)
    }
  }

  const target = configs[0] as ServerConfig
  const changed = second.machines.find((m) => m.servers.includes(target.name))
  const other = second.machines.find((m) => m !== changed)
  const listed = changed?.products.find((p) => p.licenses.length > 0)
  const productId = listed?.productId ?? 0
  expect(simulator.retain(target.id, productId)).not.toBeNull()
  await monitor.pollNow()
  const third = monitor.getSnapshot()
  const row = third.machines.find((m) => m.machine === changed?.machine)?.products.find((p) => p.productId === productId)
  expect(row?.licenses).not.toBe(listed?.licenses)
  const truth = simulator
    .truth()
    .servers.filter((s) => s.machine === changed?.machine)
    .flatMap((s) => s.records.filter((r) => r.productId === productId).map((r) => `${configs.find((c) => c.id === s.id)?.name} ${r.token}`))
    .sort()
  expect(tokensOf(third, changed?.machine ?? '', productId)).toEqual(truth)
  for (const otherRow of other?.products ?? []) {
    const now = third.machines.find((m) => m.machine === other?.machine)?.products.find((p) => p.productId === otherRow.productId)
    expect(now?.licenses).toBe(otherRow.licenses)
  }
})

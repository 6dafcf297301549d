// Snapshots as the running app makes them, for the benchmarks that consume
// snapshots (bench:history): the simulator in this process, the monitor as the
// app builds it (createMonitor), license lists included. Between snapshots a
// few clients leave and others join on every server, as on a working day.
import { createMonitor } from '../main/core/poll/monitor.ts'
import type { ServerConfig, Snapshot } from '../main/core/types/index.ts'
import { startSimulator } from '../main/simulator/simulator.ts'

export interface FleetSnapshotOptions {
  servers: number
  licensesPerServer: number
  snapshots: number
  /** Clients replaced on every server between two snapshots. */
  churnPerServer: number
}

const PRODUCT_ID = 808464441

export async function fleetSnapshots(options: FleetSnapshotOptions): Promise<Snapshot[]> {
  const sim = await startSimulator({
    servers: options.servers,
    machines: Math.max(1, Math.floor(options.servers / 2)),
    seed: 7,
    products: [{ productId: PRODUCT_ID, productName: '4D Client', allowed: options.licensesPerServer * 4 }],
    initialClients: options.licensesPerServer,
  })
  const configs: ServerConfig[] = sim.servers().map((s) => ({
    id: s.id,
    name: s.name,
    url: s.jsonUrl,
    kind: 'http-json',
    machine: s.machine,
    intervalMs: 600_000,
    timeoutMs: 60_000,
  }))
  // The simulator stamps its first licenses with the second it started in; a round read within that second
  // leaves them for the next one (consistency.ts), so wait for the next second.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const monitor = createMonitor({ servers: configs, demo: false })
  const published: Snapshot[] = []
  monitor.onSnapshot((snapshot) => published.push(snapshot))
  const result: Snapshot[] = []
  try {
    for (let i = 0; i < options.snapshots; i++) {
      if (i > 0) {
        for (const server of sim.truth().servers) {
          for (const record of server.records.slice(0, options.churnPerServer)) sim.release(server.id, record.token)
          for (let k = 0; k < options.churnPerServer; k++) sim.retain(server.id, PRODUCT_ID)
        }
      }
      await monitor.pollNow()
      const last = published.at(-1)
      if (last === undefined) throw new Error('the monitor published no snapshot')
      result.push(last)
    }
  } finally {
    await monitor.stop()
    await sim.stop()
  }
  const held = result[0]!.machines.reduce((n, m) => n + m.products.reduce((k, p) => k + p.licenses.length, 0), 0)
  if (held !== options.servers * options.licensesPerServer) {
    throw new Error(`the first snapshot lists ${held} licenses, the simulator holds ${options.servers * options.licensesPerServer}`)
  }
  return result
}

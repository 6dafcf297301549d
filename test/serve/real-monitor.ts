// The real monitor polling a real simulator on 127.0.0.1, for integration
// tests of the served mode and the Electron glue. Not started: tests drive
// it with pollNow() so each change is one they caused.
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import type { Snapshot } from '../../main/core/types/index.ts'
import { serverConfigsFor } from '../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'
import type { SnapshotSource } from '../../main/serve/snapshot-source.ts'

export interface MonitoredSimulator {
  simulator: LocalSimulator
  monitor: Monitor
  /** The monitor as the served mode sees it, counting live subscriptions (to check unsubscribe). */
  source: SnapshotSource & { subscribers(): number }
  stop(): Promise<void>
}

export async function startMonitoredSimulator(): Promise<MonitoredSimulator> {
  const simulator = await startSimulator({ servers: 3, machines: 2, seed: 7 })
  const monitor = createMonitor({ servers: serverConfigsFor(simulator.servers()), demo: false })
  let subscribers = 0
  const source = {
    getSnapshot: () => monitor.getSnapshot(),
    onSnapshot(listener: (snapshot: Snapshot) => void) {
      subscribers++
      const unsubscribe = monitor.onSnapshot(listener)
      let done = false
      return () => {
        if (done) return
        done = true
        subscribers--
        unsubscribe()
      }
    },
    subscribers: () => subscribers,
  }
  return {
    simulator,
    monitor,
    source,
    async stop() {
      await monitor.stop()
      await simulator.stop()
    },
  }
}

/**
 * Licenses held across every machine and product of a snapshot: counted, plus
 * those a machine round left for the next one (retained in the same whole
 * second as a sibling's reading: 4D's record times have no milliseconds).
 */
export function totalUsed(snapshot: Snapshot): number {
  return snapshot.machines.reduce(
    (sum, machine) => sum + machine.products.reduce((s, product) => s + product.used + (product.uncounted ?? 0), 0),
    0,
  )
}

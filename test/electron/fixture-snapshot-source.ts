// A snapshot source that publishes exactly the snapshots a test writes: for
// the tray, whose tooltip and icon depend on precise statuses the simulator
// would reach only by chance. Integration tests use the real monitor
// (test/serve/real-monitor.ts).
import type { Snapshot } from '../../main/core/types/index.ts'

export function snapshotFixture(generatedAt: string, used = 8): Snapshot {
  return {
    generatedAt,
    demo: true,
    machines: [
      {
        machine: 'srv-app-01',
        servers: ['Accounting'],
        products: [
          {
            productId: 1,
            productName: '4D Client',
            used,
            limit: 10,
            remaining: 10 - used,
            utilization: used / 10,
            unlimited: false,
            limitSource: 'licenseInfo',
            status: 'warning',
            shares: [{ server: 'Accounting', used }],
            flags: [],
            stale: false,
            licenses: [],
          },
        ],
      },
    ],
    servers: [],
  }
}

export class FixtureSnapshotSource {
  snapshot: Snapshot = snapshotFixture('2026-11-28T09:00:00.000Z')
  readonly listeners = new Set<(s: Snapshot) => void>()
  getSnapshot(): Snapshot {
    return this.snapshot
  }
  onSnapshot(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  publish(snapshot: Snapshot): void {
    this.snapshot = snapshot
    for (const listener of this.listeners) listener(snapshot)
  }
}

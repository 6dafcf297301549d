import type { Snapshot } from '../core/types.ts'

/** The part of the monitor (main/core/monitor.ts) the served mode reads: the latest snapshot and its changes. */
export interface SnapshotSource {
  getSnapshot(): Snapshot
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void
}

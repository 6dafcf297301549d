// The shapes of small pushes (issue 11 item 2); the diff that makes them is
// main/core/contract/snapshot-patch.ts, the code that applies them
// renderer/src/model/snapshot-patch.ts.
import type { LicenseHeld, MachineRound, ProductUsage, ServerSummary, Snapshot } from './index.ts'
import type { SnapshotAlerts } from './alerts.ts'

/** A snapshot as pushes describe it: every product's `licenses` is empty and `listVersion` says which list it stands for. */
export interface LiveSnapshot extends Snapshot {
  /** Number of the push this snapshot is as of: the next patch applies on it (its `base`). */
  seq: number
}

/** A machine without its rows: what changes when a server joins or leaves it, its round, or its row order. */
export interface MachineHeader {
  machine: string
  servers: string[]
  round?: MachineRound
  /** The machine's rows, in snapshot order. */
  productIds: number[]
}

/** What changed between two live snapshots; absent fields did not change. */
export interface SnapshotPatch {
  seq: number
  /** The push this one applies on. A page that holds another one missed a push and asks for a live snapshot. */
  base: number
  generatedAt: string
  demo: boolean
  /** The order of the machines, when one was added, removed or moved. */
  machineOrder?: string[]
  /** New machines, and machines whose servers, round or row order changed. */
  machines?: MachineHeader[]
  removedMachines?: string[]
  /** Rows replaced whole (licenses left out), new rows included. */
  rows?: { machine: string; row: ProductUsage }[]
  /** Rows gone from a machine that is still there. */
  removedRows?: { machine: string; productId: number }[]
  /** The order of the servers, when one was added, removed or moved. */
  serverOrder?: string[]
  /** New servers, and servers whose entry changed. */
  servers?: ServerSummary[]
  removedServers?: string[]
  /** The alerts part replaced whole when it changed; null when it is gone (alerting turned off). */
  alerts?: SnapshotAlerts | null
}

/** One row's license list, as getLicenseList answers it. */
export interface LicenseListView {
  machine: string
  productId: number
  listVersion: number
  licenses: LicenseHeld[]
}

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

/** One row's license list, whole, as getLicenseList answers it without `since` (or for a version it no longer knows). */
export interface LicenseListView {
  machine: string
  productId: number
  listVersion: number
  licenses: LicenseHeld[]
}

/** A license within a row: its server and the token of its retain (unique per server). */
export interface LicenseKey {
  server: string
  token: number
}

/**
 * What changed in one row's list from version `since` (the one the page holds) to `listVersion`: getLicenseList's
 * answer when main still knows that version. The page removes `removed`, puts each of `changed` in place of the
 * license with its key (or adds it), keeps the list's order (renderer/src/model/license-order.ts) and then holds
 * `count` licenses.
 */
export interface LicenseListChanges {
  machine: string
  productId: number
  /** The version these changes apply on. */
  since: number
  listVersion: number
  /** How many licenses the list holds after the changes: a page that counts otherwise drops its copy. */
  count: number
  removed: LicenseKey[]
  /** Licenses added, and licenses whose fields changed, whole. */
  changed: LicenseHeld[]
}

/** getLicenseList's answer: the changes since the version asked, or the whole list. */
export type LicenseListAnswer = LicenseListView | LicenseListChanges

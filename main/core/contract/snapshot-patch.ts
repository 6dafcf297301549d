// Small pushes (issue 11 item 2, issue 12 item 5): after one live snapshot, a
// page receives only what changed, keyed by id: machines (their header),
// product rows (replaced whole), servers, alerts, and what was removed. License
// lists are left out of every push: a row carries the version of its list, and
// the page asks for the list of a row it shows expanded (getLicenseList).
//
// Pure functions: the publisher (snapshot-pushes.ts) numbers the pushes, the
// renderer applies them (renderer/src/model/snapshot-patch.ts); a property
// test checks that applying the patches ends where the last live snapshot is.

import type { LiveSnapshot, MachineHeader, MachineUsage, ProductUsage, ServerSummary, Snapshot, SnapshotPatch } from '../types/index.ts'

/** Same as the renderer's row key (renderer/src/model/rows.ts): machine and product id. */
export function listKey(machine: string, productId: number): string {
  return JSON.stringify([machine, productId])
}

export function headerOf(machine: MachineUsage): MachineHeader {
  const header: MachineHeader = { machine: machine.machine, servers: machine.servers, productIds: machine.products.map((p) => p.productId) }
  if (machine.round !== undefined) header.round = machine.round
  return header
}

/** Two values as JSON would show them (the form every transport gives them). */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b)
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index])
}

function diffMachines(prev: readonly MachineUsage[], next: readonly MachineUsage[], patch: SnapshotPatch): void {
  const before = new Map(prev.map((machine) => [machine.machine, machine]))
  const after = new Set(next.map((machine) => machine.machine))
  const headers: MachineHeader[] = []
  const rows: { machine: string; row: ProductUsage }[] = []
  const removedRows: { machine: string; productId: number }[] = []
  for (const machine of next) {
    const old = before.get(machine.machine)
    const header = headerOf(machine)
    if (old === undefined || !sameJson(headerOf(old), header)) headers.push(header)
    const oldRows = new Map((old?.products ?? []).map((row) => [row.productId, row]))
    for (const row of machine.products) {
      const oldRow = oldRows.get(row.productId)
      if (oldRow === undefined || !sameJson(oldRow, row)) rows.push({ machine: machine.machine, row })
      oldRows.delete(row.productId)
    }
    if (old !== undefined) for (const productId of oldRows.keys()) removedRows.push({ machine: machine.machine, productId })
  }
  const removedMachines = prev.map((machine) => machine.machine).filter((name) => !after.has(name))
  const order = next.map((machine) => machine.machine)
  if (!sameOrder(order, [...before.keys()])) patch.machineOrder = order
  if (headers.length > 0) patch.machines = headers
  if (removedMachines.length > 0) patch.removedMachines = removedMachines
  if (rows.length > 0) patch.rows = rows
  if (removedRows.length > 0) patch.removedRows = removedRows
}

function diffServers(prev: readonly ServerSummary[], next: readonly ServerSummary[], patch: SnapshotPatch): void {
  const before = new Map(prev.map((server) => [server.id, server]))
  const changed = next.filter((server) => !sameJson(before.get(server.id), server))
  const after = new Set(next.map((server) => server.id))
  const removed = prev.map((server) => server.id).filter((id) => !after.has(id))
  const order = next.map((server) => server.id)
  if (!sameOrder(order, [...before.keys()])) patch.serverOrder = order
  if (changed.length > 0) patch.servers = changed
  if (removed.length > 0) patch.removedServers = removed
}

/** What turns `prev` into `next`, numbered `seq` and applying on `prev.seq`. */
export function diffSnapshots(prev: LiveSnapshot, next: Snapshot, seq: number): SnapshotPatch {
  const patch: SnapshotPatch = { seq, base: prev.seq, generatedAt: next.generatedAt, demo: next.demo }
  diffMachines(prev.machines, next.machines, patch)
  diffServers(prev.servers, next.servers, patch)
  if (!sameJson(prev.alerts ?? null, next.alerts ?? null)) patch.alerts = next.alerts ?? null
  return patch
}

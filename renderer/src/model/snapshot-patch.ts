// Applies a push of small changes (main/core/contract/snapshot-patch.ts) to
// what the stores hold. Pure: the stores keep their state keyed by id and call
// these; unchanged machines and servers keep their identity, so the table
// redraws only what changed.

import type { MachineHeader, MachineUsage, ProductUsage, ServerSummary, SnapshotPatch } from '../../../main/core/types/index.ts'

function headerOf(machine: MachineUsage): MachineHeader {
  const header: MachineHeader = { machine: machine.machine, servers: machine.servers, productIds: machine.products.map((p) => p.productId) }
  if (machine.round !== undefined) header.round = machine.round
  return header
}

/** The rows of `machines` in header order: the replaced ones from `rows`, the others as they were. */
function machineFrom(header: MachineHeader, rows: ReadonlyMap<number, ProductUsage>): MachineUsage {
  const machine: MachineUsage = { machine: header.machine, servers: header.servers, products: [] }
  if (header.round !== undefined) machine.round = header.round
  for (const id of header.productIds) {
    const row = rows.get(id)
    if (row !== undefined) machine.products.push(row)
  }
  return machine
}

/**
 * The machines after `patch`, in order; machines that did not change are the same objects as before,
 * so a view keyed by identity redraws only what changed.
 */
export function patchMachines(machines: readonly MachineUsage[], patch: SnapshotPatch): MachineUsage[] {
  const byName = new Map(machines.map((machine) => [machine.machine, machine]))
  const headers = new Map((patch.machines ?? []).map((header) => [header.machine, header]))
  const rowsByMachine = new Map<string, Map<number, ProductUsage>>()
  for (const { machine, row } of patch.rows ?? []) {
    const rows = rowsByMachine.get(machine) ?? new Map<number, ProductUsage>()
    rows.set(row.productId, row)
    rowsByMachine.set(machine, rows)
  }
  const order = patch.machineOrder ?? [...byName.keys()].filter((name) => !(patch.removedMachines ?? []).includes(name))
  return order.flatMap((name) => {
    const old = byName.get(name)
    const header = headers.get(name) ?? (old === undefined ? undefined : headerOf(old))
    if (header === undefined) return []
    const replaced = rowsByMachine.get(name)
    if (old !== undefined && replaced === undefined && !headers.has(name)) return [old]
    const rows = new Map((old?.products ?? []).map((row) => [row.productId, row]))
    for (const [id, row] of replaced ?? []) rows.set(id, row)
    return [machineFrom(header, rows)]
  })
}

/** The servers after `patch`, in order; unchanged entries keep their identity. */
export function patchServers(servers: readonly ServerSummary[], patch: SnapshotPatch): ServerSummary[] {
  const byId = new Map(servers.map((server) => [server.id, server]))
  for (const server of patch.servers ?? []) byId.set(server.id, server)
  const removed = new Set(patch.removedServers ?? [])
  const order = patch.serverOrder ?? servers.map((server) => server.id).filter((id) => !removed.has(id))
  return order.flatMap((id) => byId.get(id) ?? [])
}

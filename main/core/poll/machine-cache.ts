// Incremental snapshot parts for the monitor (issue 11). Rebuilding every
// machine's rows and serialising the whole snapshot after each poll made a
// cycle cost servers² x licenses. Here each server gets a version, bumped only
// when something the snapshot shows of it changes; a machine's rows are
// recomputed only when the versions of its servers changed, so a cycle costs
// servers x licenses, and two snapshots are compared by their versions rather
// than by their text.
//
// The fingerprint of a server covers every field that the aggregation
// (aggregate.ts, consistency.ts) and the server strip read. A new payload
// object usually comes with a new lastSuccessAt; when it does not (two polls
// within one millisecond), the two payloads are compared by content, so the
// same answer read twice at the same moment is still "nothing new".

import { groupByMachine, machineUsage } from '../usage/aggregate.ts'
import { applySharedPools } from '../usage/shared-pools.ts'
import type { MachineUsage, ServerPayload, ServerState, ServerSummary } from '../types/index.ts'

interface Tracked {
  version: number
  fields: string
  payload: ServerPayload | null
  summary: ServerSummary | null
}

export interface SnapshotParts {
  machines: MachineUsage[]
  servers: ServerSummary[]
  /** Changes exactly when `machines` or `servers` may show something new: compare it, not the parts. */
  key: string
  /** Machines recomputed for this call (the others were reused). */
  aggregated: number
}

/** Everything of a server's state the snapshot shows, except the payload (compared by identity, then content). */
function fieldsOf(state: ServerState): string {
  return JSON.stringify([
    state.id,
    state.name,
    state.url,
    state.machine,
    state.status,
    state.latencyMs,
    state.lastSuccessAt,
    state.lastError,
    state.warnings,
    state.version,
    state.intervalMs ?? null,
  ])
}

function samePayload(a: ServerPayload | null, b: ServerPayload | null): boolean {
  if (a === b) return true
  if (a === null || b === null) return false
  // Rare path (see above): linear in the payload, once.
  return JSON.stringify(a) === JSON.stringify(b)
}

export interface MachineCache {
  /** The snapshot's machines and servers for these states, reusing every part whose servers did not change. */
  parts(states: readonly ServerState[], toSummary: (state: ServerState) => ServerSummary): SnapshotParts
}

export function createMachineCache(): MachineCache {
  let tracked = new Map<string, Tracked>()
  // One counter for every server, so a version never repeats, even for an id that is removed and comes back.
  let versions = 0
  let machines = new Map<string, { key: string; usage: MachineUsage }>()

  /** The server's version, bumped when what the snapshot shows of it changed. */
  function versionOf(state: ServerState, next: Map<string, Tracked>): Tracked {
    const fields = fieldsOf(state)
    const known = tracked.get(state.id)
    let entry: Tracked
    if (known?.fields === fields && samePayload(known.payload, state.payload)) entry = known
    else entry = { version: ++versions, fields, payload: state.payload, summary: null }
    next.set(state.id, entry)
    return entry
  }

  return {
    parts(states, toSummary) {
      const next = new Map<string, Tracked>()
      const servers = states.map((state) => {
        const entry = versionOf(state, next)
        entry.summary ??= toSummary(state)
        return entry.summary
      })
      // Removed servers are forgotten.
      tracked = next
      const nextMachines = new Map<string, { key: string; usage: MachineUsage }>()
      let aggregated = 0
      const rows = groupByMachine(states).map(([machine, members]) => {
        const key = members.map((state) => `${state.id}@${String(next.get(state.id)?.version)}`).join(' ')
        let cached = machines.get(machine)
        if (cached?.key !== key) {
          cached = { key, usage: machineUsage(machine, members) }
          aggregated += 1
        }
        nextMachines.set(machine, cached)
        return cached.usage
      })
      machines = nextMachines
      const key = states.map((state) => `${state.id}@${String(next.get(state.id)?.version)}`).join(' ')
      // Across machines, after the per-machine rows: cheap (evidence is kept per payload object) and pure, so the key still says it all.
      return { machines: applySharedPools(rows, states), servers, key, aggregated }
    },
  }
}

// The cache must give exactly what a full aggregation gives, whatever changed
// between two calls, while recomputing only the machines whose servers changed.
import { describe, expect, it } from 'vitest'
import { createMachineCache } from '../../../main/core/poll/machine-cache.ts'
import { toServerSummary } from '../../../main/core/poll/monitor.ts'
import { aggregate } from '../../../main/core/usage/aggregate.ts'
import type { LicenseRecord, ServerPayload, ServerState } from '../../../main/core/types/index.ts'

function records(n: number, first: number): LicenseRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    productId: 1,
    productName: '4D Client',
    productUsedCount: null,
    productBalance: 10,
    globalProductUsedCount: n,
    token: first + i,
    time: `2026-11-28T09:00:${String(i % 60).padStart(2, '0')}.000Z`,
    reason: 'remote connection',
    session: null,
  }))
}

function payload(recs: LicenseRecord[]): ServerPayload {
  return {
    server: { name: null, machine: null, version: '20 R10' },
    time: null,
    licenseInfo: null,
    records: recs,
    invalidCount: 0,
    totalCount: recs.length,
    invalidSummary: null,
  }
}

function state(name: string, machine: string, data: ServerPayload | null, fields: Partial<ServerState> = {}): ServerState {
  return {
    id: name.toLowerCase(),
    name,
    url: `http://${machine}:8080/license-usage`,
    machine,
    status: data ? 'up' : 'stale',
    latencyMs: data ? 12 : null,
    lastSuccessAt: data ? '2026-11-28T09:15:02.311Z' : null,
    lastAttemptAt: '2026-11-28T09:15:02.311Z',
    lastError: null,
    warnings: [],
    consecutiveFailures: 0,
    version: null,
    payload: data,
    intervalMs: 5000,
    ...fields,
  }
}

describe('machine cache', () => {
  it('gives what a full aggregation gives at every step, recomputing only the machines whose servers changed', () => {
    const cache = createMachineCache()
    const check = (states: ServerState[], recomputed: number) => {
      const parts = cache.parts(states, toServerSummary)
      expect(parts.machines).toEqual(aggregate(states))
      expect(parts.servers).toEqual(states.map(toServerSummary))
      expect(parts.aggregated).toBe(recomputed)
      return parts.key
    }
    const a = state('Accounting', 'srv-1', payload(records(3, 1)))
    const b = state('Sales', 'srv-1', payload(records(2, 100)))
    const c = state('Stock', 'srv-2', payload(records(4, 200)))
    const first = check([a, b, c], 2)
    // Same objects again: nothing recomputed, same key.
    expect(check([a, b, c], 0)).toBe(first)
    // New objects with the same content (a poll at the same moment): still nothing.
    expect(check([{ ...a, payload: payload(records(3, 1)), warnings: [] }, b, c], 0)).toBe(first)
    // One server's new answer: only its machine.
    const c2 = { ...c, payload: payload(records(5, 200)), lastSuccessAt: '2026-11-28T09:15:07.311Z' }
    const second = check([a, b, c2], 1)
    expect(second).not.toBe(first)
    // A status change alone (stale, down) reaches the rows (stale flag, round): its machine is recomputed.
    check([a, { ...b, status: 'down', lastError: 'Connection refused' }, c2], 1)
    // A server moves to another machine (its payload named it): both machines change.
    check([a, { ...b, machine: 'srv-2' }, c2], 2)
    // A server removed, then back with the same id and nothing known yet: never mistaken for its old self.
    check([a, c2], 1)
    check([a, state('Sales', 'srv-1', null), c2], 1)
  })
})

// A shared pool whose other machine was not read as one round (issue 16 inside
// issue 18): the pooled row adds that machine's licenses, so it may claim no
// more than that machine's row does. Rows built by aggregate() from states
// with the monitor's request and answer times (round-helpers.ts).
import { describe, expect, it } from 'vitest'
import { aggregate } from '../../../main/core/usage/aggregate.ts'
import type { ProductUsage, ServerState } from '../../../main/core/types/index.ts'
import { CLIENT, state, tokens, type Read } from './round-helpers.ts'

/** A server of the pool licensed under one license number, listed on `machine`. */
function pooled(read: Read, machine: string): ServerState {
  const base = state(read)
  const payload = base.payload!
  return {
    ...base,
    machine,
    payload: { ...payload, server: { ...payload.server, machine }, licenseInfo: { ...payload.licenseInfo!, licenseNumber: 'LN-77' } },
  }
}

function rows(salesAnsweredMs: number): Map<string, ProductUsage> {
  const machines = aggregate([
    pooled({ name: 'Accounting', records: tokens(3, 1), askedMs: 0, answeredMs: 5 }, 'srv-x'),
    pooled({ name: 'Sales', records: tokens(2, 10), askedMs: 0, answeredMs: salesAnsweredMs }, 'srv-x'),
    pooled({ name: 'Remote', records: tokens(4, 20), askedMs: 0, answeredMs: 6 }, 'srv-y'),
  ])
  return new Map(machines.map((m) => [m.machine, m.products.find((row) => row.productId === CLIENT)!]))
}

describe('a pool over two machines, one of them with two servers', () => {
  it('read as one round: both rows read the pool, 9 of 10, and claim a consistent reading', () => {
    const result = rows(9)
    for (const machine of ['srv-x', 'srv-y']) {
      expect(result.get(machine)).toMatchObject({ used: 9, limit: 10, remaining: 1, status: 'critical' })
      expect(result.get(machine)?.consistent).toBeUndefined()
      expect(result.get(machine)?.pool?.evidence).toEqual(['licenseNumber'])
    }
  })

  it('the two-server machine read 1.5 s apart: the other machine’s pooled row is not one reading either', () => {
    const result = rows(1_500)
    expect(result.get('srv-x')?.consistent).toBe(false)
    const remote = result.get('srv-y')!
    expect(remote.pool?.elsewhere.map((entry) => entry.server)).toEqual(['Accounting', 'Sales'])
    expect(remote.used).toBe(9)
    expect(remote.consistent).toBe(false)
  })
})

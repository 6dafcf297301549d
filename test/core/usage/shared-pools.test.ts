// Rows rated by the pool the evidence proves (main/core/usage/shared-pools.ts),
// through aggregate(), with answers shaped like a real server's: bare arrays,
// no `server` block, global counts, License info with and without a number.

import { describe, expect, it } from 'vitest'
import { aggregate } from '../../../main/core/usage/aggregate.ts'
import type { LicenseRecord, ProductUsage, ServerPayload, ServerState } from '../../../main/core/types/index.ts'
import { bareArrayPayload, CLIENT, interleaved, licenseInfo, poolTimeline, serverState, type Step } from './pool-timeline.ts'

function rows(states: ServerState[]): Map<string, ProductUsage> {
  return new Map(aggregate(states).map((machine) => [machine.machine, machine.products.find((row) => row.productId === CLIENT)!]))
}

/** One state per listed server: name, machine as the monitor resolved it, and what it holds. */
function listed(
  held: Map<string, LicenseRecord[]>,
  servers: [name: string, machine: string][],
  info?: (name: string) => ServerPayload['licenseInfo'],
) {
  return servers.map(([name, machine]) => serverState(name, machine, bareArrayPayload(held.get(name) ?? [], info?.(name) ?? null)))
}

describe('the split case: one pool of 10 listed as two machines', () => {
  const held = poolTimeline(interleaved({ A: 4, B: 5 }), { size: 10 })
  const result = rows(
    listed(held, [
      ['A', '127.0.0.1'],
      ['B', 'localhost'],
    ]),
  )

  it('rates both rows by the pool: 9 of 10, 1 left, critical', () => {
    for (const machine of ['127.0.0.1', 'localhost']) {
      const row = result.get(machine)!
      expect(row).toMatchObject({ used: 9, limit: 10, remaining: 1, utilization: 0.9, status: 'critical' })
      expect(row.skew).toBeUndefined()
      expect(row.consistent).toBeUndefined()
      expect(row.pool?.unlisted).toBe(0)
      expect(row.pool?.evidence).toEqual(['globalCount'])
    }
  })

  it('keeps each row its own licenses and says who else draws from the pool', () => {
    const a = result.get('127.0.0.1')!
    expect(a.licenses.map((license) => license.server)).toEqual(['A', 'A', 'A', 'A'])
    expect(a.pool).toMatchObject({ heldHere: 4, elsewhere: [{ server: 'B', machine: 'localhost', used: 5 }] })
    expect(a.pool?.proof).toMatchObject({ server: 'B', global: 9, balance: 1 })
    expect(a.pool?.sentence).toContain('B (on localhost, 5 held)')
    expect(a.pool?.sentence).toContain('9 licenses held across the pool, 1 of 10 left')
    expect(result.get('localhost')!.pool?.sentence).toContain('A (on 127.0.0.1, 4 held)')
  })
})

describe('three servers of one machine listed three ways', () => {
  const held = poolTimeline(interleaved({ A: 2, B: 3, C: 3 }), { size: 10 })
  const result = rows(
    listed(held, [
      ['A', '10.0.0.5'],
      ['B', 'localhost'],
      ['C', 'srv-app-01.example.com'],
    ]),
  )

  it('every row reads the pool: 8 of 10', () => {
    for (const row of result.values()) {
      expect(row).toMatchObject({ used: 8, limit: 10, remaining: 2 })
      expect(row.pool?.elsewhere).toHaveLength(2)
    }
  })
})

describe('a pool shared with a server that is not listed', () => {
  // C holds 5 and is not polled; A was the last to retain.
  const steps: Step[] = [...interleaved({ C: 5 }), ...interleaved({ A: 4 })]
  const held = poolTimeline(steps, { size: 10 })
  const row = rows(listed(held, [['A', 'srv-app-01']])).get('srv-app-01')!

  it('counts the licenses held elsewhere and says so', () => {
    expect(row).toMatchObject({ used: 9, remaining: 1, status: 'critical' })
    expect(row.pool).toMatchObject({ heldHere: 4, elsewhere: [], unlisted: 5 })
    expect(row.pool?.unlistedAtMost).toBeUndefined()
    expect(row.pool?.sentence).toMatch(/^This pool has 5 licenses held on servers not listed here: A's newest record/)
  })

  it('as of the newest record: a license released here since still counts the others once', () => {
    const afterRelease = poolTimeline([...steps, { release: 'A' }], { size: 10 })
    const released = rows(listed(afterRelease, [['A', 'srv-app-01']])).get('srv-app-01')!
    expect(released).toMatchObject({ used: 8, remaining: 2 })
    expect(released.pool?.unlisted).toBe(5)
  })
})

describe('two genuinely separate machines (global count equal to the own count)', () => {
  const a = poolTimeline(interleaved({ A: 4 }), { size: 10 })
  const b = poolTimeline(interleaved({ B: 5 }), { size: 10 })
  const states = [
    serverState('A', '127.0.0.1', bareArrayPayload(a.get('A')!)),
    serverState('B', 'localhost', bareArrayPayload(b.get('B')!)),
  ]

  it('stay separate, each with its own count and no pool', () => {
    const result = rows(states)
    expect(result.get('127.0.0.1')).toMatchObject({ used: 4, remaining: 6, status: 'ok' })
    expect(result.get('localhost')).toMatchObject({ used: 5, remaining: 5, status: 'ok' })
    expect([...result.values()].some((row) => row.pool !== undefined)).toBe(false)
  })
})

describe('License info as evidence', () => {
  // A 4D Server whose answers carry no global count: only License info can tell.
  const held = poolTimeline(interleaved({ A: 4, B: 5 }), { size: 10, withoutGlobal: ['A', 'B'] })
  const servers: [string, string][] = [
    ['A', 'host-a'],
    ['B', 'host-b'],
  ]

  it('the same license number puts the two servers in one pool', () => {
    const result = rows(listed(held, servers, (name) => licenseInfo(10, name === 'A' ? 4 : 5, 'LN-4471')))
    expect(result.get('host-a')).toMatchObject({ used: 9, limit: 10, remaining: 1, status: 'critical' })
    expect(result.get('host-a')?.pool).toMatchObject({ evidence: ['licenseNumber'], proof: null, unlisted: 0 })
    expect(result.get('host-b')?.pool?.sentence).toContain('by the same License info license number')
  })

  it('without a license number, equal products and counts prove nothing: two rows', () => {
    const result = rows(listed(held, servers, (name) => licenseInfo(10, name === 'A' ? 4 : 5)))
    expect(result.get('host-a')).toMatchObject({ used: 4, remaining: 6 })
    expect(result.get('host-a')?.pool).toBeUndefined()
  })

  it('rebuilds over the same answers follow a change of evidence or of machine (the groups are remembered per evidence)', () => {
    const same = (name: string) => licenseInfo(10, name === 'A' ? 4 : 5, 'LN-4471')
    const apart = (name: string) => licenseInfo(10, name === 'A' ? 4 : 5, `LN-${name}`)
    expect(rows(listed(held, servers, same)).get('host-a')?.pool?.elsewhere).toEqual([{ server: 'B', machine: 'host-b', used: 5 }])
    expect(rows(listed(held, servers, apart)).get('host-a')?.pool).toBeUndefined()
    expect(rows(listed(held, servers, same)).get('host-a')?.pool?.elsewhere).toEqual([{ server: 'B', machine: 'host-b', used: 5 }])
    const moved = rows(
      listed(
        held,
        [
          ['A', 'host-a'],
          ['B', 'host-c'],
        ],
        same,
      ),
    )
    expect(moved.get('host-a')?.pool?.elsewhere).toEqual([{ server: 'B', machine: 'host-c', used: 5 }])
    expect(moved.has('host-b')).toBe(false)
  })

  it('a pool of two machines names only its own servers, not a third machine with another license number', () => {
    // C draws from a pool of its own: its records' counts know nothing of A and B.
    const three = new Map([
      ...poolTimeline(interleaved({ A: 4, B: 5 }), { size: 20 }),
      ...poolTimeline(interleaved({ C: 2 }), { size: 20 }),
    ])
    const result = rows(
      listed(
        three,
        [
          ['A', 'host-a'],
          ['B', 'host-b'],
          ['C', 'host-c'],
        ],
        (name) => licenseInfo(20, 0, name === 'C' ? 'LN-9' : 'LN-4471'),
      ),
    )
    expect(result.get('host-a')?.pool?.elsewhere).toEqual([{ server: 'B', machine: 'host-b', used: 5 }])
    expect(result.get('host-b')?.pool?.elsewhere).toEqual([{ server: 'A', machine: 'host-a', used: 4 }])
    expect(result.get('host-a')).toMatchObject({ used: 9, limit: 20, remaining: 11 })
    expect(result.get('host-c')?.pool).toBeUndefined()
    expect(result.get('host-c')).toMatchObject({ used: 2, remaining: 18 })
  })

  it('more held across the pool than its limit reads as a skew: no remaining, no utilization, status unknown, flagged', () => {
    const over = poolTimeline(interleaved({ A: 6, B: 6 }), { size: 20 })
    const result = rows(listed(over, servers, (name) => licenseInfo(10, name === 'A' ? 6 : 6, 'LN-4471')))
    const row = result.get('host-a')!
    expect(row).toMatchObject({ used: 12, limit: 10, remaining: null, utilization: null, status: 'unknown', skew: true })
    expect(row.flags.length).toBeGreaterThan(0)
  })

  it('different license numbers keep even sharing servers apart', () => {
    const shared = poolTimeline(interleaved({ A: 4, B: 5 }), { size: 10 })
    const result = rows(listed(shared, servers, (name) => licenseInfo(10, name === 'A' ? 4 : 5, `LN-${name}`)))
    expect(result.get('host-a')?.pool?.elsewhere).toEqual([])
  })
})

describe('a machine listed with all its servers', () => {
  it('keeps its rows as they were (the machine rules judge them)', () => {
    const held = poolTimeline(interleaved({ A: 4, B: 5 }), { size: 10 })
    const row = rows(
      listed(held, [
        ['A', 'srv-app-01'],
        ['B', 'srv-app-01'],
      ]),
    ).get('srv-app-01')!
    expect(row).toMatchObject({ used: 9, remaining: 1 })
    expect(row.pool).toBeUndefined()
  })

  it('rates a listed pair by the pool when a third server, listed as another machine, shares it', () => {
    const held = poolTimeline(interleaved({ A: 2, B: 3, C: 3 }), { size: 10 })
    const result = rows(
      listed(held, [
        ['A', 'srv-app-01'],
        ['B', 'srv-app-01'],
        ['C', '10.0.0.9'],
      ]),
    )
    expect(result.get('srv-app-01')).toMatchObject({ used: 8, remaining: 2 })
    expect(result.get('10.0.0.9')).toMatchObject({ used: 8, remaining: 2 })
    expect(result.get('10.0.0.9')?.pool?.elsewhere.map((entry) => entry.server)).toEqual(['A', 'B'])
  })
})

describe('a stale sibling makes the shared row stale', () => {
  it('marks both rows stale when one of the pool’s servers is down', () => {
    const held = poolTimeline(interleaved({ A: 4, B: 5 }), { size: 10 })
    const states = listed(held, [
      ['A', '127.0.0.1'],
      ['B', 'localhost'],
    ])
    states[1] = { ...states[1]!, status: 'down', lastError: 'Connection refused' }
    const result = rows(states)
    expect(result.get('127.0.0.1')?.stale).toBe(true)
  })
})

// Machine rounds at their edges (found open by Stryker): exact bounds, mixed
// stamps, which reading a cutoff is measured from, and which record's
// machine-wide count a row is checked against.
import { describe, expect, it } from 'vitest'
import { aggregate } from '../../../main/core/usage/aggregate.ts'
import { latestInstantOf, machineRound, roundBoundMs } from '../../../main/core/usage/consistency.ts'
import type { LicenseRecord, ServerState } from '../../../main/core/types/index.ts'
import { CLIENT, clientRow, held, iso, state, T0, tokens } from './round-helpers.ts'

const SERVER_PRODUCT = 808465209

function otherProduct(token: number, atMs: number, global: number | null = null): LicenseRecord {
  return { ...held(token, atMs, global), productId: SERVER_PRODUCT, productName: '4D Server' }
}

const cutoffFlag = (count: string, who: string, reference: string, atMs: number, verb: string) =>
  `${count} taken on ${who} after ${reference} was read (${new Date(T0 + atMs).toISOString()}) ${verb} counted from the next round`

describe('round bounds, exactly', () => {
  it('ignores a zero interval and a server without one', () => {
    const zero = state({ name: 'A', records: [], askedMs: 0, answeredMs: 1, intervalMs: 0 })
    const none: ServerState = { ...state({ name: 'B', records: [], askedMs: 0, answeredMs: 1 }) }
    delete none.intervalMs
    expect(roundBoundMs([zero, state({ name: 'C', records: [], askedMs: 0, answeredMs: 1, intervalMs: 5_000 })])).toBe(1_000)
    expect(roundBoundMs([none])).toBe(1_000)
  })

  it('an answer that took exactly the bound, with readings exactly the bound apart, is still one consistent round', () => {
    const { machine } = clientRow([
      { name: 'A', records: tokens(2, 1), askedMs: 0, answeredMs: 5, stampMs: null },
      { name: 'B', records: tokens(2, 1), askedMs: 0, answeredMs: 1_000, stampMs: null },
    ])
    expect(machine.round).toEqual({ consistent: true, spreadMs: 1_000, boundMs: 1_000, behind: [] })
  })

  it('a server read exactly the bound before the latest request is in the round; one millisecond more is not', () => {
    const at = (answeredMs: number) =>
      machineRound([
        state({ name: 'A', records: [], askedMs: 1_005, answeredMs: 1_010, stampMs: null }),
        state({ name: 'B', records: [], askedMs: 0, answeredMs }),
      ]).behind
    expect(at(5)).toEqual([])
    expect(at(4)).toEqual([
      { server: 'B', reason: 'not read in the latest round', reasonMessage: { id: 'consistency.notInRound', params: {} }, ageMs: 1_001 },
    ])
  })

  it('stamps further apart than the bound make the round inconsistent even when nobody is behind', () => {
    const { machine } = clientRow([
      { name: 'A', records: tokens(2, 1), askedMs: 0, answeredMs: 5, stampMs: 2 },
      { name: 'B', records: tokens(2, 1), askedMs: 0, answeredMs: 6, stampMs: 1_502 },
    ])
    expect(machine.round).toEqual({ consistent: false, spreadMs: 1_500, boundMs: 1_000, behind: [] })
  })

  it('the monitor-clock spread runs from the first request to the last answer', () => {
    const { machine } = clientRow([
      { name: 'A', records: tokens(2, 1), askedMs: 0, answeredMs: 5, stampMs: null },
      { name: 'B', records: tokens(2, 1), askedMs: 100, answeredMs: 110, stampMs: null },
    ])
    expect(machine.round?.spreadMs).toBe(110)
  })

  it('a server without a stamp among stamped ones: the spread is the monitor clock’s, never a stamp against nothing', () => {
    const { machine } = clientRow([
      { name: 'A', records: tokens(2, 1), askedMs: 0, answeredMs: 5, stampMs: null },
      { name: 'B', records: tokens(2, 1), askedMs: 0, answeredMs: 6, stampMs: 42 },
    ])
    expect(machine.round?.spreadMs).toBe(6)
  })
})

const slow = (answerSeconds: number) => ({ id: 'consistency.slow', params: { answerSeconds } })

describe('who is behind, and why', () => {
  it('a slow answer is named when not every server stamps, even if the slow one does', () => {
    const { machine } = clientRow([
      { name: 'A', records: tokens(2, 1), askedMs: 0, answeredMs: 1_500, stampMs: 2 },
      { name: 'B', records: tokens(2, 1), askedMs: 0, answeredMs: 5, stampMs: null },
    ])
    expect(machine.round?.behind).toEqual([{ server: 'A', reason: 'took 1.5 s to answer', reasonMessage: slow(1.5), ageMs: 0 }])
  })

  it('a slow stamped answer is named when a sibling has not answered at all', () => {
    const silent: ServerState = {
      ...state({ name: 'B', records: [], askedMs: 0, answeredMs: 0 }),
      payload: null,
      lastSuccessAt: null,
      lastError: null,
    }
    const round = machineRound([state({ name: 'A', records: [], askedMs: 0, answeredMs: 1_500, stampMs: 2 }), silent])
    expect(round.behind).toEqual([
      { server: 'A', reason: 'took 1.5 s to answer', reasonMessage: slow(1.5), ageMs: 0 },
      { server: 'B', reason: 'no answer yet', reasonMessage: { id: 'consistency.noAnswer', params: {} }, ageMs: null },
    ])
  })

  it('a payload without a time of success counts as no answer', () => {
    const odd: ServerState = {
      ...state({ name: 'B', records: tokens(1, 1), askedMs: 0, answeredMs: 0 }),
      lastSuccessAt: null,
      lastError: 'x',
    }
    const round = machineRound([state({ name: 'A', records: [], askedMs: 0, answeredMs: 5 }), odd])
    expect(round).toMatchObject({ consistent: false, spreadMs: null, behind: [{ server: 'B', reason: 'no answer yet: x', ageMs: null }] })
  })

  it('names a stale server as stale, and a down one with no error as "no answer"', () => {
    const round = machineRound([
      state({ name: 'A', records: [], askedMs: 0, answeredMs: 5 }),
      state({ name: 'B', records: [], askedMs: 0, answeredMs: 5, status: 'stale' }),
      { ...state({ name: 'C', records: [], askedMs: 0, answeredMs: 5, status: 'down' }), lastError: null },
    ])
    expect(round.behind.map((b) => b.reason)).toEqual(['stale', 'down: no answer'])
    expect(round.behind.map((b) => b.reasonMessage?.id)).toEqual(['consistency.stale', 'consistency.downNoAnswer'])
  })

  it('the latency of a failed poll does not stretch a down server’s last reading', () => {
    const down: ServerState = { ...state({ name: 'B', records: [], askedMs: 0, answeredMs: 4, status: 'down' }), latencyMs: 4_000 }
    const round = machineRound([state({ name: 'A', records: [], askedMs: 12_000, answeredMs: 12_006, stampMs: null }), down])
    expect(round.spreadMs).toBe(12_002)
  })

  it('a round whose sentence has nothing to say about distance leaves it out', () => {
    const { row } = clientRow([
      { name: 'A', records: tokens(4, 1), askedMs: 1_000, answeredMs: 1_000, stampMs: null },
      { name: 'B', records: tokens(5, 1), askedMs: 0, answeredMs: 0, stampMs: null, status: 'down' },
    ])
    expect(row.flags).toEqual([
      "Not one consistent reading: B's 5 from 1.0 s earlier (down: connection refused); critical and exhausted alerts wait for one",
    ])
  })

  it('a server that never answered is "not counted" in the row’s sentence, with no distance', () => {
    const silent: ServerState = {
      ...state({ name: 'B', records: [], askedMs: 0, answeredMs: 0 }),
      payload: null,
      lastSuccessAt: null,
      status: 'down',
      lastError: 'connection refused',
    }
    const [machine] = aggregate([state({ name: 'A', records: tokens(3, 1), askedMs: 0, answeredMs: 5 }), silent])
    expect(machine!.products[0]!.flags).toEqual([
      'Not one consistent reading: B not counted (no answer yet: connection refused); critical and exhausted alerts wait for one',
    ])
  })
})

describe('when the cutoff applies', () => {
  it('not while a server of the machine is down, however recent its reading', () => {
    const { row } = clientRow([
      { name: 'A', records: [...tokens(4, 1), held(99, 5, 9)], askedMs: 0, answeredMs: 8 },
      { name: 'B', records: tokens(5, 1), askedMs: 0, answeredMs: 3, stampMs: 2, status: 'down' },
    ])
    expect(row.used).toBe(10)
    expect(row.uncounted).toBeUndefined()
  })

  it('not when a server was read too long before the others', () => {
    const { row } = clientRow([
      { name: 'A', records: [...tokens(4, 1), held(99, 2_500, 9)], askedMs: 3_000, answeredMs: 3_005 },
      { name: 'B', records: tokens(5, 1), askedMs: 0, answeredMs: 5, stampMs: 2 },
    ])
    expect(row.uncounted).toBeUndefined()
  })

  it('yes when a slow unstamped server is in the round: it is placed, and the sibling’s later retain waits', () => {
    // B stamps at 2 (its clock runs 0.5 ms ahead of the monitor's); A, unstamped, is placed at the middle of its poll, 750.5.
    const { row } = clientRow([
      { name: 'A', records: [...tokens(4, 1), held(99, 500, 9)], askedMs: 0, answeredMs: 1_500, stampMs: null },
      { name: 'B', records: tokens(5, 1), askedMs: 0, answeredMs: 3, stampMs: 2 },
    ])
    expect(row).toMatchObject({ used: 9, uncounted: 1 })
  })

  it('yes when the slow server’s reading ended exactly the bound before the latest request', () => {
    const { row } = clientRow([
      { name: 'A', records: [...tokens(4, 1), held(99, 1_000, 9)], askedMs: 2_500, answeredMs: 2_503, stampMs: 2_502 },
      { name: 'B', records: tokens(5, 1), askedMs: 0, answeredMs: 1_500, stampMs: null },
    ])
    expect(row).toMatchObject({ used: 9, uncounted: 1 })
  })
})

describe('where the cutoff is measured from', () => {
  it('the clock offset comes from the quickest stamped poll; an unstamped poll, however quick, only gets placed', () => {
    // Listed slow-first. A (2 ms) says the servers' clock equals the monitor's; B (800 ms) would say -300 ms.
    // C, unstamped and quickest, is placed at 0.5: the earliest reading. Only B's retain at 50 came after it.
    const { row } = clientRow([
      { name: 'B', records: [...tokens(3, 1), held(60, 50)], askedMs: 0, answeredMs: 800, stampMs: 100 },
      { name: 'A', records: [...tokens(3, 10), held(50, -100)], askedMs: 0, answeredMs: 2, stampMs: 1 },
      { name: 'C', records: tokens(2, 20), askedMs: 0, answeredMs: 1, stampMs: null },
    ])
    expect(row.uncounted).toBe(1)
    expect(row.flags).toContain(cutoffFlag('1 license', 'B', 'C', 0.5, 'is'))
  })

  it('of two readings at the same moment the first listed is the reference, and neither waits for the other', () => {
    // A and B both read at 2; B's record says 09:15:00 (a whole second: up to .999), yet B was read with A.
    // C, read at 5, holds one retained at exactly 2 (counted) and one at 3 (waits).
    const { row } = clientRow([
      { name: 'A', records: tokens(3, 1), askedMs: 0, answeredMs: 3, stampMs: 2 },
      { name: 'B', records: [{ ...held(40, 0), time: '2026-11-28T09:15:00Z' }], askedMs: 0, answeredMs: 3, stampMs: 2 },
      { name: 'C', records: [held(50, 2), held(51, 3)], askedMs: 0, answeredMs: 6, stampMs: 5 },
    ])
    expect(row.uncounted).toBe(1)
    expect(row.flags).toEqual([cutoffFlag('1 license', 'C', 'A', 2, 'is')])
  })

  it('counts late licenses per product and names every server that holds one of this product', () => {
    const { machine } = clientRow([
      { name: 'A', records: [...tokens(2, 1), otherProduct(9, -60_000)], askedMs: 0, answeredMs: 3, stampMs: 2 },
      { name: 'C', records: [held(50, 3), otherProduct(51, 4)], askedMs: 0, answeredMs: 6, stampMs: 5 },
      { name: 'D', records: [held(60, 3), otherProduct(61, -60_000)], askedMs: 0, answeredMs: 6, stampMs: 5 },
      { name: 'E', records: [held(70, -60_000), otherProduct(71, 4)], askedMs: 0, answeredMs: 6, stampMs: 5 },
    ])
    const client = machine.products.find((p) => p.productId === CLIENT)!
    const server = machine.products.find((p) => p.productId === SERVER_PRODUCT)!
    expect(client).toMatchObject({ used: 3, uncounted: 2 })
    expect(client.flags).toEqual([cutoffFlag('2 licenses', 'C, D', 'A', 2, 'are')])
    expect(server).toMatchObject({ used: 2, uncounted: 2 })
    expect(server.flags).toEqual([cutoffFlag('2 licenses', 'C, E', 'A', 2, 'are')])
  })
})

describe('the machine-wide count a row is checked against', () => {
  const disagree = (row: { flags: string[] }) => row.flags.filter((flag) => flag.includes('the readings disagree'))

  it('is the newest record of this product, never another product’s', () => {
    const { row } = clientRow([
      { name: 'A', records: [...tokens(4, 1), held(5, -10, 5), otherProduct(6, -5, 1)], askedMs: 0, answeredMs: 5 },
    ])
    expect(row.used).toBe(5)
    expect(disagree(row)).toEqual([])
  })

  it('ignores a record without a time', () => {
    const { row } = clientRow([{ name: 'A', records: [...tokens(4, 1), { ...held(5, -10, 2), time: null }], askedMs: 0, answeredMs: 5 }])
    expect(disagree(row)).toEqual([])
  })

  it('is the newest by time, whatever the order of the records', () => {
    const { row } = clientRow([{ name: 'A', records: [...tokens(6, 1), held(7, -10, 7), held(8, -20, 9)], askedMs: 0, answeredMs: 5 }])
    expect(disagree(row)).toEqual([`Counted 8, but A's newest record says the machine held 7 at ${iso(-10)}: the readings disagree`])
  })

  it('of two records at the same moment, the higher count; of equal ones, the first server listed', () => {
    const tie = clientRow([{ name: 'A', records: [...tokens(6, 1), held(7, -10, 9), held(8, -10, 7)], askedMs: 0, answeredMs: 5 }])
    expect(disagree(tie.row)).toEqual([])
    const equal = clientRow([
      { name: 'A', records: [...tokens(3, 1), held(7, -10, 7)], askedMs: 0, answeredMs: 5 },
      { name: 'B', records: [...tokens(3, 11), held(17, -10, 7)], askedMs: 0, answeredMs: 6 },
    ])
    expect(disagree(equal.row)).toEqual([`Counted 8, but A's newest record says the machine held 7 at ${iso(-10)}: the readings disagree`])
  })

  it('leaves out a record that waits for the next round, even when it is the newest', () => {
    // C's retain at 3 waits (after A's reading at 2); its count of 8 is not the machine's at A's reading.
    const { row } = clientRow([
      { name: 'A', records: [...tokens(4, 1), held(5, -10, 9)], askedMs: 0, answeredMs: 3, stampMs: 2 },
      { name: 'C', records: [...tokens(4, 11), held(50, 3, 8)], askedMs: 0, answeredMs: 6, stampMs: 5 },
    ])
    expect(row.used).toBe(9)
    expect(disagree(row)).toEqual([])
  })
})

describe('latestInstantOf without a time of day', () => {
  it('a date alone is taken as given', () => {
    expect(latestInstantOf('2026-11-28')).toBe(Date.parse('2026-11-28'))
  })
})

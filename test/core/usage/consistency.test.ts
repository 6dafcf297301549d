// One machine's servers read as one round, or not: what the rows may claim.
import { describe, expect, it } from 'vitest'
import { latestInstantOf, machineRound, roundBoundMs } from '../../../main/core/usage/consistency.ts'
import type { ServerState } from '../../../main/core/types/index.ts'
import { clientRow, held, iso, state, tokens } from './round-helpers.ts'

describe('a machine read as one round', () => {
  it('is consistent when every server answered within the bound; used is the plain sum', () => {
    const { machine, row } = clientRow([
      { name: 'Accounting', records: tokens(4, 1), askedMs: 0, answeredMs: 6 },
      { name: 'Sales', records: tokens(5, 1), askedMs: 0, answeredMs: 9 },
    ])
    // Both stamp their answers: the stamps are 3 ms apart.
    expect(machine.round).toEqual({ consistent: true, spreadMs: 3, boundMs: 1000, behind: [] })
    expect(row).toMatchObject({ used: 9, remaining: 1, status: 'critical', flags: [] })
    expect(row.consistent).toBeUndefined()
  })

  it('leaves out a license taken on one server after its sibling was read: the total an instant had, not 10 of 10', () => {
    // Sales was read at +2 ms (its stamp); at +5 ms a user left Sales and another joined Accounting, read at +8 ms.
    // Sales still lists the leaver, Accounting already lists the newcomer: the plain sum would be 10.
    const { row } = clientRow([
      { name: 'Accounting', records: [...tokens(4, 1), held(99, 5, 9)], askedMs: 0, answeredMs: 8 },
      { name: 'Sales', records: tokens(5, 1), askedMs: 0, answeredMs: 3, stampMs: 2 },
    ])
    expect(row).toMatchObject({ used: 9, remaining: 1, status: 'critical', uncounted: 1 })
    expect(row.shares).toEqual([
      { server: 'Accounting', used: 4 },
      { server: 'Sales', used: 5 },
    ])
    expect(row.licenses).toHaveLength(10) // every license held is still listed
    expect(row.flags).toEqual([`1 license taken on Accounting after Sales was read (${iso(2)}) is counted from the next round`])
  })

  it("places a server without a stamp (bare array) by the middle of its poll and a sibling's clock offset", () => {
    // Sales stamps 50 ms behind the monitor's clock; Accounting (no stamp) was asked at 0, so it read at -50 on that clock.
    const { row } = clientRow([
      { name: 'Accounting', records: tokens(5, 1), askedMs: 0, answeredMs: 4, stampMs: null },
      { name: 'Sales', records: [...tokens(4, 1), held(77, -20, 9)], askedMs: 0, answeredMs: 6, stampMs: -44 },
    ])
    expect(row).toMatchObject({ used: 9, uncounted: 1 })
  })

  it("flags a count above the newest record's machine-wide count and does not call the round consistent", () => {
    // No stamps at all: nothing can be placed, but Accounting's newest record says the machine held 9 then.
    const { row } = clientRow([
      { name: 'Accounting', records: [...tokens(4, 1), held(99, 5, 9)], askedMs: 0, answeredMs: 8, stampMs: null },
      { name: 'Sales', records: tokens(5, 1), askedMs: 0, answeredMs: 3, stampMs: null },
    ])
    expect(row.consistent).toBe(false)
    expect(row.skew).toBeUndefined() // 10 of 10 is not over the pool, but it is not believed either
    expect(row.flags).toContain(`Counted 10, but Accounting's newest record says the machine held 9 at ${iso(5)}: the readings disagree`)
  })
})

describe('a machine not read as one round', () => {
  it('says how far apart the readings are when a server answers late and no stamp places its reading', () => {
    const { machine, row } = clientRow([
      { name: 'Accounting', records: tokens(4, 1), askedMs: 0, answeredMs: 5, stampMs: null },
      { name: 'Sales', records: tokens(5, 1), askedMs: 0, answeredMs: 1_500, stampMs: null },
    ])
    expect(machine.round).toMatchObject({
      consistent: false,
      spreadMs: 1_500,
      behind: [{ server: 'Sales', reason: 'took 1.5 s to answer' }],
    })
    expect(row.consistent).toBe(false)
    expect(row.flags).toEqual([
      "Not one consistent reading: readings 1.5 s apart (bound 1.0 s); Sales's 5 (took 1.5 s to answer); critical and exhausted alerts wait for one",
    ])
  })

  it('says which part is old when a server is down, and never corrects with an old reading', () => {
    const { machine, row } = clientRow([
      { name: 'Accounting', records: [...tokens(4, 1), held(99, 5, 9)], askedMs: 12_000, answeredMs: 12_006 },
      { name: 'Sales', records: tokens(5, 1), askedMs: 0, answeredMs: 4, status: 'down' },
    ])
    expect(machine.round?.behind).toEqual([
      {
        server: 'Sales',
        reason: 'down: connection refused',
        reasonMessage: { id: 'consistency.down', params: { cause: 'connection refused' } },
        ageMs: 11_996,
      },
    ])
    expect(row).toMatchObject({ used: 10, consistent: false })
    expect(row.uncounted).toBeUndefined()
    expect(row.flags).toContain(
      "Not one consistent reading: readings 12.0 s apart (bound 1.0 s); Sales's 5 from 12.0 s earlier (down: connection refused); critical and exhausted alerts wait for one",
    )
  })

  it('reports a count over the pool as a skew: status unknown, no remaining, no utilisation, never exhausted', () => {
    const { row } = clientRow([
      { name: 'Accounting', records: tokens(6, 1), askedMs: 5_000, answeredMs: 5_004 },
      { name: 'Sales', records: tokens(5, 1), askedMs: 0, answeredMs: 4 },
    ])
    expect(row).toMatchObject({ used: 11, limit: 10, remaining: null, utilization: null, status: 'unknown', skew: true, consistent: false })
    expect(row.flags.at(-1)).toBe(
      'More licenses counted (11) than the pool holds (10): readings of its servers taken at different moments, not an exhaustion',
    )
  })

  it('judges stamped servers by their stamps: a slow answer read 40 ms after its sibling is consistent', () => {
    const { machine } = clientRow([
      { name: 'Accounting', records: tokens(4, 1), askedMs: 0, answeredMs: 5, stampMs: 2 },
      { name: 'Sales', records: tokens(5, 1), askedMs: 0, answeredMs: 1_500, stampMs: 42 },
    ])
    expect(machine.round).toEqual({ consistent: true, spreadMs: 40, boundMs: 1000, behind: [] })
  })

  it('lists a server that never answered as not counted', () => {
    const sales: ServerState = {
      ...state({ name: 'Sales', records: [], askedMs: 0, answeredMs: 0 }),
      payload: null,
      lastSuccessAt: null,
      status: 'down',
      lastError: 'connection refused',
    }
    const round = machineRound([state({ name: 'Accounting', records: tokens(3, 1), askedMs: 0, answeredMs: 5 }), sales])
    expect(round).toEqual({
      consistent: false,
      spreadMs: null,
      boundMs: 1000,
      behind: [
        {
          server: 'Sales',
          reason: 'no answer yet: connection refused',
          reasonMessage: { id: 'consistency.noAnswerCause', params: { cause: 'connection refused' } },
          ageMs: null,
        },
      ],
    })
  })
})

describe('roundBoundMs', () => {
  it.each([
    [[5_000, 5_000], 1_000],
    [[1_000, 5_000], 500],
    [[600], 300],
    [[], 1_000],
  ])('intervals %j give a bound of %i ms', (intervals, bound) => {
    const states = intervals.map((intervalMs, i) => state({ name: `S${i}`, records: [], askedMs: 0, answeredMs: 1, intervalMs }))
    expect(roundBoundMs(states)).toBe(bound)
  })
})

describe('latestInstantOf: how late a 4D retain time can be', () => {
  it.each([
    ['2026-11-28T10:15:02+01:00', Date.parse('2026-11-28T09:15:02.999Z')],
    ['2026-11-28T09:15:02.311Z', Date.parse('2026-11-28T09:15:02.311Z')],
    ['2026-11-28T10:15+01:00', Date.parse('2026-11-28T09:15:59.999Z')],
  ])('%s stands for an instant up to %d', (iso, expected) => {
    expect(latestInstantOf(iso)).toBe(expected)
  })

  it('an unparsable or missing time is never late', () => {
    expect(latestInstantOf('yesterday')).toBe(Number.NEGATIVE_INFINITY)
    expect(latestInstantOf(null)).toBe(Number.NEGATIVE_INFINITY)
  })

  it('a time read again, also after its memory of 100,000 texts started over, stands for the same instant', () => {
    const whole = '2026-11-28T10:15:02+01:00'
    expect(latestInstantOf(whole)).toBe(Date.parse('2026-11-28T09:15:02.999Z'))
    for (let i = 0; i <= 100_000; i++) latestInstantOf(new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().slice(0, 19) + 'Z')
    expect(latestInstantOf(whole)).toBe(Date.parse('2026-11-28T09:15:02.999Z'))
    expect(latestInstantOf('2026-01-01T00:00:05Z')).toBe(Date.parse('2026-01-01T00:00:05.999Z'))
    expect(latestInstantOf('yesterday')).toBe(Number.NEGATIVE_INFINITY)
  })
})

// Each sentence a row carries (the inferred limit's note, every flag) and each
// reason a server is behind its machine's round comes with a message of the
// catalogue, one for each flag and in the same order, with the parameters it
// names in every language; the English stays what it was.
import { describe, expect, it } from 'vitest'
import { aggregate, INFERRED_LIMIT_NOTE } from '../../../main/core/usage/aggregate.ts'
import type { ProductUsage, ServerState, TextMessage } from '../../../main/core/types/index.ts'
import { catalogueProblems } from '../catalogue-check.ts'
import { CLIENT, info, payload, record, records, server } from './aggregate-helpers.ts'
import { clientRow, held, state, tokens } from './round-helpers.ts'
import { bareArrayPayload, interleaved, poolTimeline, serverState } from './pool-timeline.ts'

function onlyRow(states: ServerState[]): ProductUsage {
  const row = aggregate(states)[0]?.products[0]
  if (!row) throw new Error('no row')
  return row
}

function expectWhole(row: ProductUsage): void {
  expect(row.flagMessages?.length ?? 0).toBe(row.flags.length)
  for (const message of row.flagMessages ?? []) expect(catalogueProblems(message)).toEqual([])
}

describe('row sentences as catalogue messages', () => {
  it('the inferred limit: its note and its message', () => {
    const row = onlyRow([server('A', 'srv', payload([record({ token: 1, productUsedCount: 2, productBalance: 5 })]))])
    expect(row.limitNote).toBe(INFERRED_LIMIT_NOTE)
    expect(row.limitNoteMessage).toEqual({ id: 'limitNotes.inferred', params: {} })
    expect(catalogueProblems(row.limitNoteMessage!)).toEqual([])
    expect(row).not.toHaveProperty('flagMessages')
  })

  it('different limits: each server and the highest as parts, unlimited named as such', () => {
    const row = onlyRow([
      server('A', 'srv', payload(records(1, 1), [info(CLIENT, '4D Client', 10)])),
      server('B', 'srv', payload([], [info(CLIENT, '4D Client', 40_000)])),
    ])
    expect(row.flags).toEqual([
      'Servers of this machine report different limits (A 10, B unlimited (32767)); using the highest, unlimited (32767)',
    ])
    const message = row.flagMessages?.[0] as TextMessage
    expect(message).toMatchObject({
      id: 'flags.limitsDiffer',
      params: { servers: 'A 10, B unlimited (32767)', highest: 'unlimited (32767)' },
    })
    expect(message.parts).toEqual({
      servers: [
        {
          id: 'flags.allowed.server',
          params: { server: 'A', allowed: '10' },
          parts: { allowed: { id: 'flags.allowed.count', params: { allowed: 10 } } },
        },
        {
          id: 'flags.allowed.server',
          params: { server: 'B', allowed: 'unlimited (32767)' },
          parts: { allowed: { id: 'flags.allowed.unlimited', params: { allowed: 32767 } } },
        },
      ],
      highest: { id: 'flags.allowed.unlimited', params: { allowed: 32767 } },
    })
    expectWhole(row)
  })

  it('usedCount against the records, and a duplicate token: the count picks the plural', () => {
    const sent = [record({ token: 9 }), record({ token: 9 }), record({ token: 9 })]
    const row = onlyRow([server('A', 'srv', payload(sent, [info(CLIENT, '4D Client', 10, 2)]))])
    expect(row.flags).toEqual(['A reports usedCount 2 but sent 1 license record', 'A sent license token 9 3 times; counted once'])
    expect(row.flagMessages).toEqual([
      { id: 'flags.usedCountDiffers', params: { server: 'A', usedCount: 2, count: 1 } },
      { id: 'flags.duplicateToken', params: { server: 'A', token: 9, times: 3 } },
    ])
    expectWhole(row)
  })

  it("a server that is down: the round's clauses as a list of parts, its reason and that reason's cause nested", () => {
    const cause: TextMessage = { id: 'serverErrors.refused', params: {} }
    // As the poller reports a server that is down: the error's text and, beside it, its message.
    const states = [
      state({ name: 'Accounting', records: tokens(4, 1), askedMs: 12_000, answeredMs: 12_006 }),
      { ...state({ name: 'Sales', records: tokens(5, 20), askedMs: 0, answeredMs: 4, status: 'down' }), lastErrorMessage: cause },
    ]
    const machine = aggregate(states)[0]!
    const row = machine.products[0]!
    const reason: TextMessage = { id: 'consistency.down', params: { cause: 'connection refused' }, parts: { cause } }
    expect(machine.round?.behind[0]?.reasonMessage).toEqual(reason)
    expect(row.flags.at(-1)).toBe(
      "Not one consistent reading: readings 12.0 s apart (bound 1.0 s); Sales's 5 from 12.0 s earlier (down: connection refused); critical and exhausted alerts wait for one",
    )
    const flag = row.flagMessages?.at(-1)
    expect(flag?.id).toBe('flags.notOneReading')
    expect(flag?.parts?.clauses).toEqual([
      { id: 'flags.round.apart', params: { spreadSeconds: 12, boundSeconds: 1 } },
      {
        id: 'flags.round.earlier',
        params: { server: 'Sales', used: 5, ageSeconds: 12, reason: 'down: connection refused' },
        parts: { reason },
      },
    ])
    expectWhole(row)
  })

  it('a skew and licenses left for the next round carry their numbers', () => {
    const skewed = clientRow([
      { name: 'Accounting', records: tokens(6, 1), askedMs: 5_000, answeredMs: 5_004 },
      { name: 'Sales', records: tokens(5, 20), askedMs: 0, answeredMs: 4 },
    ]).row
    expect(skewed.flagMessages?.at(-1)).toEqual({ id: 'flags.skewRound', params: { used: 11, limit: 10 } })
    expectWhole(skewed)
    const late = clientRow([
      { name: 'Accounting', records: [...tokens(3, 1), held(50, 500)], askedMs: 0, answeredMs: 5, stampMs: 0 },
      { name: 'Sales', records: [...tokens(2, 20), held(60, 700)], askedMs: 0, answeredMs: 900, stampMs: 800 },
    ]).row
    const uncounted = late.flagMessages?.find((message) => message.id === 'flags.uncounted')
    expect(uncounted?.params).toMatchObject({ count: 1, servers: 'Sales', reference: 'Accounting' })
    expectWhole(late)
  })

  it('a pool shared with a server listed as another machine: its sentence, the servers elsewhere and the proof as parts', () => {
    const heldBy = poolTimeline(interleaved({ A: 4, B: 5 }), { size: 10 })
    const states = [
      serverState('A', '127.0.0.1', bareArrayPayload(heldBy.get('A') ?? [], null)),
      serverState('B', 'localhost', bareArrayPayload(heldBy.get('B') ?? [], null)),
    ]
    const pool = aggregate(states).find((machine) => machine.machine === '127.0.0.1')?.products[0]?.pool
    expect(pool?.sentence).toContain('9 licenses held across the pool, 1 of 10 left')
    const message = pool?.sentenceMessage
    expect(message).toMatchObject({ id: 'sharedPool.sentence.sharesLeftClauses', params: { count: 9, remaining: 1, limit: 10 } })
    expect(message?.parts?.others).toEqual([
      { id: 'sharedPool.sentence.elsewhere', params: { server: 'B', machine: 'localhost', used: 5 } },
    ])
    expect(message?.parts?.evidence).toEqual({ id: 'sharedPool.sentence.evidence.globalCount', params: {} })
    expect((message?.parts?.clauses as TextMessage[])[0]?.params).toMatchObject({ server: 'B', global: 9 })
    expect(catalogueProblems(message!)).toEqual([])
  })
})

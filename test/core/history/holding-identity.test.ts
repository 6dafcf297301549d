// The identity rules of one server's holdings, as a table: which go on, which
// end (when and why), which begin, and whether the server restarted.
import { describe, expect, it } from 'vitest'
import { planServerHoldings, type OpenHoldingIdentity, type SeenRetain } from '../../../main/core/history/holding-identity.ts'

const T = Date.parse('2026-11-28T09:00:00Z')
const PREVIOUS = 50_000
const AT = 60_000

function held(id: number, token: number, fields: Partial<OpenHoldingIdentity> = {}): OpenHoldingIdentity {
  return { id, token, retainedAt: T + token, sessionKey: `s${token}`, unknownSince: null, lastSeenAt: null, unknownCause: null, ...fields }
}
function seen(token: number, fields: Partial<SeenRetain> = {}): SeenRetain {
  return { token, retainedAt: T + token, sessionKey: `s${token}`, ...fields }
}

interface Row {
  name: string
  open: OpenHoldingIdentity[]
  seen: SeenRetain[]
  maxToken?: number | null
  /** Expected: ids going on, ends as "id@at:reason", tokens opened, restarted, highest token kept. */
  continued: number[]
  ended: string[]
  opened: number[]
  restarted: boolean
  kept: number | null
}

const ROWS: Row[] = [
  {
    name: 'the same retain across polls is one holding',
    open: [held(1, 1), held(2, 2)],
    seen: [seen(1), seen(2)],
    continued: [1, 2],
    ended: [],
    opened: [],
    restarted: false,
    kept: 2,
  },
  {
    name: 'a retain time or session unknown on one side is no difference',
    open: [held(1, 1, { retainedAt: null }), held(2, 2, { sessionKey: null })],
    seen: [seen(1), seen(2, { retainedAt: null })],
    continued: [1, 2],
    ended: [],
    opened: [],
    restarted: false,
    kept: 2,
  },
  {
    name: 'a reused token with another retain time: the server restarted, the old holding ends at the last poll that saw it',
    open: [held(1, 1)],
    seen: [seen(1, { retainedAt: T + 999, sessionKey: 'other' })],
    continued: [],
    ended: [`1@${PREVIOUS}:server-restarted`],
    opened: [1],
    restarted: true,
    kept: 1,
  },
  {
    name: 'tokens going back (a new token below the highest issued) with every old holding gone: restarted',
    open: [held(1, 5), held(2, 7)],
    seen: [seen(2, { retainedAt: T + 900 })],
    maxToken: 9,
    continued: [],
    ended: [`1@${PREVIOUS}:server-restarted`, `2@${PREVIOUS}:server-restarted`],
    opened: [2],
    restarted: true,
    kept: 2,
  },
  {
    name: 'a new token below the highest issued while another holding goes on is no restart (a restart drops every retain)',
    open: [held(1, 5), held(2, 7)],
    seen: [seen(5), seen(3)],
    maxToken: 9,
    continued: [1],
    ended: [`2@${AT}:released`],
    opened: [3],
    restarted: false,
    kept: 9,
  },
  {
    name: 'new tokens above the highest, old ones gone, server answering all along: released, no restart',
    open: [held(1, 5)],
    seen: [seen(10)],
    maxToken: 9,
    continued: [],
    ended: [`1@${AT}:released`],
    opened: [10],
    restarted: false,
    kept: 10,
  },
  {
    name: 'the same retain now naming another session, beside a holding that goes on: replaced',
    open: [held(1, 1), held(2, 2)],
    seen: [seen(1), seen(2, { sessionKey: 'someone-else' })],
    continued: [1],
    ended: [`2@${PREVIOUS}:replaced`],
    opened: [2],
    restarted: false,
    kept: 2,
  },
  {
    name: "the only holding's retain naming another session: replaced, not a restart (same retain time)",
    open: [held(1, 1)],
    seen: [seen(1, { sessionKey: 'someone-else' })],
    continued: [],
    ended: [`1@${PREVIOUS}:replaced`],
    opened: [1],
    restarted: false,
    kept: 1,
  },
  {
    name: 'every holding replaced at once after its server was down: restarted, each ends when it was last seen',
    open: [
      held(1, 3, { unknownSince: 40_000, lastSeenAt: 35_000, unknownCause: 'server-down' }),
      held(2, 4, { unknownSince: 40_000, lastSeenAt: 35_000, unknownCause: 'server-down' }),
    ],
    seen: [seen(20)],
    maxToken: 4,
    continued: [],
    ended: ['1@35000:server-restarted', '2@35000:server-restarted'],
    opened: [20],
    restarted: true,
    kept: 20,
  },
  {
    name: 'every holding replaced with higher tokens while the monitor was not recording: people left, no sign of a restart',
    open: [held(1, 3, { unknownSince: 40_000, lastSeenAt: 40_000, unknownCause: 'not-recording' })],
    seen: [seen(20)],
    maxToken: 4,
    continued: [],
    ended: ['1@40000:unknown'],
    opened: [20],
    restarted: false,
    kept: 20,
  },
  {
    name: 'tokens going back while the monitor was not recording: restarted',
    open: [held(1, 3, { unknownSince: 40_000, lastSeenAt: 40_000, unknownCause: 'not-recording' })],
    seen: [seen(1, { retainedAt: T + 500 })],
    maxToken: 4,
    continued: [],
    ended: ['1@40000:server-restarted'],
    opened: [1],
    restarted: true,
    kept: 1,
  },
  {
    name: 'a holding from before schema v3 (no last-seen time) ends at the time it became unknown',
    open: [held(1, 3, { unknownSince: 40_000 })],
    seen: [seen(1, { retainedAt: T - 5 })],
    continued: [],
    ended: ['1@40000:server-restarted'],
    opened: [1],
    restarted: true,
    kept: 1,
  },
  {
    name: 'gone after a down period with nothing new: unknown at the time the server stopped answering',
    open: [held(1, 3, { unknownSince: 40_000, lastSeenAt: 35_000 })],
    seen: [],
    continued: [],
    ended: ['1@40000:unknown'],
    opened: [],
    restarted: false,
    kept: 3,
  },
  {
    name: 'after a down period, one back and one gone: the gone one is unknown, no restart',
    open: [held(1, 3, { unknownSince: 40_000 }), held(2, 4, { unknownSince: 40_000 })],
    seen: [seen(4), seen(8)],
    continued: [2],
    ended: ['1@40000:unknown'],
    opened: [8],
    restarted: false,
    kept: 8,
  },
  {
    name: 'a first answer (no holdings, no highest token) opens everything',
    open: [],
    seen: [seen(3), seen(1)],
    maxToken: null,
    continued: [],
    ended: [],
    opened: [3, 1],
    restarted: false,
    kept: 3,
  },
  {
    name: 'a server with no licenses and no history keeps no highest token',
    open: [],
    seen: [],
    maxToken: null,
    continued: [],
    ended: [],
    opened: [],
    restarted: false,
    kept: null,
  },
]

describe('planServerHoldings', () => {
  it.each(ROWS)('$name', (row) => {
    const plan = planServerHoldings({ open: row.open, seen: row.seen, maxToken: row.maxToken ?? null, at: AT, previousAt: PREVIOUS })
    expect(plan.continued.map((c) => c.holding.id)).toEqual(row.continued)
    expect(plan.ended.map((e) => `${e.holding.id}@${e.at}:${e.reason}`)).toEqual(row.ended)
    expect(plan.opened.map((l) => l.token)).toEqual(row.opened)
    expect(plan.restarted).toBe(row.restarted)
    expect(plan.maxToken).toBe(row.kept)
  })

  it('a continued holding is paired with the license it matched', () => {
    const license = seen(1)
    const plan = planServerHoldings({ open: [held(1, 1)], seen: [license], maxToken: 1, at: AT, previousAt: PREVIOUS })
    expect(plan.continued[0]?.license).toBe(license)
  })

  it('with no previous poll recorded, an ending holding ends at this poll', () => {
    const plan = planServerHoldings({ open: [held(1, 1)], seen: [seen(1, { retainedAt: 1 })], maxToken: null, at: AT, previousAt: null })
    expect(plan.ended.map((e) => e.at)).toEqual([AT])
  })
})

// Which license holdings of one answering server go on, end or begin, from
// what 4D says identifies a retain. Pure: the recorder reads the open
// holdings, asks this, and writes the answer.
//
// A holding is (server, token, retain time, session). A 4D token is the id
// of one retain operation in one run of a server: 4D numbers retains upwards
// from 1 and starts again after a restart, so the same token can later be
// someone else's license. The record's retain `time` and the session's ID
// tell the two apart; either unknown (null) is never taken as a difference.
//
// A restart shows in the answers: no earlier holding goes on, and either a
// new retain carries a token at or below the highest one the server had
// issued (tokens went back), or every holding was replaced at once after the
// server was down. A restart drops every retain, so a server where one
// holding goes on has not restarted. Time the monitor was not recording says
// nothing about the server (everyone may simply have left overnight), so
// there only tokens going back count.
import type { HoldingEndReason } from '../types/history.ts'

/** Why a holding is not seen: its server did not answer, or the monitor was not recording (closed, asleep). */
export type UnknownCause = 'server-down' | 'not-recording'

export interface OpenHoldingIdentity {
  id: number
  token: number
  retainedAt: number | null
  sessionKey: string | null
  /** Set while the server is not seen: since when. */
  unknownSince: number | null
  /** Why it is not seen; null for rows from before schema v3 (taken as the server down). */
  unknownCause: UnknownCause | null
  /** The last poll that saw it, when it stopped being seen (null for rows from before schema v3). */
  lastSeenAt: number | null
}

export interface SeenRetain {
  token: number
  retainedAt: number | null
  sessionKey: string | null
}

export interface ServerHoldingsInput<L extends SeenRetain> {
  open: readonly OpenHoldingIdentity[]
  /** What the server answers now; one entry per token. */
  seen: readonly L[]
  /** Highest token the server issued in its current run, as far as the history knows. */
  maxToken: number | null
  /** This poll, and the previous recorded one (null for the first ever). */
  at: number
  previousAt: number | null
}

export interface ServerHoldingsPlan<L extends SeenRetain> {
  /** Still held: same token, retain time and session. */
  continued: { holding: OpenHoldingIdentity; license: L }[]
  ended: { holding: OpenHoldingIdentity; at: number; reason: HoldingEndReason }[]
  opened: L[]
  restarted: boolean
  /** To keep as the server's highest token; null when it has none. */
  maxToken: number | null
}

/** How an open holding relates to the answer: its token gone, the same retain, or the token now naming another. */
type Match = 'gone' | 'same' | 'replaced' | 'reused'

function differ<T>(a: T | null, b: T | null): boolean {
  return a !== null && b !== null && a !== b
}

function match(holding: OpenHoldingIdentity, license: SeenRetain | undefined): Match {
  if (license === undefined) return 'gone'
  const timeDiffers = differ(holding.retainedAt, license.retainedAt)
  const sessionDiffers = differ(holding.sessionKey, license.sessionKey)
  if (!timeDiffers && !sessionDiffers) return 'same'
  // The same retain (its time known on both sides and equal) now names another session: replaced, not re-issued.
  const sameRetain = holding.retainedAt !== null && holding.retainedAt === license.retainedAt
  return sameRetain ? 'replaced' : 'reused'
}

export function planServerHoldings<L extends SeenRetain>(input: ServerHoldingsInput<L>): ServerHoldingsPlan<L> {
  const { open, seen, at } = input
  const byToken = new Map(seen.map((license) => [license.token, license]))
  const matches = open.map((holding) => {
    const license = byToken.get(holding.token)
    return { holding, license, kind: match(holding, license) }
  })
  const carried = new Set(matches.filter((m) => m.kind === 'same' || m.kind === 'replaced').map((m) => m.holding.token))

  const highest = highestToken(open, input.maxToken ?? Number.NEGATIVE_INFINITY)
  // New retains: tokens no open holding explains (a 'replaced' session keeps its retain).
  const tokensWentBack = seen.some((license) => !carried.has(license.token) && license.token <= highest)
  const allReplacedAfterDown =
    open.length > 0 && open.every((holding) => holding.unknownSince !== null && holding.unknownCause !== 'not-recording')
  const restarted = seen.length > 0 && !matches.some((m) => m.kind === 'same') && (tokensWentBack || allReplacedAfterDown)

  const lastSeen = (holding: OpenHoldingIdentity): number =>
    holding.unknownSince === null ? (input.previousAt ?? at) : (holding.lastSeenAt ?? holding.unknownSince)

  const plan: ServerHoldingsPlan<L> = { continued: [], ended: [], opened: [], restarted, maxToken: null }
  const continuing = new Set<number>()
  for (const { holding, license, kind } of matches) {
    if (kind === 'same') {
      plan.continued.push({ holding, license: license as L })
      continuing.add(holding.token)
    } else if (restarted) {
      plan.ended.push({ holding, at: lastSeen(holding), reason: 'server-restarted' })
    } else if (kind !== 'gone') {
      plan.ended.push({ holding, at: lastSeen(holding), reason: 'replaced' })
    } else if (holding.unknownSince !== null) {
      // Gone while the server was not seen: when it was released is not known.
      plan.ended.push({ holding, at: holding.unknownSince, reason: 'unknown' })
    } else {
      plan.ended.push({ holding, at, reason: 'released' })
    }
  }
  plan.opened = seen.filter((license) => !continuing.has(license.token))

  const seenHighest = highestToken(seen, Number.NEGATIVE_INFINITY)
  const next = restarted ? seenHighest : Math.max(highest, seenHighest)
  plan.maxToken = Number.isFinite(next) ? next : null
  return plan
}

/** A loop, not Math.max(...tokens): spreading a very large server's tokens would overflow the call stack. */
function highestToken(items: readonly { token: number }[], start: number): number {
  let highest = start
  for (const item of items) if (item.token > highest) highest = item.token
  return highest
}

// The sentences a product row and a machine round carry (limit notes, flags,
// the reasons a server is behind), each made twice from the same values: as
// English text (`limitNote`, `flags`, `reason`: CSV, CLI, tests) and as a
// message id with parameters (renderer/src/i18n/locales, sections
// "limitNotes", "flags", "consistency") that the page says in its language.
// Names (servers, machines) and ISO times stay as sent inside the frame.

import type { LocalText, ProductUsage, TextMessage } from '../types/index.ts'

function local(text: string, id: string, params: TextMessage['params'] = {}, parts?: TextMessage['parts']): LocalText {
  return { text, message: parts ? { id, params, parts } : { id, params } }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** "1.5 s": seconds to a tenth, as the round's sentences write them (params named *Seconds). */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

const tenths = (ms: number): number => Number((ms / 1000).toFixed(1))

export const INFERRED_LIMIT = local(
  'Limit inferred from the latest license record (productUsedCount + productBalance): the server sends no License info and no global count, as a single 4D Server does',
  'limitNotes.inferred',
)

/** "10", or "unlimited (32767)" for a count that reads as unlimited. */
function allowedText(allowed: number, unlimited: boolean): LocalText {
  return unlimited
    ? local(`unlimited (${allowed})`, 'flags.allowed.unlimited', { allowed })
    : local(String(allowed), 'flags.allowed.count', { allowed })
}

/** Two servers of one machine report different License info limits; the highest is used. */
export function limitsDiffer(reports: readonly { server: string; allowed: number }[], highest: number, unlimitedAt: number): LocalText {
  const each = reports.map(({ server, allowed }) => {
    const value = allowedText(allowed, allowed === unlimitedAt)
    return local(`${server} ${value.text}`, 'flags.allowed.server', { server, allowed: value.text }, { allowed: value.message })
  })
  const top = allowedText(highest, highest === unlimitedAt)
  const list = each.map((entry) => entry.text).join(', ')
  return local(
    `Servers of this machine report different limits (${list}); using the highest, ${top.text}`,
    'flags.limitsDiffer',
    { servers: list, highest: top.text },
    { servers: each.map((entry) => entry.message), highest: top.message },
  )
}

export function usedCountDiffers(server: string, usedCount: number, records: number): LocalText {
  return local(`${server} reports usedCount ${usedCount} but sent ${plural(records, 'license record')}`, 'flags.usedCountDiffers', {
    server,
    usedCount,
    count: records,
  })
}

export function duplicateToken(server: string, token: number, times: number): LocalText {
  return local(`${server} sent license token ${token} ${times} times; counted once`, 'flags.duplicateToken', { server, token, times })
}

/** Licenses retained after the round's earliest reading: they wait for the next round. */
export function uncountedLate(count: number, servers: string, reference: string, time: string): LocalText {
  return local(
    `${plural(count, 'license')} taken on ${servers} after ${reference} was read (${time}) ${count === 1 ? 'is' : 'are'} counted from the next round`,
    'flags.uncounted',
    { count, servers, reference, time },
  )
}

export function globalDisagrees(used: number, server: string, held: number, time: string): LocalText {
  return local(
    `Counted ${used}, but ${server}'s newest record says the machine held ${held} at ${time}: the readings disagree`,
    'flags.globalDisagrees',
    { used, server, held, time },
  )
}

/** More counted than the pool holds: readings apart in time (a machine's round) or a server's own overcount. */
export function skew(used: number, limit: number, round: boolean): LocalText {
  const apart = round ? 'readings of its servers taken at different moments' : 'a server reporting more than its pool'
  return local(
    `More licenses counted (${used}) than the pool holds (${limit}): ${apart}, not an exhaustion`,
    round ? 'flags.skewRound' : 'flags.skewServer',
    { used, limit },
  )
}

export function poolSkew(used: number, limit: number): LocalText {
  return local(
    `More licenses counted across the shared pool (${used}) than it holds (${limit}): readings taken at different moments`,
    'flags.poolSkew',
    { used, limit },
  )
}

/** Why a server's reading is not part of the machine's latest round (`behind[].reason`). */
export const behindReason = {
  noAnswer(error: string | null, errorMessage: TextMessage | undefined): LocalText {
    if (!error) return local('no answer yet', 'consistency.noAnswer')
    return local(
      `no answer yet: ${error}`,
      'consistency.noAnswerCause',
      { cause: error },
      errorMessage ? { cause: errorMessage } : undefined,
    )
  },
  down(error: string | null, errorMessage: TextMessage | undefined): LocalText {
    if (error === null) return local('down: no answer', 'consistency.downNoAnswer')
    return local(`down: ${error}`, 'consistency.down', { cause: error }, errorMessage ? { cause: errorMessage } : undefined)
  },
  stale: (): LocalText => local('stale', 'consistency.stale'),
  notInRound: (): LocalText => local('not read in the latest round', 'consistency.notInRound'),
  slow: (ms: number): LocalText => local(`took ${seconds(ms)} to answer`, 'consistency.slow', { answerSeconds: tenths(ms) }),
}

/** One server that is behind, as the round's flag lists it. */
export interface BehindPart {
  server: string
  reason: string
  reasonMessage?: TextMessage
  ageMs: number | null
}

function behindClause({ server, reason, reasonMessage, ageMs }: BehindPart, count: number | undefined): LocalText {
  const parts = reasonMessage ? { reason: reasonMessage } : undefined
  if (count === undefined) return local(`${server} not counted (${reason})`, 'flags.round.notCounted', { server, reason }, parts)
  if (ageMs) {
    return local(
      `${server}'s ${count} from ${seconds(ageMs)} earlier (${reason})`,
      'flags.round.earlier',
      { server, used: count, ageSeconds: tenths(ageMs), reason },
      parts,
    )
  }
  return local(`${server}'s ${count} (${reason})`, 'flags.round.share', { server, used: count, reason }, parts)
}

/** What a row says when its machine's servers were not read as one round. */
export function notOneReading(
  round: { spreadMs: number | null; boundMs: number; behind: readonly BehindPart[] },
  row: Pick<ProductUsage, 'shares'>,
): LocalText {
  const clauses: LocalText[] = []
  if (round.spreadMs !== null && round.spreadMs > round.boundMs) {
    clauses.push(
      local(`readings ${seconds(round.spreadMs)} apart (bound ${seconds(round.boundMs)})`, 'flags.round.apart', {
        spreadSeconds: tenths(round.spreadMs),
        boundSeconds: tenths(round.boundMs),
      }),
    )
  }
  for (const behind of round.behind) clauses.push(behindClause(behind, row.shares.find((s) => s.server === behind.server)?.used))
  const detail = clauses.map((clause) => clause.text).join('; ')
  return local(
    `Not one consistent reading: ${detail}; critical and exhausted alerts wait for one`,
    'flags.notOneReading',
    { clauses: detail },
    { clauses: clauses.map((clause) => clause.message) },
  )
}

/**
 * A row's flags with sentences added: the English `flags` and, one for each,
 * `flagMessages` (absent while there are no flags).
 */
export function withFlags(
  row: Pick<ProductUsage, 'flags' | 'flagMessages'>,
  added: readonly LocalText[],
): Pick<ProductUsage, 'flags' | 'flagMessages'> {
  const flags = [...row.flags, ...added.map((flag) => flag.text)]
  if (flags.length === 0) return { flags }
  return { flags, flagMessages: [...(row.flagMessages ?? []), ...added.map((flag) => flag.message)] }
}

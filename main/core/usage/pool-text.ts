// The sentence under a row whose pool reaches beyond its machine (shared-pools.ts),
// made twice from the same numbers: English (`pool.sentence`) and a message of
// the catalogue (section "sharedPool.sentence", `pool.sentenceMessage`). Its
// optional pieces are whole messages chosen by case (with or without the
// remaining count, with or without trailing clauses), and its sub-sentences
// (the proof, the unlisted count, each server elsewhere, the evidence) parts.

import type { LocalText, SharedPool, TextMessage } from '../types/index.ts'

type PoolFacts = Omit<SharedPool, 'sentence' | 'sentenceMessage'>

const id = (name: string) => `sharedPool.sentence.${name}`

function local(text: string, name: string, params: TextMessage['params'], parts?: TextMessage['parts']): LocalText {
  return { text, message: parts ? { id: id(name), params, parts } : { id: id(name), params } }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

const EVIDENCE_WORDS: Readonly<Record<string, string>> = {
  globalCount: 'their global counts (globalProductUsedCount above their own)',
  licenseNumber: 'the same License info license number',
}

function proofOf(pool: PoolFacts): LocalText | null {
  const proof = pool.proof
  if (!proof) return null
  const params = { server: proof.server, token: proof.token, global: proof.global }
  if (proof.time === null) {
    return local(`${proof.server}'s newest record (token ${proof.token}) counts ${proof.global} held in the pool`, 'proof', params)
  }
  return local(
    `${proof.server}'s newest record (token ${proof.token} at ${proof.time}) counts ${proof.global} held in the pool`,
    'proofAt',
    { ...params, time: proof.time },
  )
}

function unlistedOf(pool: PoolFacts): LocalText {
  const count = pool.unlisted
  return pool.unlistedAtMost
    ? local(
        `up to ${plural(count, 'license')} of this pool held on servers not listed here (or released here since that record)`,
        'unlistedAtMost',
        { count },
      )
    : local(`this pool has ${plural(count, 'license')} held on servers not listed here`, 'unlisted', { count })
}

function evidenceOf(pool: PoolFacts): LocalText | null {
  if (pool.evidence.length === 0) return null
  const text = pool.evidence.map((kind) => EVIDENCE_WORDS[kind]).join(' and ')
  // One message per set of evidence (pool.evidence is sorted): the words and the "and" are the language's.
  return local(text, pool.evidence.length > 1 ? 'evidence.both' : `evidence.${pool.evidence[0] ?? ''}`, {})
}

/** "Shares one pool with Sales (on localhost, 5 held), by …: 9 licenses held across the pool, 1 of 10 left (…)." */
export function poolSentenceLocal(pool: PoolFacts, limit: number | null): LocalText {
  const total = pool.heldHere + pool.elsewhere.reduce((sum, entry) => sum + entry.used, 0) + pool.unlisted
  const left = limit === null ? '' : `, ${Math.max(0, limit - total)} of ${limit} left`
  const leftParams: TextMessage['params'] = limit === null ? {} : { remaining: Math.max(0, limit - total), limit }
  const proof = proofOf(pool)
  const unlisted = unlistedOf(pool)
  const withLeft = limit === null ? '' : 'Left'
  if (pool.elsewhere.length === 0) {
    const head = unlisted.text.charAt(0).toUpperCase() + unlisted.text.slice(1)
    return local(
      `${head}: ${proof?.text ?? ''}, ${pool.heldHere} of them here${left}.`,
      `${pool.unlistedAtMost ? 'aloneAtMost' : 'alone'}${withLeft}`,
      { count: pool.unlisted, proof: proof?.text ?? '', here: pool.heldHere, ...leftParams },
      proof ? { proof: proof.message } : undefined,
    )
  }
  const others = pool.elsewhere.map((entry) =>
    local(`${entry.server} (on ${entry.machine}, ${entry.used} held)`, 'elsewhere', {
      server: entry.server,
      machine: entry.machine,
      used: entry.used,
    }),
  )
  const evidence = evidenceOf(pool)
  const clauses = [...(proof ? [proof] : []), ...(pool.unlisted > 0 ? [unlisted] : [])]
  const tail = clauses.map((clause) => `; ${clause.text}`).join('')
  const othersText = others.map((entry) => entry.text).join(', ')
  const parts: NonNullable<TextMessage['parts']> = { others: others.map((entry) => entry.message) }
  if (evidence) parts.evidence = evidence.message
  if (clauses.length > 0) parts.clauses = clauses.map((clause) => clause.message)
  return local(
    `Shares one pool with ${othersText}, listed as another machine, by ${evidence?.text ?? ''}: ${plural(total, 'license')} held across the pool${left}${tail}.`,
    `shares${withLeft}${clauses.length > 0 ? 'Clauses' : ''}`,
    {
      others: othersText,
      evidence: evidence?.text ?? '',
      count: total,
      ...leftParams,
      ...(clauses.length > 0 ? { clauses: clauses.map((clause) => clause.text).join('; ') } : ({} as TextMessage['params'])),
    },
    parts,
  )
}

// A short digest that tells one 4D session from another without carrying its
// ID. The history uses it as part of a holding's identity (a token whose
// session changes is a new holding). The ID itself is never kept: for web and
// REST sessions it is the value of the session cookie, a credential for that
// user's session, and the snapshot goes to the page, the exports and the disk.
import { createHash } from 'node:crypto'

/** Enough for every session of many busy servers; past it the memory starts over rather than growing. */
const MAX_REMEMBERED = 100_000

// Digests by ID, in this process's memory only (where each poll's payload holds the same IDs anyway): every poll
// brings back the same sessions, and a SHA-256 per license per rebuild was a third of the aggregation's cost
// at 10 servers x 10,000 licenses (bench:monitor).
const remembered = new Map<string, string>()

/** 16 hex characters (64 bits) of SHA-256: enough to tell apart the sessions of one server token; null without an ID. */
export function sessionKey(sessionId: string | null | undefined): string | null {
  if (sessionId === null || sessionId === undefined || sessionId === '') return null
  let key = remembered.get(sessionId)
  if (key === undefined) {
    key = createHash('sha256').update(sessionId).digest('hex').slice(0, 16)
    if (remembered.size >= MAX_REMEMBERED) remembered.clear()
    remembered.set(sessionId, key)
  }
  return key
}

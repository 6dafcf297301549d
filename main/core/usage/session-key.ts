// A short digest that tells one 4D session from another without carrying its
// ID. The history uses it as part of a holding's identity (a token whose
// session changes is a new holding). The ID itself is never kept: for web and
// REST sessions it is the value of the session cookie, a credential for that
// user's session, and the snapshot goes to the page, the exports and the disk.
import { createHash } from 'node:crypto'

/** 16 hex characters (64 bits) of SHA-256: enough to tell apart the sessions of one server token; null without an ID. */
export function sessionKey(sessionId: string | null | undefined): string | null {
  if (sessionId === null || sessionId === undefined || sessionId === '') return null
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 16)
}

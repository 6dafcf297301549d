// Token authentication for the served mode: the token printed at start is the
// only credential; the browser trades it once for an HttpOnly cookie.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** Cookies are not port-scoped, so the name carries the port: two monitors on one host keep separate cookies. */
export function cookieName(port: number): string {
  return `lm_token_${port}`
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`
}

/** Constant-time comparison: hashing first gives equal lengths, so not even the length leaks. */
export function tokenMatches(candidate: string | null | undefined, token: string): boolean {
  if (typeof candidate !== 'string') return false
  const a = createHash('sha256').update(candidate).digest()
  const b = createHash('sha256').update(token).digest()
  return timingSafeEqual(a, b)
}

export function cookieToken(req: IncomingMessage, port: number): string | null {
  const header = req.headers.cookie
  if (!header) return null
  const name = cookieName(port)
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(eq + 1).trim())
    } catch {
      return null
    }
  }
  return null
}

export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  return match?.[1] ?? null
}

export const UNAUTHORISED_MESSAGE =
  'Not authorised: open the URL with ?token=... that the monitor printed when it started (or send Authorization: Bearer <token>).'

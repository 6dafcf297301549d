// Who may call one simulated server: Bearer, HTTP Basic and 4D REST login
// (a login gives the request's web session, see web-sessions.ts, its
// privileges; logins are counted so tests can check that a client reuses its
// session instead of logging in, and taking a license, on every poll).

import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { SimCredentials, SimServerAuth } from './api.ts'

export interface AuthRefusal {
  challenge: string
  message: string
}

export class SimAuth {
  readonly options: SimServerAuth
  private readonly sessions = new Set<string>()
  opened = 0

  constructor(options: SimServerAuth) {
    this.options = options
  }

  get restLoginRequired(): boolean {
    return this.options.restLogin !== undefined
  }

  /** Null when the request may go on; else the 401 to send. REST calls also need a logged-in session when login is required. */
  refusal(req: IncomingMessage, restCall: boolean, sessionId: string): AuthRefusal | null {
    const { token, basicAuth } = this.options
    const header = req.headers.authorization
    if (token !== undefined && !sameText(header, `Bearer ${token}`)) {
      return {
        challenge: 'Bearer',
        message: `Authentication required: ${header ? 'the Bearer token does not match' : 'no Authorization header was sent'}.`,
      }
    }
    if (basicAuth !== undefined && !sameText(header, basicHeader(basicAuth))) {
      return {
        challenge: 'Basic realm="4D"',
        message: `Authentication required: ${header ? 'the user name or password does not match' : 'no Authorization header was sent'}.`,
      }
    }
    if (restCall && this.restLoginRequired && !this.sessions.has(sessionId)) {
      return { challenge: '4D-Session', message: 'No valid REST session: log in with POST /rest/$directory/login first.' }
    }
    return null
  }

  /** Checks the 4D login headers; when they match, the web session `sessionId` is logged in (gets privileges). */
  login(req: IncomingMessage, sessionId: string): boolean {
    const expected = this.options.restLogin
    if (!expected) return false
    const ok = sameText(header(req, 'username-4d'), expected.username) && sameText(header(req, 'password-4d'), expected.password)
    if (!ok) return false
    this.sessions.add(sessionId)
    this.opened++
    return true
  }

  isLoggedIn(sessionId: string): boolean {
    return this.sessions.has(sessionId)
  }

  /** The web session ended (logout, timeout, restart): its login goes with it; false when it had none. */
  drop(sessionId: string): boolean {
    return this.sessions.delete(sessionId)
  }

  active(): number {
    return this.sessions.size
  }

  forget(): void {
    this.sessions.clear()
  }
}

function basicHeader(credentials: SimCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Constant-time comparison, as a real server should do with secrets. */
function sameText(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false
  const a = Buffer.from(actual)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

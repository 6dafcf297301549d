// Who may call one simulated server: Bearer, HTTP Basic and 4D REST login
// sessions (a session cookie per login, counted so tests can check that a
// client reuses its session instead of opening a new one, and a new license,
// on every poll).

import { randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { SimCredentials, SimServerAuth } from './api.ts'

/** 4D's REST session cookie name (scalable sessions use 4DSID_<app>; either is a session id). */
export const SESSION_COOKIE = 'WASID4D'
/** 4D's default REST session inactivity timeout is 60 minutes. */
const SESSION_MAX_AGE_S = 3600

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

  /** Null when the request may go on; else the 401 to send. REST calls also need a session when login is required. */
  refusal(req: IncomingMessage, restCall: boolean): AuthRefusal | null {
    const { token, basicAuth } = this.options
    const header = req.headers.authorization
    if (token !== undefined && !sameText(header, `Bearer ${token}`)) {
      return { challenge: 'Bearer', message: `Authentication required: ${header ? 'the Bearer token does not match' : 'no Authorization header was sent'}.` }
    }
    if (basicAuth !== undefined && !sameText(header, basicHeader(basicAuth))) {
      return { challenge: 'Basic realm="4D"', message: `Authentication required: ${header ? 'the user name or password does not match' : 'no Authorization header was sent'}.` }
    }
    if (restCall && this.restLoginRequired && !this.sessions.has(sessionOf(req) ?? '')) {
      return { challenge: '4D-Session', message: 'No valid REST session: log in with POST /rest/$directory/login first.' }
    }
    return null
  }

  /** Checks the 4D login headers; a new session id when they match, else null. */
  login(req: IncomingMessage): string | null {
    const expected = this.options.restLogin
    if (!expected) return null
    const ok = sameText(header(req, 'username-4d'), expected.username) && sameText(header(req, 'password-4d'), expected.password)
    if (!ok) return null
    const id = randomUUID().replace(/-/g, '').toUpperCase()
    this.sessions.add(id)
    this.opened++
    return id
  }

  sessionCookie(id: string): string {
    return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; Max-Age=${SESSION_MAX_AGE_S}`
  }

  /** $directory/logout: ends the session of the request's cookie (which frees its license); false when there was none. */
  logout(req: IncomingMessage): boolean {
    return this.sessions.delete(sessionOf(req) ?? '')
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

function sessionOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === SESSION_COOKIE) return rest.join('=')
  }
  return null
}

/** Constant-time comparison, as a real server should do with secrets. */
function sameText(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false
  const a = Buffer.from(actual)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

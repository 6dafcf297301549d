// 4D REST login (POST /rest/$directory/login with username-4D/password-4D
// headers). A REST session holds a 4D Client license, and a client that does
// not send its session cookie back opens a new session, and a new license, on
// every request. So: log in once, keep the cookie, send it on every poll, and
// log in again only when a session that used to work is refused or expires.
// A session that was never accepted is not retried on every poll, which
// would open a new session each time.

import { createHash } from 'node:crypto'
import type { ServerAuth, ServerConfig } from '../types/index.ts'
import { authOf } from './auth.ts'
import { discardBody, httpFailure, readBody, type FailureContext } from './http-response.ts'
import { restLoginFailed, restLoginRefused, restNoCookie } from './error-text.ts'
import { PollFailure } from './poll-failure.ts'

type RestLogin = Extract<ServerAuth, { type: 'rest-login' }>

interface Session {
  cookies: Map<string, string>
  /** Earliest cookie expiry in ms since the epoch; null when the cookies last for the browser session. */
  expiresAt: number | null
  /** The server accepted a request with this session at least once. */
  proven: boolean
}

interface Entry {
  session: Session | null
  logins: number
}

export interface RestExchange {
  fetch: typeof fetch
  now: () => number
  signal: AbortSignal
  url: URL
  auth: RestLogin
  failure: FailureContext
}

export const LOGIN_PATH = '/rest/$directory/login'
export const LOGOUT_PATH = '/rest/$directory/logout'

/** Sessions per server, kept across polls; one store is shared by default so the poller needs no wiring. */
export class RestSessionStore {
  private readonly entries = new Map<string, Entry>()

  /** Login requests sent so far for this server (each may open a session). */
  logins(config: ServerConfig): number {
    const key = sessionKey(config)
    return key === null ? 0 : (this.entries.get(key)?.logins ?? 0)
  }

  hasSession(config: ServerConfig): boolean {
    const key = sessionKey(config)
    return key !== null && (this.entries.get(key)?.session ?? null) !== null
  }

  /** Forgets every session without telling the servers (e.g. tests, or a credentials change). */
  clear(): void {
    this.entries.clear()
  }

  entry(key: string): Entry {
    let entry = this.entries.get(key)
    if (!entry) {
      entry = { session: null, logins: 0 }
      this.entries.set(key, entry)
    }
    return entry
  }
}

export const defaultRestSessions = new RestSessionStore()

/**
 * Sessions belong to one server, origin and set of credentials: the same
 * server configured again (a settings reload) keeps its session, while new
 * credentials get a new one. The password enters the key only as a hash.
 */
export function sessionKey(config: Pick<ServerConfig, 'id' | 'url' | 'auth' | 'token'>): string | null {
  const auth = authOf(config)
  if (auth.type !== 'rest-login') return null
  let origin = config.url
  try {
    origin = new URL(config.url).origin
  } catch {
    // an invalid URL never gets this far in a poll
  }
  const secret = createHash('sha256').update(auth.password).digest('hex')
  return [config.id, origin, auth.username, secret].join('\u0000')
}

/** Sends `request` with the server's session cookie, logging in first or again when needed. */
export async function sendWithRestSession(
  store: RestSessionStore,
  key: string,
  exchange: RestExchange,
  request: (cookie: string) => Promise<Response>,
): Promise<Response> {
  const entry = store.entry(key)
  const now = exchange.now()
  if (entry.session && entry.session.expiresAt !== null && entry.session.expiresAt <= now) entry.session = null
  let fresh = false
  if (!entry.session) {
    entry.session = await login(entry, exchange)
    fresh = true
  }
  let response = await request(cookieHeader(entry.session))
  if ((response.status === 401 || response.status === 403) && !fresh && entry.session.proven) {
    // The server forgot the session (restart, timeout): one new login, one retry.
    await discardBody(response)
    entry.session = null
    entry.session = await login(entry, exchange)
    response = await request(cookieHeader(entry.session))
  }
  if (response.ok) entry.session.proven = true
  absorbCookies(entry.session, response.headers, exchange.now())
  return response
}

async function login(entry: Entry, exchange: RestExchange): Promise<Session> {
  const { auth, failure } = exchange
  entry.logins++
  const response = await exchange.fetch(new URL(LOGIN_PATH, exchange.url.origin), {
    method: 'POST',
    headers: { accept: 'application/json', 'username-4D': auth.username, 'password-4D': auth.password },
    redirect: 'manual',
    signal: exchange.signal,
  })
  if (!response.ok) {
    const refused = await httpFailure(response, failure)
    throw new PollFailure(restLoginFailed(refused.errorText), refused.retryAfterMs)
  }
  const session: Session = { cookies: new Map(), expiresAt: null, proven: false }
  absorbCookies(session, response.headers, exchange.now())
  if (await loginRefused(response)) {
    throw new PollFailure(restLoginRefused(failure.serverName))
  }
  if (session.cookies.size === 0) {
    throw new PollFailure(restNoCookie(failure.serverName))
  }
  return session
}

/** 4D answers {"result": false} to a login it refuses, sometimes with a 200. */
async function loginRefused(response: Response): Promise<boolean> {
  try {
    const body: unknown = JSON.parse(await readBody(response, 64 * 1024))
    return typeof body === 'object' && body !== null && (body as Record<string, unknown>)['result'] === false
  } catch {
    return false
  }
}

function cookieHeader(session: Session): string {
  return [...session.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** Keeps the cookies the server sets (4D names its session cookie WASID4D or 4DSID_<app>); Max-Age=0 removes one. */
function absorbCookies(session: Session, headers: Headers, now: number): void {
  for (const line of headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';')
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    const name = pair.slice(0, eq).trim()
    const value = pair.slice(eq + 1).trim()
    const expiresAt = cookieExpiry(attributes, now)
    if (expiresAt !== null && expiresAt <= now) {
      session.cookies.delete(name)
      continue
    }
    session.cookies.set(name, value)
    if (expiresAt !== null) session.expiresAt = session.expiresAt === null ? expiresAt : Math.min(session.expiresAt, expiresAt)
  }
}

function cookieExpiry(attributes: string[], now: number): number | null {
  let expires: number | null = null
  for (const attribute of attributes) {
    const [rawName = '', ...rest] = attribute.split('=')
    const name = rawName.trim().toLowerCase()
    const value = rest.join('=').trim()
    // Max-Age wins over Expires (RFC 6265 5.3 step 3).
    if (name === 'max-age' && /^-?\d+$/.test(value)) return now + Number(value) * 1000
    if (name === 'expires' && !Number.isNaN(Date.parse(value))) expires = Date.parse(value)
  }
  return expires
}

/** Ends the server's REST session, which frees its license at once instead of at the session timeout. */
export async function logoutRestSession(
  store: RestSessionStore,
  config: ServerConfig,
  deps: { fetch: typeof fetch; timeoutMs?: number },
): Promise<boolean> {
  const key = sessionKey(config)
  const session = key === null ? null : store.entry(key).session
  if (key === null || !session) return false
  store.entry(key).session = null
  try {
    const response = await deps.fetch(new URL(LOGOUT_PATH, new URL(config.url).origin), {
      method: 'POST',
      headers: { accept: 'application/json', cookie: cookieHeader(session) },
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 4000),
    })
    await discardBody(response)
    return response.ok
  } catch {
    return false
  }
}

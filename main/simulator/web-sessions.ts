// The web sessions of one simulated 4D Server, as 4D keeps them with scalable
// sessions: a request without a known session cookie opens a new session
// (kept 60 minutes idle by default) and gets its cookie; over REST in the
// default login mode the session holds a 4D Client license, and in force
// login mode a session needs privileges (a login) before it may call a
// function. Tests read these through truth() to catch a client that opens a
// session, and takes a license, per request.

import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { SimLoginMode, SimWebSessionTruth } from './api.ts'

/** 4D's session cookie in older releases (`4DSID_<app>` with scalable sessions); the value is the session ID. */
export const SESSION_COOKIE = 'WASID4D'
/** 4D's default idle timeout of a web session. */
export const DEFAULT_IDLE_MINUTES = 60

export interface WebSession {
  id: string
  createdAt: number
  lastSeenAt: number
  /** Set by a successful login ($directory/login): what force login mode asks for. */
  privileged: boolean
  userName: string | null
  /** Token of the 4D Client license this session holds, if any. */
  licenseToken: number | null
}

export class WebSessions {
  mode: SimLoginMode
  /** Sessions opened since start (or the last forget). */
  opened = 0
  private readonly sessions = new Map<string, WebSession>()
  private readonly idleMs: number
  private readonly onEnd: (session: WebSession) => void

  constructor(options: { mode: SimLoginMode; idleMinutes: number; onEnd: (session: WebSession) => void }) {
    this.mode = options.mode
    this.idleMs = options.idleMinutes * 60_000
    this.onEnd = options.onEnd
  }

  /** The request's session, or a new one when its cookie names none that is alive. */
  resolve(req: IncomingMessage, now: number): { session: WebSession; created: boolean } {
    this.expire(now)
    const known = this.sessions.get(sessionIdOf(req) ?? '')
    if (known) {
      known.lastSeenAt = now
      return { session: known, created: false }
    }
    const session: WebSession = {
      id: newSessionId(),
      createdAt: now,
      lastSeenAt: now,
      privileged: false,
      userName: null,
      licenseToken: null,
    }
    this.sessions.set(session.id, session)
    this.opened++
    return { session, created: true }
  }

  /** $directory/logout, a restart or a timeout: the session and its license go. */
  end(id: string): boolean {
    const session = this.sessions.get(id)
    if (!session) return false
    this.sessions.delete(id)
    this.onEnd(session)
    return true
  }

  endAll(): void {
    for (const id of [...this.sessions.keys()]) this.end(id)
  }

  list(now: number): SimWebSessionTruth[] {
    this.expire(now)
    return [...this.sessions.values()].map((session) => ({
      id: session.id,
      createdAt: new Date(session.createdAt).toISOString(),
      lastSeenAt: new Date(session.lastSeenAt).toISOString(),
      idleTimeoutMinutes: this.idleMs / 60_000,
      privileged: session.privileged,
      licenseToken: session.licenseToken,
    }))
  }

  cookie(session: WebSession): string {
    // No Max-Age: the server ends an idle session itself; a client keeps the cookie while it runs.
    return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly`
  }

  private expire(now: number): void {
    for (const session of [...this.sessions.values()]) {
      if (now - session.lastSeenAt >= this.idleMs) this.end(session.id)
    }
  }
}

function newSessionId(): string {
  return randomUUID().replace(/-/g, '').toUpperCase()
}

export function sessionIdOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === SESSION_COOKIE) return rest.join('=')
  }
  return null
}

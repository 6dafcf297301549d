// The session object of a simulated license, in the shapes 4D documents for
// each session kind, and its normalised form (SessionInfo) for truth().

import type { SessionInfo } from '../core/types/index.ts'
import type { SimSessionKind } from './api.ts'
import { CLIENT_PREFIXES, SQL_USER_AGENTS, USER_NAMES } from './catalog.ts'
import { uuidLike, type Random } from './prng.ts'

/** A session exactly as served; its keys depend on the kind. */
export type WireSession = Record<string, string | number | boolean>

const STATES = ['active', 'sleeping', 'postponed'] as const

function ipAddress(random: Random): string {
  // 10.0.0.0/8 on purpose: only data, never contacted.
  return `10.${random.int(0, 9)}.${random.int(0, 20)}.${random.int(2, 250)}`
}

function remoteSession(random: Random, createdAt: string): WireSession {
  const userName = random.pick(USER_NAMES)
  const hostType = random.chance(0.7) ? 'windows' : 'mac'
  return {
    type: 'remote',
    userName,
    machineName: `${random.pick(CLIENT_PREFIXES)}-${String(random.int(1, 40)).padStart(2, '0')}`,
    systemUserName: hostType === 'windows' ? `CORP\\${userName}` : userName,
    IPAddress: ipAddress(random),
    hostType,
    creationDateTime: createdAt,
    state: 'active',
    ID: uuidLike(random),
    persistentID: uuidLike(random),
  }
}

function restSession(random: Random): WireSession {
  return {
    userName: random.pick(USER_NAMES),
    sessionID: uuidLike(random),
    IPAddress: ipAddress(random),
    isDatastore: random.chance(0.3),
  }
}

function sqlSession(random: Random): WireSession {
  return {
    IPAddress: ipAddress(random),
    userAgent: random.pick(SQL_USER_AGENTS),
    userName: random.pick(USER_NAMES),
    userId: random.int(1, 60),
  }
}

function webSession(random: Random): WireSession {
  return {
    type: 'web',
    userName: random.pick(USER_NAMES),
    IPAddress: ipAddress(random),
    hostType: 'browser',
    state: 'active',
    ID: uuidLike(random),
  }
}

export function makeSession(kind: SimSessionKind, random: Random, createdAt: string): WireSession {
  switch (kind) {
    case 'remote':
      return remoteSession(random, createdAt)
    case 'rest':
      return restSession(random)
    case 'sql':
      return sqlSession(random)
    case 'web':
      return webSession(random)
  }
}

/** Kinds whose session has a state that can change while the license is held. */
export function hasState(session: WireSession): boolean {
  return typeof session['state'] === 'string'
}

/** Moves an active session to sleeping/postponed, or a resting one back to active. */
export function changeState(session: WireSession, random: Random): void {
  session['state'] = session['state'] === 'active' ? random.pick(STATES.slice(1)) : 'active'
}

function text(session: WireSession, key: string): string | null {
  const value = session[key]
  return typeof value === 'string' ? value : null
}

/**
 * The SessionInfo a correct normaliser makes of a served session: missing
 * fields are null; REST and SQL sessions carry no `type`, so it is inferred
 * from the kind ("rest" from sessionID/isDatastore, "sql" from userAgent/userId),
 * and a REST sessionID fills ID.
 */
export function toSessionInfo(kind: SimSessionKind, session: WireSession): SessionInfo {
  return {
    type: text(session, 'type') ?? kind,
    userName: text(session, 'userName'),
    machineName: text(session, 'machineName'),
    systemUserName: text(session, 'systemUserName'),
    IPAddress: text(session, 'IPAddress'),
    hostType: text(session, 'hostType'),
    creationDateTime: text(session, 'creationDateTime'),
    state: text(session, 'state'),
    ID: text(session, 'ID') ?? text(session, 'sessionID'),
  }
}

// Words, icons and tones of each status: never colour alone (a word and an
// icon shape always go with it).

import type { ServerStatusKind, UsageStatus } from '../../../main/core/types/index.ts'

export type IconName = 'check' | 'warning' | 'alert' | 'cross' | 'question' | 'clock'
export type Tone = 'ok' | 'warning' | 'critical' | 'exhausted' | 'muted'

export interface StatusLook {
  word: string
  icon: IconName
  tone: Tone
}

const USAGE: Record<UsageStatus, StatusLook> = {
  ok: { word: 'OK', icon: 'check', tone: 'ok' },
  warning: { word: 'Warning', icon: 'warning', tone: 'warning' },
  critical: { word: 'Critical', icon: 'alert', tone: 'critical' },
  exhausted: { word: 'Exhausted', icon: 'cross', tone: 'exhausted' },
  unknown: { word: 'Unknown', icon: 'question', tone: 'muted' },
}

const SERVER: Record<ServerStatusKind, StatusLook> = {
  up: { word: 'Up', icon: 'check', tone: 'ok' },
  down: { word: 'Down', icon: 'cross', tone: 'critical' },
  stale: { word: 'Stale', icon: 'clock', tone: 'warning' },
}

function lookup(table: Record<string, StatusLook>, status: string): StatusLook {
  // A status this build does not know (a newer backend) still shows its own word.
  return Object.hasOwn(table, status) ? (table[status] as StatusLook) : { word: status || 'Unknown', icon: 'question', tone: 'muted' }
}

export function usageLook(status: string): StatusLook {
  return lookup(USAGE, status)
}

export function serverLook(status: string): StatusLook {
  return lookup(SERVER, status)
}

// Words, icons and tones of each status: never colour alone (a word and an
// icon shape always go with it).

import type { ServerStatusKind, UsageStatus } from '../../../main/core/types/index.ts'
import { t } from '../i18n/index.ts'

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
  if (!Object.hasOwn(table, status)) return { word: status || t('status.unknown'), icon: 'question', tone: 'muted' }
  const look = table[status] as StatusLook
  // The words above are the English ones (tests read them); the page shows the current language's (status.<status>).
  return { ...look, word: t(`status.${status}`) }
}

export function usageLook(status: string): StatusLook {
  return lookup(USAGE, status)
}

export function serverLook(status: string): StatusLook {
  return lookup(SERVER, status)
}

// The words of notices and transitions: short enough to read at a glance in a
// desktop notification, e.g. "4D Client on srv-app-01: 1 of 50 left (98%), full in ~12 min".

import type { AlertLevel, Notice, NoticeItem } from '../types/index.ts'
import { formatForecast } from './forecast.ts'
import { utilizationText } from './percent-text.ts'
import { displayName } from '../util/display-text.ts'

/** The numbers of one row at evaluation time. */
export interface RowValue {
  used: number
  limit: number | null
  remaining: number | null
}

/** A notice mentions the forecast only when the pool runs out within this many minutes. */
export const FORECAST_NOTICE_MINUTES = 60

const LEVEL_WORD: Record<AlertLevel | 'unreachable' | 'ok', string> = {
  warning: 'Warning',
  critical: 'Critical',
  exhausted: 'Exhausted',
  unreachable: 'Unreachable',
  ok: 'Resolved',
}

/** "48 of 50 used, 2 left" (transitions and the alerts panel). */
export function valueText(value: RowValue): string {
  if (value.limit === null || value.remaining === null) return `${value.used} used, limit unknown`
  return `${value.used} of ${value.limit} used, ${Math.max(0, value.remaining)} left`
}

/** "4D Client on srv-app-01: 1 of 50 left (98%), full in ~12 min". */
export function usageText(productName: string, machine: string, value: RowValue, forecastMinutes: number | null = null): string {
  const where = `${displayName(productName)} on ${displayName(machine)}`
  const { used, limit, remaining } = value
  if (limit === null || remaining === null) return `${where}: ${used} in use, limit unknown`
  if (remaining < 0) return `${where}: no license left, ${used} in use for a limit of ${limit}`
  if (remaining === 0) return `${where}: no license left, ${limit === 1 ? 'the 1 license' : `all ${limit}`} in use`
  const soon = forecastMinutes !== null && forecastMinutes < FORECAST_NOTICE_MINUTES ? `, full in ${formatForecast(forecastMinutes)}` : ''
  return `${where}: ${remaining} of ${limit} left (${utilizationText(used / limit)})${soon}`
}

/** "4D Client on srv-app-01 is back to normal: 12 of 50 left". */
export function resolvedText(productName: string, machine: string, value: RowValue | null): string {
  const where = `${displayName(productName)} on ${displayName(machine)} is back to normal`
  if (value === null) return `${where}: no license of it is held any more`
  if (value.limit === null || value.remaining === null) return `${where}: ${value.used} in use`
  return `${where}: ${value.remaining} of ${value.limit} left`
}

export function unreachableText(serverName: string, machine: string, failures: number, error: string | null): string {
  const cause = error ? `: ${error.replace(/\.$/, '')}` : ''
  return `${displayName(serverName)} (${displayName(machine)}) is unreachable after ${failures} failed ${failures === 1 ? 'poll' : 'polls'}${cause}. Its license alerts are on hold.`
}

export function reachableText(serverName: string, machine: string): string {
  return `${displayName(serverName)} (${displayName(machine)}) answers again`
}

function itemTitle(item: NoticeItem): string {
  if (item.kind === 'reachable') return `Reachable again: ${displayName(item.productName)}`
  if (item.kind === 'unreachable') return `Unreachable: ${displayName(item.productName)}`
  const where = `${displayName(item.productName)} on ${displayName(item.machine)}`
  if (item.kind === 'repeat' || item.kind === 'reminder') return `Still ${LEVEL_WORD[item.level].toLowerCase()}: ${where}`
  return `${LEVEL_WORD[item.level]}: ${where}`
}

function severityOf(item: NoticeItem): Notice['severity'] {
  if (item.level === 'critical' || item.level === 'exhausted' || item.level === 'unreachable') return 'critical'
  return item.level === 'warning' ? 'warning' : 'info'
}

const SEVERITY_RANK: Record<Notice['severity'], number> = { info: 0, warning: 1, critical: 2 }

/** Everything one evaluation produced, as one notice; null when there is nothing to say. */
export function buildNotice(items: readonly NoticeItem[], now: number): Notice | null {
  const first = items[0]
  if (!first) return null
  const severity = items.map(severityOf).reduce((worst, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[worst] ? s : worst), 'info')
  let title = itemTitle(first)
  if (items.length > 1) {
    const allLicenses = items.every((item) => item.productId !== null)
    const allResolved = items.every((item) => item.level === 'ok')
    title = allResolved ? `${items.length} alerts resolved` : `${items.length} ${allLicenses ? 'license alerts' : 'alerts'}`
  }
  return { at: new Date(now).toISOString(), title, body: items.map((item) => item.text).join('\n'), severity, items: [...items] }
}

// The words of notices and transitions: short enough to read at a glance in a
// desktop notification, e.g. "4D Client on srv-app-01: 1 of 50 left (98%), full in ~12 min".
// Each sentence is made twice from the same numbers: as English text (CLI, logs,
// exports) and as a message id with parameters (TextMessage) that the page and
// the tray say in the user's language (renderer/src/i18n/locales, key "notice").

import type { AlertLevel, Notice, NoticeItem, TextMessage } from '../types/index.ts'
import { formatForecast } from './forecast.ts'
import { utilizationText } from './percent-text.ts'
import { displayName } from '../util/display-text.ts'

/** The numbers of one row at evaluation time. */
export interface RowValue {
  used: number
  limit: number | null
  remaining: number | null
}

/** A sentence in English and as a message of the catalogue. */
export interface LocalText {
  text: string
  message: TextMessage
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
export function valueLocal(value: RowValue): LocalText {
  const { used, limit, remaining } = value
  if (limit === null || remaining === null)
    return { text: `${used} used, limit unknown`, message: { id: 'notice.value.unknownLimit', params: { used } } }
  const left = Math.max(0, remaining)
  return { text: `${used} of ${limit} used, ${left} left`, message: { id: 'notice.value.left', params: { used, limit, count: left } } }
}

export function valueText(value: RowValue): string {
  return valueLocal(value).text
}

/** "4D Client on srv-app-01: 1 of 50 left (98%), full in ~12 min". */
export function usageLocal(productName: string, machine: string, value: RowValue, forecastMinutes: number | null = null): LocalText {
  const where = `${displayName(productName)} on ${displayName(machine)}`
  const base = { product: displayName(productName), machine: displayName(machine) }
  const { used, limit, remaining } = value
  if (limit === null || remaining === null) {
    return { text: `${where}: ${used} in use, limit unknown`, message: { id: 'notice.usage.unknownLimit', params: { ...base, used } } }
  }
  if (remaining < 0) {
    return {
      text: `${where}: no license left, ${used} in use for a limit of ${limit}`,
      message: { id: 'notice.usage.over', params: { ...base, used, limit } },
    }
  }
  if (remaining === 0) {
    return {
      text: `${where}: no license left, ${limit === 1 ? 'the 1 license' : `all ${limit}`} in use`,
      message: { id: 'notice.usage.none', params: { ...base, count: limit } },
    }
  }
  const utilization = used / limit
  const params = { ...base, count: remaining, limit, utilization }
  if (forecastMinutes !== null && forecastMinutes < FORECAST_NOTICE_MINUTES) {
    return {
      text: `${where}: ${remaining} of ${limit} left (${utilizationText(utilization)}), full in ${formatForecast(forecastMinutes)}`,
      message: { id: 'notice.usage.leftSoon', params: { ...params, forecastMinutes } },
    }
  }
  return { text: `${where}: ${remaining} of ${limit} left (${utilizationText(utilization)})`, message: { id: 'notice.usage.left', params } }
}

export function usageText(productName: string, machine: string, value: RowValue, forecastMinutes: number | null = null): string {
  return usageLocal(productName, machine, value, forecastMinutes).text
}

/** "4D Client on srv-app-01 is back to normal: 12 of 50 left". */
export function resolvedLocal(productName: string, machine: string, value: RowValue | null): LocalText {
  const where = `${displayName(productName)} on ${displayName(machine)} is back to normal`
  const base = { product: displayName(productName), machine: displayName(machine) }
  if (value === null) return { text: `${where}: no license of it is held any more`, message: { id: 'notice.resolved.gone', params: base } }
  if (value.limit === null || value.remaining === null) {
    return {
      text: `${where}: ${value.used} in use`,
      message: { id: 'notice.resolved.unknownLimit', params: { ...base, used: value.used } },
    }
  }
  return {
    text: `${where}: ${value.remaining} of ${value.limit} left`,
    message: { id: 'notice.resolved.left', params: { ...base, count: value.remaining, limit: value.limit } },
  }
}

export function resolvedText(productName: string, machine: string, value: RowValue | null): string {
  return resolvedLocal(productName, machine, value).text
}

/**
 * The cause is the poll's own sentence (English, from ingest): it travels as a parameter, and its own message
 * (the server's lastErrorMessage, serverErrors.*) as a part, so the page and the tray say the cause in their
 * language too. Without that message (an alert state saved by an older version) the English cause stays.
 */
export function unreachableLocal(
  serverName: string,
  machine: string,
  failures: number,
  error: string | null,
  errorMessage?: TextMessage | null,
): LocalText {
  const cause = error ? error.replace(/\.$/, '') : null
  const params = { server: displayName(serverName), machine: displayName(machine), count: failures }
  const parts = errorMessage ? { parts: { cause: errorMessage } } : {}
  return {
    text: `${params.server} (${params.machine}) is unreachable after ${failures} failed ${failures === 1 ? 'poll' : 'polls'}${cause ? `: ${cause}` : ''}. Its license alerts are on hold.`,
    message: cause ? { id: 'notice.unreachableCause', params: { ...params, cause }, ...parts } : { id: 'notice.unreachable', params },
  }
}

export function unreachableText(serverName: string, machine: string, failures: number, error: string | null): string {
  return unreachableLocal(serverName, machine, failures, error).text
}

export function reachableLocal(serverName: string, machine: string): LocalText {
  const params = { server: displayName(serverName), machine: displayName(machine) }
  return { text: `${params.server} (${params.machine}) answers again`, message: { id: 'notice.reachable', params } }
}

export function reachableText(serverName: string, machine: string): string {
  return reachableLocal(serverName, machine).text
}

function itemTitle(item: NoticeItem): LocalText {
  const name = { name: displayName(item.productName) }
  if (item.kind === 'reachable') return { text: `Reachable again: ${name.name}`, message: { id: 'notice.title.reachable', params: name } }
  if (item.kind === 'unreachable') return { text: `Unreachable: ${name.name}`, message: { id: 'notice.title.unreachable', params: name } }
  const params = { product: displayName(item.productName), machine: displayName(item.machine) }
  const where = `${params.product} on ${params.machine}`
  if (item.kind === 'repeat' || item.kind === 'reminder') {
    return { text: `Still ${LEVEL_WORD[item.level].toLowerCase()}: ${where}`, message: { id: `notice.title.still.${item.level}`, params } }
  }
  return { text: `${LEVEL_WORD[item.level]}: ${where}`, message: { id: `notice.title.level.${item.level}`, params } }
}

function groupTitle(items: readonly NoticeItem[]): LocalText {
  const count = items.length
  if (items.every((item) => item.level === 'ok'))
    return { text: `${count} alerts resolved`, message: { id: 'notice.title.resolvedGroup', params: { count } } }
  if (items.every((item) => item.productId !== null)) {
    return { text: `${count} license alerts`, message: { id: 'notice.title.licenseGroup', params: { count } } }
  }
  return { text: `${count} alerts`, message: { id: 'notice.title.group', params: { count } } }
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
  const title = items.length > 1 ? groupTitle(items) : itemTitle(first)
  return {
    at: new Date(now).toISOString(),
    title: title.text,
    titleMessage: title.message,
    body: items.map((item) => item.text).join('\n'),
    severity,
    items: [...items],
  }
}

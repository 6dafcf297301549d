// How numbers and times read in the table. Pure, so the same text shows in
// tests, in Electron and in the served page.

import type { ProductUsage } from '../../../main/core/types/index.ts'
import { utilizationText } from './percent.ts'

export const EMPTY = '—'

export function formatPercent(utilization: number | null): string {
  return utilization === null || !Number.isFinite(utilization) ? EMPTY : utilizationText(utilization)
}

export function formatLimit(usage: Pick<ProductUsage, 'limit' | 'unlimited'>): string {
  if (usage.unlimited) return 'unlimited'
  return usage.limit === null ? 'unknown' : String(usage.limit)
}

export function formatRemaining(usage: Pick<ProductUsage, 'remaining'>): string {
  return usage.remaining === null ? EMPTY : String(usage.remaining)
}

export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return EMPTY
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

function parse(iso: string | null): number | null {
  if (!iso) return null
  const time = Date.parse(iso)
  return Number.isNaN(time) ? null : time
}

/** "just now", "4 min ago", "3 h 5 min ago", "2 d ago"; a time slightly ahead (clock skew) reads "just now". */
export function formatRelative(iso: string | null, now: number): string {
  const time = parse(iso)
  if (time === null) return EMPTY
  const minutes = Math.floor((now - time) / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h ago` : `${hours} h ${minutes % 60} min ago`
  return `${Math.floor(hours / 24)} d ago`
}

const absolute = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** Local date and time, with seconds: admins compare it with server logs. */
export function formatAbsolute(iso: string | null): string {
  const time = parse(iso)
  return time === null ? EMPTY : absolute.format(time)
}

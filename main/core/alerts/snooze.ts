// Snoozes mute notices, never evaluation: an alert keeps its state while
// snoozed, and one still active when its snooze ends gets a single reminder.

import { z } from 'zod'
import type { SnoozePreset, SnoozeTarget } from '../types/index.ts'

export interface Snoozes {
  /** End (ms) of a "snooze all"; null when none. */
  all: number | null
  /** End (ms) per alert key (see licenseKey / serverKey in state.ts). */
  alerts: Record<string, number>
}

export type { SnoozePreset, SnoozeTarget }

export const snoozesSchema = z.object({ all: z.number().nullable(), alerts: z.record(z.string(), z.number()) })

export function noSnoozes(): Snoozes {
  return { all: null, alerts: {} }
}

/** End of the snooze covering this alert at `now` (the later of its own and "all"), or null. */
export function snoozedUntil(snoozes: Snoozes, key: string, now: number): number | null {
  const ends = [snoozes.all, snoozes.alerts[key] ?? null].filter((end): end is number => end !== null && end > now)
  return ends.length === 0 ? null : Math.max(...ends)
}

export function isSnoozed(snoozes: Snoozes, key: string, now: number): boolean {
  return snoozedUntil(snoozes, key, now) !== null
}

export function withSnooze(snoozes: Snoozes, target: SnoozeTarget, until: number): Snoozes {
  if (target.kind === 'all') return { ...snoozes, all: until }
  return { ...snoozes, alerts: { ...snoozes.alerts, [target.key]: until } }
}

export function withoutSnooze(snoozes: Snoozes, target: SnoozeTarget): Snoozes {
  if (target.kind === 'all') return { ...snoozes, all: null }
  const { [target.key]: _removed, ...alerts } = snoozes.alerts
  return { ...snoozes, alerts }
}

/** Drops ended snoozes, so the saved file does not grow forever. */
export function pruneSnoozes(snoozes: Snoozes, now: number): Snoozes {
  const alerts = Object.fromEntries(Object.entries(snoozes.alerts).filter(([, end]) => end > now))
  return { all: snoozes.all !== null && snoozes.all > now ? snoozes.all : null, alerts }
}

const HOUR = 3_600_000

/** Before this local hour, "tomorrow" still means the coming morning (someone up late); from it on, the next calendar day. */
const NIGHT_ENDS_AT_HOUR = 4

/**
 * End of a preset snooze, in local time. "Until tomorrow 08:00" is the next
 * calendar day's 08:00 (at 23:30, and at 07:59 too: pressed a minute before
 * 08:00 it must not end a minute later), except in the small hours: at 01:00
 * (already "tomorrow" for someone still up) it is the same day's 08:00, not
 * one 31 hours away.
 */
export function snoozeEnd(preset: SnoozePreset, now: number): number {
  if (preset === '1h') return now + HOUR
  if (preset === '4h') return now + 4 * HOUR
  const date = new Date(now)
  const dayOffset = date.getHours() < NIGHT_ENDS_AT_HOUR ? 0 : 1
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + dayOffset, 8, 0, 0, 0).getTime()
}

/** The next moment after `now` when the local clock shows hour:minute (DST-safe: built from the date, not by adding hours). */
export function nextLocalTime(now: number, hour: number, minute: number): number {
  const date = new Date(now)
  const today = new Date(date.getFullYear(), date.getMonth(), date.getDate(), hour, minute, 0, 0)
  if (today.getTime() > now) return today.getTime()
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, hour, minute, 0, 0).getTime()
}

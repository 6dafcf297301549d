import { describe, expect, it } from 'vitest'
import {
  isSnoozed,
  nextLocalTime,
  noSnoozes,
  pruneSnoozes,
  snoozedUntil,
  snoozeEnd,
  withoutSnooze,
  withSnooze,
} from '../../../main/core/alerts/snooze.ts'

const local = (d: number, h: number, m = 0) => new Date(2026, 10, d, h, m).getTime()

describe('snooze presets (local time, injected clock)', () => {
  it.each([
    { name: '1 h', preset: '1h' as const, now: local(28, 23, 30), end: local(28, 23, 30) + 3_600_000 },
    { name: '4 h across midnight', preset: '4h' as const, now: local(28, 22, 0), end: local(29, 2, 0) },
    { name: 'tomorrow 08:00 from the evening', preset: 'tomorrow-08' as const, now: local(28, 23, 30), end: local(29, 8) },
    {
      name: 'tomorrow 08:00 just after midnight is the coming morning',
      preset: 'tomorrow-08' as const,
      now: local(29, 0, 30),
      end: local(29, 8),
    },
    { name: 'tomorrow 08:00 at 08:00 is the next day', preset: 'tomorrow-08' as const, now: local(29, 8), end: local(30, 8) },
    {
      name: 'tomorrow 08:00 pressed at 07:59 is the next day, not a minute later',
      preset: 'tomorrow-08' as const,
      now: local(29, 7, 59),
      end: local(30, 8),
    },
    {
      name: 'tomorrow 08:00 at 03:59 is still the coming morning',
      preset: 'tomorrow-08' as const,
      now: local(29, 3, 59),
      end: local(29, 8),
    },
    { name: 'tomorrow 08:00 at 04:00 is the next day', preset: 'tomorrow-08' as const, now: local(29, 4), end: local(30, 8) },
    {
      name: 'tomorrow 08:00 on the last day of the month',
      preset: 'tomorrow-08' as const,
      now: local(30, 17),
      end: new Date(2026, 11, 1, 8).getTime(),
    },
  ])('$name', ({ preset, now, end }) => {
    expect(snoozeEnd(preset, now)).toBe(end)
  })

  it('nextLocalTime lands on that wall-clock time', () => {
    const end = new Date(nextLocalTime(local(28, 12), 8, 0))
    expect([end.getDate(), end.getHours(), end.getMinutes()]).toEqual([29, 8, 0])
  })
})

describe('snoozes', () => {
  it('covers one alert or all, takes the later end, and ends on time', () => {
    let snoozes = withSnooze(noSnoozes(), { kind: 'alert', key: 'a' }, 2000)
    expect(isSnoozed(snoozes, 'a', 1999)).toBe(true)
    expect(isSnoozed(snoozes, 'a', 2000)).toBe(false)
    expect(isSnoozed(snoozes, 'b', 1000)).toBe(false)
    snoozes = withSnooze(snoozes, { kind: 'all' }, 5000)
    expect(snoozedUntil(snoozes, 'a', 1000)).toBe(5000)
    expect(isSnoozed(snoozes, 'b', 1000)).toBe(true)
    snoozes = withoutSnooze(snoozes, { kind: 'all' })
    expect(snoozedUntil(snoozes, 'a', 1000)).toBe(2000)
    expect(withoutSnooze(snoozes, { kind: 'alert', key: 'a' }).alerts).toEqual({})
    expect(pruneSnoozes({ all: 100, alerts: { a: 100, b: 300 } }, 200)).toEqual({ all: null, alerts: { b: 300 } })
  })
})

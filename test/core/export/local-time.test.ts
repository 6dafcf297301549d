import { describe, expect, it } from 'vitest'
import { createLocalTimeFormatter, systemTimeZone } from '../../../main/core/export/local-time.ts'

/** The same wall-clock text, computed the slow way (one Intl call per instant) as the reference. */
const referenceFormats = new Map<string, Intl.DateTimeFormat>()
function reference(timeZone: string, ms: number): string {
  let format = referenceFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    referenceFormats.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((part) => [part.type, part.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

describe('createLocalTimeFormatter', () => {
  it('writes Berlin winter and summer time with their own offsets', () => {
    const berlin = createLocalTimeFormatter('Europe/Berlin')
    expect(berlin(Date.UTC(2026, 0, 15, 9, 15, 2))).toBe('2026-01-15 10:15:02')
    expect(berlin(Date.UTC(2026, 6, 15, 9, 15, 2, 999))).toBe('2026-07-15 11:15:02')
  })

  it('crosses the spring and autumn transitions exactly', () => {
    const berlin = createLocalTimeFormatter('Europe/Berlin')
    // 2026-03-29 01:00 UTC clocks go from 02:00 CET to 03:00 CEST; 2026-10-25 01:00 UTC back from 03:00 to 02:00.
    expect(berlin(Date.UTC(2026, 2, 29, 0, 59, 59))).toBe('2026-03-29 01:59:59')
    expect(berlin(Date.UTC(2026, 2, 29, 1, 0, 0))).toBe('2026-03-29 03:00:00')
    expect(berlin(Date.UTC(2026, 9, 25, 0, 59, 59))).toBe('2026-10-25 02:59:59')
    expect(berlin(Date.UTC(2026, 9, 25, 1, 0, 0))).toBe('2026-10-25 02:00:00')
  })

  for (const timeZone of ['Europe/Berlin', 'America/Sao_Paulo', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC']) {
    it(`matches Intl minute by minute around the transitions of ${timeZone}`, () => {
      const local = createLocalTimeFormatter(timeZone)
      // Lord Howe shifts by 30 minutes and St John's sits at -3:30: hours with odd offsets and transitions are covered.
      for (const start of [
        Date.UTC(2025, 3, 5, 12),
        Date.UTC(2025, 9, 4, 12),
        Date.UTC(2025, 9, 25, 12),
        Date.UTC(2026, 2, 28, 12),
        Date.UTC(2026, 10, 1, 0),
      ]) {
        for (let ms = start; ms < start + 36 * 3_600_000; ms += 60_000 + 7_001) {
          expect(local(ms), new Date(ms).toISOString()).toBe(reference(timeZone, ms))
        }
      }
    })
  }

  it('names an unknown zone in its error', () => {
    expect(() => createLocalTimeFormatter('Mars/Olympus')).toThrow(/"Mars\/Olympus" is not an IANA zone name/)
  })

  it.each([
    { TZ: 'Asia/Kolkata', zone: 'Asia/Kolkata' },
    { TZ: ':Asia/Kolkata', zone: 'Asia/Kolkata' },
    { TZ: 'Asia/Kathmandu', zone: 'Asia/Kathmandu' },
    { TZ: 'Australia/Lord_Howe', zone: 'Australia/Lord_Howe' },
  ])('reports the zone this machine shows as TZ gives it: $TZ is $zone, whatever Intl canonicalises it to', ({ TZ, zone }) => {
    expect(systemTimeZone({ TZ })).toBe(zone)
  })

  it("falls back to Intl's zone when TZ is unset or names no zone", () => {
    const resolved = Intl.DateTimeFormat().resolvedOptions().timeZone
    expect(systemTimeZone({})).toBe(resolved)
    expect(systemTimeZone({ TZ: 'Nowhere/Else' })).toBe(resolved)
  })
})

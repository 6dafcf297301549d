// Local hours and days of a zone, against a table written from the zones'
// published rules (not from the code): whole-hour zones, half-hour and
// 45-minute offsets, DST days of 23 and 25 hours, Lord Howe's 30-minute
// shift, and Santiago's skipped midnight.
import { describe, expect, it } from 'vitest'
import { zonePeriods } from '../../../main/core/history/zone-periods.ts'

const H = 3_600_000
const M = 60_000
const utc = (text: string): number => Date.parse(`${text}Z`)

interface DayCase {
  zone: string
  /** Any instant of the day. */
  at: string
  /** The day's first instant and its length, in UTC. */
  start: string
  hours: number
}

const DAYS: DayCase[] = [
  { zone: 'UTC', at: '2026-10-03T12:00:00', start: '2026-10-03T00:00:00', hours: 24 },
  { zone: 'America/New_York', at: '2026-10-03T12:00:00', start: '2026-10-03T04:00:00', hours: 24 },
  // Paris: 2026-03-29 02:00 CET -> 03:00 CEST (23 h); 2026-10-25 03:00 CEST -> 02:00 CET (25 h).
  { zone: 'Europe/Paris', at: '2026-03-29T12:00:00', start: '2026-03-28T23:00:00', hours: 23 },
  { zone: 'Europe/Paris', at: '2026-03-28T23:00:00', start: '2026-03-28T23:00:00', hours: 23 },
  { zone: 'Europe/Paris', at: '2026-10-25T00:30:00', start: '2026-10-24T22:00:00', hours: 25 },
  { zone: 'Europe/Paris', at: '2026-10-25T22:59:59', start: '2026-10-24T22:00:00', hours: 25 },
  // Kolkata +05:30 and Kathmandu +05:45: days start at half past and a quarter past a UTC hour.
  { zone: 'Asia/Kolkata', at: '2026-10-03T18:29:59', start: '2026-10-02T18:30:00', hours: 24 },
  { zone: 'Asia/Kolkata', at: '2026-10-03T18:30:00', start: '2026-10-03T18:30:00', hours: 24 },
  { zone: 'Asia/Kathmandu', at: '2026-10-03T18:14:00', start: '2026-10-02T18:15:00', hours: 24 },
  { zone: 'Asia/Kathmandu', at: '2026-10-03T18:15:00', start: '2026-10-03T18:15:00', hours: 24 },
  // Lord Howe: 2026-10-04 02:00 +10:30 -> 02:30 +11 (23.5 h); 2026-04-05 02:00 +11 -> 01:30 +10:30 (24.5 h).
  { zone: 'Australia/Lord_Howe', at: '2026-10-03T20:00:00', start: '2026-10-03T13:30:00', hours: 23.5 },
  { zone: 'Australia/Lord_Howe', at: '2026-04-04T20:00:00', start: '2026-04-04T13:00:00', hours: 24.5 },
  // Santiago: 2026-09-06 starts at 01:00 -03 (midnight -04 skipped), so 23 h from the transition.
  { zone: 'America/Santiago', at: '2026-09-06T12:00:00', start: '2026-09-06T04:00:00', hours: 23 },
]

interface HourCase {
  zone: string
  at: string
  start: string
  minutes: number
}

const HOURS: HourCase[] = [
  { zone: 'Asia/Kolkata', at: '2026-10-03T10:00:00', start: '2026-10-03T09:30:00', minutes: 60 },
  { zone: 'Asia/Kathmandu', at: '2026-10-03T10:00:00', start: '2026-10-03T09:15:00', minutes: 60 },
  { zone: 'Europe/Paris', at: '2026-10-25T00:30:00', start: '2026-10-25T00:00:00', minutes: 60 },
  // The repeated 02:00 of Paris is two hours with distinct UTC starts.
  { zone: 'Europe/Paris', at: '2026-10-25T01:10:00', start: '2026-10-25T01:00:00', minutes: 60 },
  // Lord Howe, autumn: 01:00-02:00 +11 is 60 minutes, then 01:30-02:00 +10:30 is a 30-minute hour of its own.
  { zone: 'Australia/Lord_Howe', at: '2026-04-04T14:59:00', start: '2026-04-04T14:00:00', minutes: 60 },
  { zone: 'Australia/Lord_Howe', at: '2026-04-04T15:10:00', start: '2026-04-04T15:00:00', minutes: 30 },
  { zone: 'Australia/Lord_Howe', at: '2026-04-04T15:30:00', start: '2026-04-04T15:30:00', minutes: 60 },
  // Lord Howe, spring: 01:00-02:00 +10:30, then 02:30-03:00 +11 is 30 minutes.
  { zone: 'Australia/Lord_Howe', at: '2026-10-03T15:29:00', start: '2026-10-03T14:30:00', minutes: 60 },
  { zone: 'Australia/Lord_Howe', at: '2026-10-03T15:45:00', start: '2026-10-03T15:30:00', minutes: 30 },
]

describe('zonePeriods', () => {
  it.each(DAYS)('the day of $at UTC in $zone starts at $start UTC and lasts $hours h', ({ zone, at, start, hours }) => {
    const periods = zonePeriods(zone)
    expect(new Date(periods.start('day', utc(at))).toISOString()).toBe(new Date(utc(start)).toISOString())
    expect((periods.next('day', utc(at)) - utc(start)) / H).toBe(hours)
    // The last instant of the day is still in it, and the next day starts where this one ends.
    const end = periods.next('day', utc(at))
    expect(periods.start('day', end - 1)).toBe(utc(start))
    expect(periods.start('day', end)).toBe(end)
  })

  it.each(HOURS)('the hour of $at UTC in $zone starts at $start UTC and lasts $minutes min', ({ zone, at, start, minutes }) => {
    const periods = zonePeriods(zone)
    expect(new Date(periods.start('hour', utc(at))).toISOString()).toBe(new Date(utc(start)).toISOString())
    expect((periods.next('hour', utc(at)) - utc(start)) / M).toBe(minutes)
  })

  it.each([
    { zone: 'UTC', whole: true },
    { zone: 'Europe/Paris', whole: true },
    { zone: 'America/New_York', whole: true },
    { zone: 'Asia/Kolkata', whole: false },
    { zone: 'Asia/Kathmandu', whole: false },
    { zone: 'Australia/Lord_Howe', whole: false },
    { zone: 'America/St_Johns', whole: false },
  ])('$zone has whole-hour offsets over a year: $whole', ({ zone, whole }) => {
    expect(zonePeriods(zone).wholeHours(utc('2026-01-01T00:00:00'), utc('2027-01-01T00:00:00'))).toBe(whole)
  })

  it('refuses a zone that is not an IANA name, naming it', () => {
    expect(() => zonePeriods('Mars/Olympus')).toThrow(/"Mars\/Olympus" is not an IANA zone name/)
  })
})

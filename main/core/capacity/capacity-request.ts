// The period of a capacity request, as the contract call and the CLI take it:
// ISO 8601 texts, default the last 30 days. Periods are whole local days from
// their start (the daily peaks are local days); a date-only end counts that
// whole day, so --from 2026-11-01 --to 2026-11-30 is November.
import type { TextMessage } from '../types/index.ts'
import { parseIsoTime } from '../util/iso-date.ts'
import { DAY_MS } from '../history/periods.ts'
import { DEFAULT_PERIOD_DAYS, defaultPeriod, isoDate, localDay } from './capacity.ts'

/** Two years and a day: the hourly rollups are kept two years by default. */
export const LONGEST_PERIOD_MS = (2 * 365 + 1) * DAY_MS

export interface CapacityPeriod {
  from: number
  to: number
  /** The period in words for the recommendation. */
  words: string
  /** The same as a message of the catalogue (capacity.period.*). */
  message: TextMessage
}

export function resolvePeriod(input: { from?: string; to?: string }, now: number): CapacityPeriod | string {
  if (input.from === undefined && input.to === undefined) {
    return {
      ...defaultPeriod(now),
      words: `over the last ${DEFAULT_PERIOD_DAYS} days`,
      message: { id: 'capacity.period.lastDays', params: { count: DEFAULT_PERIOD_DAYS } },
    }
  }
  let to: number
  if (input.to === undefined) {
    to = now
  } else {
    const end = endOf(input.to)
    if (end === null)
      return `The period's end ${JSON.stringify(input.to.slice(0, 40))} is not an ISO 8601 date or time, e.g. 2026-11-30 or 2026-11-30T18:00:00-03:00.`
    to = end
  }
  let from: number
  if (input.from === undefined) {
    from = defaultPeriod(to).from
  } else {
    const parsed = parseIsoTime(input.from)
    if (parsed === null)
      return `The period's start ${JSON.stringify(input.from.slice(0, 40))} is not an ISO 8601 date or time, e.g. 2026-11-01.`
    from = localDay(parsed)
  }
  if (from >= to) return 'The period must start before it ends.'
  if (to - from > LONGEST_PERIOD_MS) return 'The period is longer than the two years the history keeps; choose a shorter one.'
  return {
    from,
    to,
    words: `from ${isoDate(from)} to ${isoDate(to - 1)}`,
    message: { id: 'capacity.period.range', params: { from: isoDate(from), to: isoDate(to - 1) } },
  }
}

function endOf(text: string): number | null {
  const time = parseIsoTime(text)
  if (time === null) return null
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) return time
  const next = new Date(time)
  next.setDate(next.getDate() + 1)
  return next.getTime()
}

/** A calendar month (YYYY-MM) as a period of whole local days: what the monthly report covers. */
export function resolveMonth(text: string): CapacityPeriod | string {
  const match = /^(\d{4})-(\d{2})$/.exec(text.trim())
  const month = match ? Number(match[2]) : 0
  if (!match || month < 1 || month > 12)
    return `The month ${JSON.stringify(text.slice(0, 40))} is not a calendar month written YYYY-MM, e.g. 2026-11.`
  const year = Number(match[1])
  const from = new Date(year, month - 1, 1).getTime()
  const to = new Date(year, month, 1).getTime()
  const name = new Date(year, month - 1, 1).toLocaleString('en', { month: 'long' })
  return { from, to, words: `in ${name} ${String(year)}`, message: { id: 'capacity.period.month', params: { month: text.trim() } } }
}

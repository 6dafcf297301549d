// Wall-clock time in a named zone, fast enough for a million rows: the zone's
// offset comes from util/time-zone.ts (looked up once per UTC hour).
import { createOffsetLookup } from '../util/time-zone.ts'

export { systemTimeZone } from '../util/time-zone.ts'

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** "YYYY-MM-DD HH:mm:ss" of a UTC-shifted instant: the form Excel and LibreOffice read as a date-time. */
function wallClockText(shifted: Date): string {
  return (
    `${shifted.getUTCFullYear()}-${pad2(shifted.getUTCMonth() + 1)}-${pad2(shifted.getUTCDate())} ` +
    `${pad2(shifted.getUTCHours())}:${pad2(shifted.getUTCMinutes())}:${pad2(shifted.getUTCSeconds())}`
  )
}

/**
 * Formats instants (epoch ms) as local wall-clock text in `timeZone`.
 * Throws a RangeError naming the zone when it is unknown.
 */
export function createLocalTimeFormatter(timeZone: string): (ms: number) => string {
  const offsetFor = createOffsetLookup(timeZone)
  return (ms) => wallClockText(new Date(ms + offsetFor(ms)))
}

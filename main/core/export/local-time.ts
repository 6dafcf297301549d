// Wall-clock time in a named zone, fast enough for a million rows.
// Intl's formatToParts costs about 5 µs a call, so the zone's offset is
// looked up once per UTC hour and reused: an hour whose first and last
// millisecond share an offset holds no transition (zones never shift twice
// within an hour), so every instant in it has that offset. Hours with a
// transition fall back to one lookup per instant.

/** The zone this machine's clock shows, e.g. "Europe/Berlin". */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

const HOUR_MS = 3_600_000
/** Marks an hour that contains a transition. */
const MIXED = Number.NaN
/** Enough for 10 years of hourly data; cleared, not evicted, when full (exports run in time order). */
const MAX_CACHED_HOURS = 100_000

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

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
  } catch {
    throw new RangeError(`The time zone "${timeZone}" is not an IANA zone name this system knows (e.g. "Europe/Berlin").`)
  }
}

/**
 * Formats instants (epoch ms) as local wall-clock text in `timeZone`.
 * Throws a RangeError naming the zone when it is unknown.
 */
export function createLocalTimeFormatter(timeZone: string): (ms: number) => string {
  const formatter = zoneFormatter(timeZone)
  const hours = new Map<number, number>()

  function offsetAt(ms: number): number {
    const whole = Math.floor(ms / 1000) * 1000
    const part: Record<string, number> = {}
    for (const { type, value } of formatter.formatToParts(whole)) part[type] = Number(value)
    const wall = Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, part.second ?? 0)
    return wall - whole
  }

  function offsetFor(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS)
    let offset = hours.get(hour)
    if (offset === undefined) {
      const first = offsetAt(hour * HOUR_MS)
      offset = first === offsetAt(hour * HOUR_MS + HOUR_MS - 1) ? first : MIXED
      if (hours.size >= MAX_CACHED_HOURS) hours.clear()
      hours.set(hour, offset)
    }
    return Number.isNaN(offset) ? offsetAt(ms) : offset
  }

  return (ms) => wallClockText(new Date(ms + offsetFor(ms)))
}

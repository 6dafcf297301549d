// Named time zones: which one this monitor runs in, and a zone's UTC offset at
// an instant, fast enough to be asked for every row of an export or a rollup.
//
// Intl canonicalises some zone ids to their old names (ICU answers
// "Asia/Calcutta" for TZ=Asia/Kolkata), so the id a user gave is kept as
// given: headers and settings say "Asia/Kolkata", the zone they chose.

const HOUR_MS = 3_600_000
/** Marks an hour that contains a transition. */
const MIXED = Number.NaN
/** Enough for 10 years of hourly lookups; cleared, not evicted, when full (callers mostly run in time order). */
const MAX_CACHED_HOURS = 100_000

/** True when `zone` is an IANA zone name this system knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/**
 * The zone this machine's clock shows, e.g. "Europe/Berlin": the TZ variable
 * as written when it names a zone (":Asia/Kolkata" reads as Asia/Kolkata),
 * else the zone Intl resolves.
 */
export function systemTimeZone(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const given = env.TZ?.trim().replace(/^:/, '')
  if (given !== undefined && given !== '' && isTimeZone(given)) return given
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** Throws a RangeError naming the zone when it is not an IANA zone name. */
export function checkTimeZone(zone: string): string {
  if (!isTimeZone(zone)) throw new RangeError(`The time zone "${zone}" is not an IANA zone name this system knows (e.g. "Europe/Berlin").`)
  return zone
}

/**
 * The UTC offset (ms, east positive) of `timeZone` at an instant. Intl's
 * formatToParts costs about 5 µs a call, so the offset is looked up once per
 * UTC hour and reused: an hour whose first and last millisecond share an
 * offset holds no transition (zones never shift twice within an hour), so
 * every instant in it has that offset. Hours with a transition (Lord Howe
 * shifts at half past a UTC hour) fall back to one lookup per instant.
 */
export function createOffsetLookup(timeZone: string): (ms: number) => number {
  checkTimeZone(timeZone)
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
  const hours = new Map<number, number>()

  function offsetAt(ms: number): number {
    const whole = Math.floor(ms / 1000) * 1000
    const part: Record<string, number> = {}
    for (const { type, value } of formatter.formatToParts(whole)) part[type] = Number(value)
    const wall = Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, part.second ?? 0)
    return wall - whole
  }

  return (ms) => {
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
}

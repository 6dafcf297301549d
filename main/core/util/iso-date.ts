// ISO 8601 text from an admin (a command line, a query string, an export
// request) to milliseconds. Shared by the exports and the capacity periods,
// which both take dates this way.

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** ISO 8601 text to ms; a bare date is local midnight, as an admin means it. */
export function parseIsoTime(text: string): number | null {
  const trimmed = text.trim()
  if (!ISO_TIME.test(trimmed)) return null
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed)
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])]
    const local = new Date(year, month - 1, day)
    return local.getMonth() === month - 1 && local.getDate() === day ? local.getTime() : null
  }
  const ms = Date.parse(trimmed)
  return Number.isFinite(ms) ? ms : null
}

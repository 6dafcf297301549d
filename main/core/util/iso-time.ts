// Milliseconds of a retain time, remembered by its text. Each poll brings back
// the same licenses with the same time texts, and validation and aggregation
// both need them: bench:poll measured Date.parse at about a tenth of a poll.

/** Enough for every license of many busy servers; past it the memory starts over rather than growing. */
const MAX_REMEMBERED = 100_000

const remembered = new Map<string, number>()

/** Date.parse of the text, NaN when it is not a readable time. */
export function timeMs(text: string): number {
  let ms = remembered.get(text)
  if (ms === undefined) {
    ms = Date.parse(text)
    if (remembered.size >= MAX_REMEMBERED) remembered.clear()
    remembered.set(text, ms)
  }
  return ms
}

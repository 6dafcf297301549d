// Text a 4D Server sends (product, machine, server and user names) is
// hostile: it may be 10 KB long or carry a right-to-left override that
// reverses whatever follows it in a sentence. Every sentence that embeds such
// a name takes it through here: cut to a readable length with an ellipsis,
// and isolated for bidi (FSI ... PDI, Unicode's isolate for plain text, which
// desktop notifications and logs show as they are) when it holds any
// right-to-left letter or bidi control. The page isolates its cells in CSS.

/** Longest name a sentence shows; the whole name stays in the table's expanded row and in exports. */
export const DISPLAY_MAX_CHARS = 120

const ELLIPSIS = '\u2026'
const FIRST_STRONG_ISOLATE = '\u2068'
const POP_DIRECTIONAL_ISOLATE = '\u2069'
/** Hebrew, Arabic, Syriac, Thaana, NKo..., their presentation forms, and the bidi controls (LRE..RLO, LRI..PDI, LRM, RLM, ALM). */
const NEEDS_ISOLATION = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/

/** At most `max` characters (code points, so no emoji is split), the last one an ellipsis when cut. */
export function truncateText(text: string, max: number = DISPLAY_MAX_CHARS): string {
  if (text.length <= max) return text
  const points = Array.from(text)
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}${ELLIPSIS}`
}

/** A server-sent name as it goes into a sentence: truncated, and isolated when its direction could leak. */
export function displayName(text: string): string {
  const short = truncateText(text)
  return NEEDS_ISOLATION.test(short) ? `${FIRST_STRONG_ISOLATE}${short}${POP_DIRECTIONAL_ISOLATE}` : short
}

// A translated sentence whose parameters must stay elements (a <bdi> around a
// server name, a <strong>): the message is rendered with a marker in place of
// each such parameter and cut there, so the template can put the element
// where the language puts the word ("{servers} are one machine" reads
// "{servers} は 1 台のマシン" in Japanese) without concatenating fragments of
// a sentence. Pure apart from the current language.
import { t } from '../i18n/index.ts'

export type MessagePart = { kind: 'text'; text: string } | { kind: 'slot'; name: string; text: string }

/** U+0000 occurs in no message; the slots' own text (names from servers and admins) is put in after the cut, so it cannot move words. */
const MARK = '\u0000'

export function messageParts(
  key: string,
  slots: Readonly<Record<string, string>>,
  params: Readonly<Record<string, unknown>> = {},
): MessagePart[] {
  const marked = Object.fromEntries(Object.keys(slots).map((name) => [name, `${MARK}${name}${MARK}`]))
  const pieces = t(key, { ...params, ...marked }).split(MARK)
  // Odd pieces are the slot names between two markers.
  return pieces.flatMap((piece, index): MessagePart[] => {
    if (index % 2 === 1) return [{ kind: 'slot', name: piece, text: slots[piece] ?? '' }]
    return piece === '' ? [] : [{ kind: 'text', text: piece }]
  })
}

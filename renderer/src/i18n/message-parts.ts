// A translated sentence with markup around some of its parameters (a name in
// <strong><bdi>), without v-html and without vue-i18n's <i18n-t> component
// (views are also mounted without the plugin in tests): the message is said
// with a marker in each such parameter and cut at the markers, so the template
// puts its own elements where the language put the words.
import { t } from './index.ts'

export type MessagePart = { text: string } | { slot: string }

/** Private-use characters: never in a catalogue message or a 4D name shown here. */
const marker = (index: number): string => `\uE000${String(index)}\uE001`

export function messageParts(key: string, slots: readonly string[], params: Record<string, unknown> = {}): MessagePart[] {
  const marked = { ...params, ...Object.fromEntries(slots.map((slot, index) => [slot, marker(index)])) }
  const parts: MessagePart[] = []
  for (const piece of t(key, marked).split(/(\uE000\d+\uE001)/)) {
    const found = /^\uE000(\d+)\uE001$/.exec(piece)
    const slot = found ? slots[Number(found[1])] : undefined
    if (slot !== undefined) parts.push({ slot })
    else if (piece !== '') parts.push({ text: piece })
  }
  return parts
}

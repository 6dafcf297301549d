// What a core test asks of a message it receives: every language of the
// catalogue has its id and names no parameter the message does not give; its
// parts (sentences inside it) likewise, to any depth.
import type { TextMessage } from '../../main/core/types/index.ts'
import { LANGUAGE_MESSAGES, LANGUAGES, type MessageTree } from '../../renderer/src/i18n/catalogue.ts'

function messageAt(tree: MessageTree, id: string): string | undefined {
  const value = id
    .split('.')
    .reduce<string | MessageTree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree)
  return typeof value === 'string' ? value : undefined
}

/** Missing ids and parameters named but not given, in every language; empty when the message is whole. */
export function catalogueProblems(message: TextMessage): string[] {
  const problems: string[] = []
  for (const language of LANGUAGES) {
    const text = messageAt(LANGUAGE_MESSAGES[language], message.id)
    if (text === undefined) problems.push(`${language}: no ${message.id}`)
    else
      for (const [, name] of text.matchAll(/\{(\w+)\}/g))
        if (name !== undefined && !(name in message.params)) problems.push(`${language}: ${message.id} names {${name}}, not given`)
  }
  for (const part of Object.values(message.parts ?? {})) problems.push(...(Array.isArray(part) ? part : [part]).flatMap(catalogueProblems))
  return problems
}

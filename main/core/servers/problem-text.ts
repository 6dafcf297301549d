// The sentences that refuse a server entry, each made once as English text
// (files, the CLI, logs and tests read it) and as a message id of the
// catalogue with its parameters (renderer/src/i18n/locales,
// "servers.validation.*" and "servers.import.*"), which the Servers view says
// in the admin's language. zod keeps only a message's text in its issues, so
// the schema declares each of its sentences here with `said` and an issue's
// text finds its message again; the rules written in code (across fields,
// across the list, the page's limits) make both at once with `sentence` and
// pass the message to zod in the issue's params.
import type { z } from 'zod'
import type { TextMessage } from '../types/index.ts'

/** A sentence in English and as a message of the catalogue. */
export interface ProblemText {
  text: string
  message: TextMessage
}

type Params = TextMessage['params']

const validationId = (name: string): string => `servers.validation.${name}`

export function sentence(name: string, text: string, params: Params = {}): ProblemText {
  return { text, message: { id: validationId(name), params } }
}

export function importSentence(name: string, text: string, params: Params = {}): ProblemText {
  return { text, message: { id: `servers.import.${name}`, params } }
}

/** The schema's sentences by their English. */
const declared = new Map<string, TextMessage>()

/**
 * A sentence of the schema: its English for zod, its message kept under that English. One
 * English sentence has one message: two would make the lookup a guess, so it throws at load.
 */
export function said(name: string, text: string, params: Params = {}): string {
  const message: TextMessage = { id: validationId(name), params }
  const known = declared.get(text)
  if (known !== undefined && JSON.stringify(known) !== JSON.stringify(message))
    throw new Error(`The sentence "${text}" is declared as ${known.id} and as ${message.id}.`)
  declared.set(text, message)
  return text
}

/** What a custom issue carries in its params: the message of the rule that raised it. */
export function issueParams(message: TextMessage): { message: TextMessage } {
  return { message }
}

/** "unknown field "intevalMs"", "auth: unknown fields "a", "b"". */
export function unknownFieldsText(keys: readonly string[], where = ''): ProblemText {
  const fields = keys.map((key) => JSON.stringify(key)).join(', ')
  const text = `unknown ${keys.length === 1 ? 'field' : 'fields'} ${fields}`
  const params = { count: keys.length, fields }
  return where === '' ? sentence('unknownFields', text, params) : sentence('unknownFieldsAt', `${where}: ${text}`, { ...params, where })
}

function isTextMessage(value: unknown): value is TextMessage {
  const candidate = value as Partial<TextMessage> | null | undefined
  return typeof candidate?.id === 'string' && typeof candidate.params === 'object'
}

/**
 * The issue as the form and the import say it, `path` being its place inside the entry: its
 * text (an unknown key named with that place) and its message; no message for an issue no
 * rule here words (zod's own default), which then stays English.
 */
export function issueText(
  issue: z.core.$ZodIssue,
  path: readonly PropertyKey[] = issue.path,
): { text: string; message: TextMessage | undefined } {
  if (issue.code === 'unrecognized_keys') return unknownFieldsText(issue.keys, path.map(String).join('.'))
  if (issue.code === 'custom' && isTextMessage(issue.params?.message)) return { text: issue.message, message: issue.params.message }
  return { text: issue.message, message: declared.get(issue.message) }
}

/** Every sentence the schema declared, with its message: for the test that the catalogue's English says each word for word. */
export function declaredSentences(): ProblemText[] {
  return [...declared].map(([text, message]) => ({ text, message }))
}

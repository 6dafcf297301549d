// A refusal the user reads, thrown where it happens and caught far away (a
// contract handler, a dialog): it carries its sentence as a catalogue message
// beside the English, so whoever shows it can say it in the user's language.
// The English stays the Error's message: logs, the CLI and older pages read it.
import type { LocalText, TextMessage } from '../types/index.ts'

export class MessageError extends Error {
  readonly textMessage: TextMessage
  constructor(text: LocalText) {
    super(text.text)
    this.name = 'MessageError'
    this.textMessage = text.message
  }
}

/** The catalogue message a thrown value carries; undefined for any other error (its English is all there is). */
export function errorMessageOf(error: unknown): TextMessage | undefined {
  return error instanceof MessageError ? error.textMessage : undefined
}

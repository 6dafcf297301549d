// The one error a poll step throws to end the poll with a finished sentence.
// fetchServer turns it into a failed PollOutcome; nothing else throws it out.
// It carries the sentence in English and as a catalogue message (error-text.ts).

import type { TextMessage } from '../types/index.ts'
import type { ErrorText } from './error-text.ts'

export class PollFailure extends Error {
  retryAfterMs: number | null
  local: TextMessage
  constructor(error: ErrorText, retryAfterMs: number | null = null) {
    super(error.text)
    this.name = 'PollFailure'
    this.retryAfterMs = retryAfterMs
    this.local = error.message
  }

  get errorText(): ErrorText {
    return { text: this.message, message: this.local }
  }
}

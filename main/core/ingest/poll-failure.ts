// The one error a poll step throws to end the poll with a finished sentence.
// fetchServer turns it into a failed PollOutcome; nothing else throws it out.

export class PollFailure extends Error {
  retryAfterMs: number | null
  constructor(message: string, retryAfterMs: number | null = null) {
    super(message)
    this.name = 'PollFailure'
    this.retryAfterMs = retryAfterMs
  }
}

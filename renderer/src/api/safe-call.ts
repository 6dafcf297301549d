// The renderer's one way to make a contract call: every call answers a Result, and a call
// that throws instead (a lost connection, a closed window, a bug) becomes a failed Result
// with a sentence, so no store has to wrap its own try/catch.
// (The renderer takes no run-time code from main/ by the layer rules, hence its own
// errorSentence beside main/core/util/errors.ts.)
import type { Result } from '../../../main/core/contract/contract.ts'

/** What went wrong, as a sentence: an Error's message, else the thrown value as text. */
export function errorSentence(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Runs `call`; a throw or a rejection comes back as `{ ok: false, error }`. */
export async function safeCall<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call()
  } catch (error) {
    return { ok: false, error: errorSentence(error) }
  }
}

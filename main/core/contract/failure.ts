// A thrown failure as the contract's failed Result: the English sentence
// (secret-shaped parts masked), and the catalogue message when the error
// carries one (MessageError), so the page can say it in its language.
import type { TextMessage } from '../types/index.ts'
import { errorSentence } from '../util/errors.ts'
import { errorMessageOf } from '../util/message-error.ts'

export function failure(error: unknown): { ok: false; error: string; errorMessage?: TextMessage } {
  const errorMessage = errorMessageOf(error)
  const sentence = errorSentence(error)
  return errorMessage === undefined ? { ok: false, error: sentence } : { ok: false, error: sentence, errorMessage }
}

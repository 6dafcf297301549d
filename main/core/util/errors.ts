import { redactSecrets } from './redact.ts'

/**
 * What went wrong, as the sentence to show or log: an Error's message, else the
 * thrown value as text (code can throw anything: a string, a rejected fetch's reason).
 * Secret-shaped parts (session cookies, Authorization headers, URL user info) are
 * masked: a library's message may quote a request or an answer.
 */
export function errorSentence(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error))
}

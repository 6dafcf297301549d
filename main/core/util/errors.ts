/**
 * What went wrong, as the sentence to show or log: an Error's message, else the
 * thrown value as text (code can throw anything: a string, a rejected fetch's reason).
 */
export function errorSentence(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

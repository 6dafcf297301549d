// Argument validation for call handlers: the renderer is not trusted, so every
// handler checks what it was given before using it.
import { z } from 'zod'
import type { CallName } from './contract.ts'

/** Thrown by a handler whose arguments fail validation; the message names the call and the problem. */
export class ArgumentError extends Error {}

/** Validates a call's arguments (a tuple schema) or throws an ArgumentError naming the call. */
export function callArgs<T extends z.ZodTuple>(call: CallName, schema: T, args: unknown[]): z.output<T> {
  const parsed = schema.safeParse(args)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue && issue.path.length > 0 ? `argument ${issue.path.map(String).join('.')}: ` : ''
  throw new ArgumentError(`invalid arguments for ${call}: ${where}${issue?.message ?? 'rejected'}`)
}

// The command lines' one way to read flags: strict (an unknown flag is an
// error that names it), no positional arguments, and a sentence instead of a
// thrown error. Each CLI declares its own flags and adds its usage text.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { errorSentence } from './errors.ts'

export type Flags<T extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values']

export function parseFlags<T extends ParseArgsOptionsConfig>(
  argv: string[],
  options: T,
): { ok: true; values: Flags<T> } | { ok: false; error: string } {
  try {
    return { ok: true, values: parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values }
  } catch (error) {
    return { ok: false, error: errorSentence(error) }
  }
}

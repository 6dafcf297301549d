// What went wrong with a file, in words a user can act on. Node's own messages
// ("EISDIR: illegal operation on a directory, read") name neither the file
// nor what to do, and SQLite's "unable to open database file" names no cause.
import type { TextMessage } from '../types/index.ts'
import { errorSentence } from './errors.ts'

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of its path is a file, not a folder',
  ENOENT: 'it does not exist',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'its path is too long',
  EBUSY: 'it is in use',
  EEXIST: 'something of that name is in the way',
}

/** "permission denied (EACCES)"; the error's own sentence when it has no known code. */
export function fileCause(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code in CAUSES) return `${CAUSES[code] ?? ''} (${code})`
  return errorSentence(error)
}

/**
 * fileCause as a catalogue message (`fileCauses.<code>`, the code as a parameter), for a sentence
 * that says it as a part; undefined when the error has no known code (its own English is all there is).
 */
export function fileCauseMessage(error: unknown): TextMessage | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code in CAUSES ? { id: `fileCauses.${code}`, params: { code } } : undefined
}

/** The English of every known cause by code, for the test that keeps the catalogue's English equal to it. */
export const FILE_CAUSES: Readonly<Record<string, string>> = CAUSES

// One way to save a small file: write a temporary file beside it, then rename
// over it. A crash or a full disk leaves the old file or the new one, never
// half of either, and a failed write leaves no temporary file behind.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileCause } from './file-errors.ts'

export interface AtomicWriteOptions {
  /** File mode of a new file, e.g. 0o600 for one that may hold secrets. */
  mode?: number
}

/** Throws the file system's error; the caller turns it into a sentence for the user. */
export function writeFileAtomically(path: string, text: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, text, options.mode === undefined ? {} : { mode: options.mode })
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}

/** The cause in words with its code ("the disk is full (ENOSPC)"), or the error's message, for a sentence. */
export function fileErrorReason(error: unknown): string {
  return fileCause(error)
}

// Issue 12: file errors name the cause in words, with its code.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileErrorReason, writeFileAtomically } from '../../../main/core/util/atomic-file.ts'
import { fileCause } from '../../../main/core/util/file-errors.ts'

const coded = (code: string) => Object.assign(new Error(`${code}: something, open '/x'`), { code })

describe('fileCause', () => {
  it.each([
    ['EISDIR', 'it is a folder, not a file (EISDIR)'],
    ['EACCES', 'permission denied (EACCES)'],
    ['ENOSPC', 'the disk is full (ENOSPC)'],
    ['EROFS', 'the file system is read-only (EROFS)'],
    ['ENOTDIR', 'a part of its path is a file, not a folder (ENOTDIR)'],
  ])('%s reads "%s"', (code, sentence) => {
    expect(fileCause(coded(code))).toBe(sentence)
    expect(fileErrorReason(coded(code))).toBe(sentence)
  })

  it("falls back to the error's own sentence for an unknown code", () => {
    expect(fileCause(coded('EWEIRD'))).toBe("EWEIRD: something, open '/x'")
  })

  it('a real EISDIR from writing over a folder reads as one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-file-errors-'))
    try {
      let caught: unknown = null
      try {
        writeFileAtomically(dir, 'x')
      } catch (error) {
        caught = error
      }
      expect(fileCause(caught)).toMatch(/\((EISDIR|ENOTEMPTY|EEXIST|EPERM)\)$|not a file/)
      expect(() => readFileSync(dir)).toThrow()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

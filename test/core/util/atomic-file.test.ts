import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileErrorReason, writeFileAtomically } from '../../../main/core/util/atomic-file.ts'

describe('writeFileAtomically', () => {
  it('creates missing folders, replaces the file whole, and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-atomic-'))
    const path = join(dir, 'nested', 'settings.json')
    writeFileAtomically(path, '{"a":1}')
    writeFileAtomically(path, '{"a":2}', { mode: 0o600 })
    expect(readFileSync(path, 'utf8')).toBe('{"a":2}')
    expect(readdirSync(join(dir, 'nested'))).toEqual(['settings.json'])
  })

  it('gives a new file the requested mode', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lm-atomic-')), 'secret.json')
    writeFileAtomically(path, '{}', { mode: 0o600 })
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('keeps the old file and removes the temporary one when the rename fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-atomic-'))
    const path = join(dir, 'target')
    // A folder where the file should go: writing the temp works, the rename over a non-empty folder fails.
    const blocker = join(path)
    writeFileSync(join(dir, 'keep.txt'), 'x')
    mkdirSync(blocker)
    writeFileSync(join(blocker, 'inside'), 'y')
    let caught: unknown
    try {
      writeFileAtomically(path, 'new')
    } catch (error) {
      caught = error
    }
    // The cause in words with its code, e.g. "it is a folder, not a file (EISDIR)".
    expect(fileErrorReason(caught)).toMatch(/^[a-z].* \(E[A-Z]+\)$/)
    expect(readdirSync(dir).sort()).toEqual(['keep.txt', 'target'])
    expect(existsSync(join(blocker, 'inside'))).toBe(true)
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { appIconPng, ICON_PATH, ICON_SIZE } from '../../scripts/generate-icons.ts'

describe('generate-icons', () => {
  it('build/icon.png is the committed output of the script, at 512 px', () => {
    const committed = readFileSync(ICON_PATH)
    expect(committed.readUInt32BE(16)).toBe(ICON_SIZE)
    expect(committed.readUInt32BE(20)).toBe(ICON_SIZE)
    expect(committed.equals(appIconPng()), 'run node scripts/generate-icons.ts and commit build/icon.png').toBe(true)
  })
})

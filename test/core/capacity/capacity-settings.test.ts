// Capacity settings: defaults, sentences that name the field, the file in the data folder.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  CAPACITY_CONFIG_FILE,
  loadCapacitySettings,
  parseCapacitySettings,
  saveCapacitySettings,
} from '../../../main/core/capacity/capacity-settings.ts'

const dir = mkdtempSync(join(tmpdir(), 'lm-capacity-settings-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('capacity settings', () => {
  it('defaults to a margin of 3 and no groups', () => {
    expect(parseCapacitySettings(undefined)).toEqual({ ok: true, settings: { margin: 3, groups: [] } })
    expect(parseCapacitySettings({ margin: 5, groups: [{ name: 'Finance', patterns: ['fin-*'] }] })).toEqual({
      ok: true,
      settings: { margin: 5, groups: [{ name: 'Finance', patterns: ['fin-*'] }] },
    })
  })

  it('refuses what it cannot use with a sentence naming the field', () => {
    expect(parseCapacitySettings({ margni: 3 })).toEqual({ ok: false, error: 'Capacity settings: unknown field "margni".' })
    expect(parseCapacitySettings({ margin: 1.5 })).toEqual({ ok: false, error: 'Capacity settings: the margin must be a whole number.' })
    expect(parseCapacitySettings({ margin: '4' })).toEqual({ ok: false, error: 'Capacity settings: the margin must be a number.' })
    expect(
      parseCapacitySettings({
        groups: [
          { name: 'X', patterns: ['x'] },
          { name: 'Y', patterns: ['y', '[ab]*'] },
        ],
      }),
    ).toEqual({
      ok: false,
      error: 'Capacity settings: pattern 2 of group 2 may use * and ? but not [ or ].',
    })
    expect(parseCapacitySettings({ groups: [{ name: ' ', patterns: ['x'] }] })).toEqual({
      ok: false,
      error: 'Capacity settings: the name of group 1 must not be empty.',
    })
    expect(parseCapacitySettings({ groups: [{ name: 'X', patterns: [] }] })).toEqual({
      ok: false,
      error: 'Capacity settings: the patterns of group 1 must hold at least one pattern.',
    })
    expect(parseCapacitySettings({ groups: [{ name: 'X', patterns: ['x'], colour: 'red' }] })).toEqual({
      ok: false,
      error: 'Capacity settings: unknown field "colour" in group 1.',
    })
  })

  it('reads <data>/capacity-config.json; a broken file gives the defaults and a sentence', () => {
    expect(loadCapacitySettings(dir)).toEqual({ settings: { margin: 3, groups: [] }, problem: null })
    writeFileSync(join(dir, CAPACITY_CONFIG_FILE), '{"margin": 2}')
    expect(loadCapacitySettings(dir).settings.margin).toBe(2)
    writeFileSync(join(dir, CAPACITY_CONFIG_FILE), '{"margin": -1}')
    const loaded = loadCapacitySettings(dir)
    expect(loaded.settings.margin).toBe(3)
    expect(loaded.problem).toContain('the margin must be at least 0')
  })

  it('saves what it loads: the file round-trips, is replaced whole, and a refused value changes nothing', () => {
    const folder = mkdtempSync(join(dir, 'save-'))
    const settings = { margin: 5, groups: [{ name: 'Finance', patterns: ['fin-*', 'maria'] }] }
    expect(saveCapacitySettings(folder, settings)).toEqual({ ok: true, settings, keptAside: null })
    expect(loadCapacitySettings(folder)).toEqual({ settings, problem: null })
    expect(saveCapacitySettings(folder, { margin: -2, groups: [] })).toEqual({
      ok: false,
      error: 'Capacity settings: the margin must be at least 0.',
    })
    expect(loadCapacitySettings(folder).settings).toEqual(settings)
    expect(readdirSync(folder)).toEqual([CAPACITY_CONFIG_FILE])
  })

  it('a file it cannot use is kept aside, byte for byte, before the new settings are saved', () => {
    const folder = mkdtempSync(join(dir, 'aside-'))
    const broken = '{ "margin": 4, "groups": [ { "name": "Web", "patterns": ["rest-*"] }, ] }'
    writeFileSync(join(folder, CAPACITY_CONFIG_FILE), broken)
    expect(loadCapacitySettings(folder).problem).toContain('is not valid JSON; the defaults apply')
    const saved = saveCapacitySettings(folder, { margin: 4, groups: [] }, Date.UTC(2026, 11, 2, 3, 4, 5))
    expect(saved).toEqual({
      ok: true,
      settings: { margin: 4, groups: [] },
      keptAside: join(folder, 'capacity-config.unusable-2026-12-02T03-04-05-000Z.json'),
    })
    expect(readFileSync(join(folder, 'capacity-config.unusable-2026-12-02T03-04-05-000Z.json'), 'utf8')).toBe(broken)
    expect(loadCapacitySettings(folder)).toEqual({ settings: { margin: 4, groups: [] }, problem: null })
  })

  it('a folder that cannot be written gives a sentence naming the file', () => {
    const file = join(dir, 'not-a-folder')
    writeFileSync(file, 'x')
    const saved = saveCapacitySettings(file, { margin: 1 })
    expect(saved).toMatchObject({ ok: false, error: expect.stringContaining(`could not be saved to ${join(file, CAPACITY_CONFIG_FILE)}`) })
  })
})

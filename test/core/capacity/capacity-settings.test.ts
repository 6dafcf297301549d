// Capacity settings: defaults, sentences that name the field, the file in the data folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CAPACITY_CONFIG_FILE, loadCapacitySettings, parseCapacitySettings } from '../../../main/core/capacity/capacity-settings.ts'

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
    expect(parseCapacitySettings({ margin: 1.5 })).toEqual({ ok: false, error: 'Capacity settings: "margin" must be a whole number.' })
    expect(parseCapacitySettings({ groups: [{ name: 'X', patterns: ['[ab]*'] }] })).toEqual({
      ok: false,
      error: 'Capacity settings: "groups.0.patterns.0" a pattern may use * and ? but not [ or ].',
    })
  })

  it('reads <data>/capacity-config.json; a broken file gives the defaults and a sentence', () => {
    expect(loadCapacitySettings(dir)).toEqual({ settings: { margin: 3, groups: [] }, problem: null })
    writeFileSync(join(dir, CAPACITY_CONFIG_FILE), '{"margin": 2}')
    expect(loadCapacitySettings(dir).settings.margin).toBe(2)
    writeFileSync(join(dir, CAPACITY_CONFIG_FILE), '{"margin": -1}')
    const loaded = loadCapacitySettings(dir)
    expect(loaded.settings.margin).toBe(3)
    expect(loaded.problem).toContain('"margin" must be at least 0')
  })
})

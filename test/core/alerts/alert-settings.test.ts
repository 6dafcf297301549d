import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { alertSettingsFile, keyValueAlertSettings, toAlertConfigInput } from '../../../main/core/alerts/alert-settings.ts'
import { defaultAlertConfig, parseAlertConfig } from '../../../main/core/alerts/config.ts'

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'lm-alert-settings-')), 'alert-config.json')
}

describe('alert settings file (served mode)', () => {
  it('is absent at first: the defaults, notifications on, no problem', () => {
    expect(alertSettingsFile(tempFile()).load()).toEqual({ config: defaultAlertConfig(), notificationsEnabled: true, problem: null })
  })

  it('round-trips thresholds and the notifications switch, leaving no temporary file', () => {
    const path = tempFile()
    const parsed = parseAlertConfig({
      warning: { utilizationPercent: 70 },
      overrides: [{ product: '4D Client', critical: { remaining: 2 } }],
    })
    if (!parsed.ok) throw new Error(parsed.error)
    expect(alertSettingsFile(path).save({ config: toAlertConfigInput(parsed.config), notificationsEnabled: false })).toBeNull()
    expect(alertSettingsFile(path).load()).toEqual({ config: parsed.config, notificationsEnabled: false, problem: null })
    expect(readdirSync(join(path, '..'))).toEqual(['alert-config.json'])
    expect(JSON.parse(readFileSync(path, 'utf8')).notifications).toBe(false)
  })

  it('reads a hand-written partial file, defaults filling the rest', () => {
    const path = tempFile()
    writeFileSync(path, JSON.stringify({ critical: { remaining: 3 } }))
    const loaded = alertSettingsFile(path).load()
    expect(loaded.problem).toBeNull()
    expect(loaded.config.levels.critical).toEqual({ utilizationPercent: null, remaining: 3, forMs: 0, repeatMs: 1_800_000 })
    expect(loaded.config.levels.warning).toEqual(defaultAlertConfig().levels.warning)
  })

  it('falls back to the defaults with a sentence naming the file for bad JSON, bad thresholds or a bad switch', () => {
    const path = tempFile()
    writeFileSync(path, '{ "warning": ')
    expect(alertSettingsFile(path).load()).toEqual({
      config: defaultAlertConfig(),
      notificationsEnabled: true,
      problem: `The alert settings file ${path} is not valid JSON; the defaults apply until they are saved again.`,
    })
    writeFileSync(path, JSON.stringify({ warning: { utilizationPercent: 99 }, notifications: 'off' }))
    const loaded = alertSettingsFile(path).load()
    expect(loaded.config).toEqual(defaultAlertConfig())
    expect(loaded.notificationsEnabled).toBe(true)
    expect(loaded.problem).toBe(
      `In ${path}, "notifications" must be true or false; notifications stay on. ` +
        `The alert settings are not valid: The warning utilization (99%) must not be above the critical one (95%) in ${path}; the default thresholds apply until they are saved again.`,
    )
  })
})

describe("alert settings file with an older home (the served mode once kept the demo's in <data>/demo)", () => {
  it('reads the older file while its own is absent, then saves and reads its own', () => {
    const path = tempFile()
    const older = join(path, '..', 'demo', 'alert-config.json')
    mkdirSync(join(older, '..'))
    writeFileSync(older, JSON.stringify({ critical: { remaining: 4 }, notifications: false }))
    const settings = alertSettingsFile(path, older)
    const migrated = settings.load()
    expect(migrated).toMatchObject({ notificationsEnabled: false, problem: null })
    expect(migrated.config.levels.critical.remaining).toBe(4)
    expect(settings.save({ config: { critical: { remaining: 6 } }, notificationsEnabled: true })).toBeNull()
    expect(settings.load().config.levels.critical.remaining).toBe(6)
    expect(JSON.parse(readFileSync(older, 'utf8'))).toEqual({ critical: { remaining: 4 }, notifications: false })
  })

  it('prefers its own file, and reports a bad older file by its path', () => {
    const path = tempFile()
    const older = join(path, '..', 'older.json')
    writeFileSync(older, '{ nope')
    expect(alertSettingsFile(path, older).load().problem).toBe(
      `The alert settings file ${older} is not valid JSON; the defaults apply until they are saved again.`,
    )
    writeFileSync(path, JSON.stringify({ critical: { remaining: 5 } }))
    expect(alertSettingsFile(path, older).load()).toMatchObject({ problem: null, config: { levels: { critical: { remaining: 5 } } } })
  })
})

describe('alert settings in a key-value store (electron-store)', () => {
  it('uses the keys alerts and notificationsEnabled', () => {
    const map = new Map<string, unknown>()
    const store = { get: (key: string) => map.get(key), set: (key: string, value: unknown) => void map.set(key, value) }
    const settings = keyValueAlertSettings(store)
    expect(settings.load()).toEqual({ config: defaultAlertConfig(), notificationsEnabled: true, problem: null })
    const input = toAlertConfigInput(defaultAlertConfig())
    input.warning = { ...input.warning, utilizationPercent: 60 }
    expect(settings.save({ config: input, notificationsEnabled: false })).toBeNull()
    expect([...map.keys()].sort()).toEqual(['alerts', 'notificationsEnabled'])
    expect(settings.load()).toMatchObject({
      notificationsEnabled: false,
      problem: null,
      config: { levels: { warning: { utilizationPercent: 60 } } },
    })
  })

  it('reports a store that refuses to write', () => {
    const settings = keyValueAlertSettings({
      get: () => undefined,
      set: () => {
        throw new Error('EACCES: permission denied')
      },
    })
    expect(settings.save({ config: {}, notificationsEnabled: true })).toBe(
      'The alert settings could not be saved (EACCES: permission denied); they apply until the app restarts.',
    )
  })
})

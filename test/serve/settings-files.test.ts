// The served mode's settings files in <data>: the server list, the alert
// thresholds (with the older <data>/demo fallback) and the retention, on real
// files in a temp folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { servedAlertSettings, servedSettings } from '../../main/serve/settings-files.ts'

let data: string
beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'lm-settings-files-'))
})
afterEach(() => rmSync(data, { recursive: true, force: true }))

describe('served settings files', () => {
  it('servedAlertSettings keeps the file in the app data folder and falls back to <data>/demo', () => {
    mkdirSync(join(data, 'demo'))
    writeFileSync(join(data, 'demo', 'alert-config.json'), JSON.stringify({ critical: { remaining: 7 } }))
    const settings = servedAlertSettings(data)
    expect(settings.load().config.levels.critical.remaining).toBe(7)
    expect(settings.save({ config: { critical: { remaining: 8 } }, notificationsEnabled: true })).toBeNull()
    expect(JSON.parse(readFileSync(join(data, 'alert-config.json'), 'utf8'))).toMatchObject({ critical: { remaining: 8 } })
  })

  it('reads the server list from <data>/servers.json unless --config names another file', () => {
    writeFileSync(join(data, 'servers.json'), JSON.stringify({ servers: [{ name: 'Accounting', url: 'http://127.0.0.1:9/' }] }))
    expect(
      servedSettings(null, data)
        .servers.read()
        .map((record) => record.name),
    ).toEqual(['Accounting'])
    const other = join(data, 'other.json')
    writeFileSync(other, JSON.stringify({ servers: [] }))
    expect(servedSettings(other, data).servers.read()).toEqual([])
  })

  it('keeps the retention in <data>/history-config.json', () => {
    writeFileSync(join(data, 'history-config.json'), JSON.stringify({ retention: { rawHours: 24 } }))
    expect(servedSettings(null, data).historySettings.load()).toMatchObject({ retention: { rawHours: 24, minuteDays: 30 }, problem: null })
  })

  it('refuses a --config file that does not exist, naming it', () => {
    const missing = join(data, 'missing.json')
    expect(() => servedSettings(missing, data)).toThrow(`${missing}: file not found`)
  })
})

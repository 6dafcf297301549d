import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appDataDir, workspaceDir } from '../../main/app/data-dir.ts'

describe('appDataDir (Electron userData for "4D License Monitor")', () => {
  it.each([
    ['linux', {}, '/home/ana/.config/4D License Monitor'],
    ['linux', { XDG_CONFIG_HOME: '/xdg' }, '/xdg/4D License Monitor'],
    ['linux', { XDG_CONFIG_HOME: ' ' }, '/home/ana/.config/4D License Monitor'],
    ['darwin', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana/Library/Application Support/4D License Monitor'],
    ['win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana\\AppData\\Roaming\\4D License Monitor'],
  ] as const)('%s with %j', (platform, env, expected) => {
    expect(appDataDir({ platform, env, home: '/home/ana' })).toBe(expected)
  })

  it('win32 without APPDATA falls back to the roaming folder under home', () => {
    expect(appDataDir({ platform: 'win32', env: {}, home: 'C:\\Users\\ana' })).toBe('C:\\Users\\ana\\AppData\\Roaming\\4D License Monitor')
  })
})

describe('workspaceDir', () => {
  it('keeps the demo in <data>/demo and the real servers in <data>', () => {
    expect(workspaceDir('/data', 'demo')).toBe(join('/data', 'demo'))
    expect(workspaceDir('/data', 'real')).toBe('/data')
  })
})

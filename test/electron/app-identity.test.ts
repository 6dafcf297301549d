import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, expect, it, vi } from 'vitest'
import { APP_ID } from '../../main/app/app-id.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { setupAppIdentity } = await import('../../main/electron/app-identity.ts')

beforeEach(() => resetElectronMock())

it('the code and electron-builder.yml use the same appId (Windows matches toasts to the shortcut by it)', () => {
  const yml = readFileSync(join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8')
  expect(yml.match(/^appId:\s*(\S+)\s*$/m)?.[1]).toBe(APP_ID)
})

it('the appId is valid as a macOS bundle id and a freedesktop app id: reverse domain, no hyphen, no underscore, no segment starting with a digit', () => {
  expect(APP_ID).toMatch(/^[a-z][a-z0-9]*(\.[A-Za-z][A-Za-z0-9]*){2,}$/)
  expect(APP_ID).not.toContain('example')
})

it('sets the AppUserModelID on Windows only', () => {
  setupAppIdentity('linux')
  setupAppIdentity('darwin')
  expect(electronMock.app.appUserModelIds).toEqual([])
  setupAppIdentity('win32')
  expect(electronMock.app.appUserModelIds).toEqual([APP_ID])
})

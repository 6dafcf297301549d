import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { electronMock } = await import('./electron-mock.ts')
const { setupSettings } = await import('../../main/electron/settings.ts')

let dir: string
let lines: string[]
const log = (line: string): void => void lines.push(line)

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-settings-'))
  lines = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const server = { name: 'Accounting', url: 'http://srv-app-01:8080/license-usage', kind: 'http-json', token: 's3cret-token' }

describe('settings', () => {
  it('defaults to no servers in Electron userData', () => {
    electronMock.app.userData = dir
    const settings = setupSettings({ log })
    expect(settings.path).toBe(join(dir, 'settings.json'))
    expect(settings.servers()).toEqual([])
    expect(settings.recovery).toBeNull()
    expect(lines).toEqual([])
  })

  it('gives servers ids from their names and the default interval and timeout', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({
      servers: [server, { ...server, name: 'Accounting!', intervalMs: 2000 }, { ...server, id: 'given', name: 'Sales', timeoutMs: 9000 }],
      timeoutMs: 3000,
    }))
    const servers = setupSettings({ cwd: dir, log }).servers()
    expect(servers.map((s) => [s.id, s.intervalMs, s.timeoutMs])).toEqual([
      ['accounting', 5000, 3000],
      ['accounting-2', 2000, 2000],
      ['given', 5000, 5000],
    ])
  })

  for (const [name, content] of [
    ['not JSON', '{"servers": [{"name": "Accounting", "token": "s3cret-token"'],
    ['against the schema', JSON.stringify({ servers: [{ ...server, kind: 'carrier-pigeon' }] })],
    ['a wrong type', JSON.stringify({ servers: 'all of them', intervalMs: 'often', token: 's3cret-token' })],
  ] as const) {
    it(`survives a corrupt file (${name}): backs it up, uses defaults, names the file without quoting it`, () => {
      const file = join(dir, 'settings.json')
      writeFileSync(file, content)
      const settings = setupSettings({ cwd: dir, log })
      expect(settings.servers()).toEqual([])
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain(file)
      expect(lines[0]).not.toContain('s3cret-token')
      expect(settings.recovery).toBe(lines[0])
      const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'))
      expect(backups).toHaveLength(1)
      expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(content)
      expect(lines[0]).toContain(join(dir, backups[0]!))
      // The next start is clean.
      lines = []
      expect(setupSettings({ cwd: dir, log }).recovery).toBeNull()
      expect(lines).toEqual([])
    })
  }
})

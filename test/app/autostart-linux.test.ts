import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  autostartDir,
  autostartFileText,
  desktopExecLine,
  isAutostartEnabled,
  setAutostart,
  type AutostartEntry,
} from '../../main/app/autostart-linux.ts'

let dir: string
const entry = (command: string[]): AutostartEntry => ({
  id: 'io.github.fourd.test',
  name: '4D License Monitor',
  comment: 'Watches 4D licenses',
  command,
})

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'autostart-')), 'autostart')
})
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }))

describe('the Exec line (Desktop Entry spec)', () => {
  it('leaves plain arguments bare', () => {
    expect(desktopExecLine(['/usr/bin/fourd-monitor', '--hidden'])).toBe('/usr/bin/fourd-monitor --hidden')
  })
  it('quotes a path with a space', () => {
    expect(desktopExecLine(['/opt/4D License Monitor/monitor', '--hidden'])).toBe('"/opt/4D License Monitor/monitor" --hidden')
  })
  it('escapes quote, backtick, dollar and backslash inside quotes, then doubles the backslashes of the string value', () => {
    // Quoted: "/a\"b\`c\$d\\e" ; stored with each backslash doubled.
    expect(desktopExecLine(['/a"b`c$d\\e'])).toBe('"/a\\\\"b\\\\`c\\\\$d\\\\\\\\e"')
  })
  it('writes a literal percent as %% so it is not read as a field code', () => {
    expect(desktopExecLine(['/home/x/100%/app'])).toBe('/home/x/100%%/app')
  })
  it('refuses an empty command with a sentence', () => {
    expect(() => desktopExecLine([])).toThrow(/needs a program/)
  })
})

describe('the autostart folder', () => {
  it('follows an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe('/cfg/autostart')
    expect(autostartDir({ XDG_CONFIG_HOME: 'cfg' }, '/home/ana')).toBe('/home/ana/.config/autostart')
    expect(autostartDir({}, '/home/ana')).toBe('/home/ana/.config/autostart')
  })
})

describe('writing and removing the entry (real files)', () => {
  it('creates the folder, writes a readable entry, then removes it', () => {
    const wanted = entry(['/opt/4D License Monitor/monitor', '--hidden'])
    expect(isAutostartEnabled(dir, wanted.id)).toBe(false)
    setAutostart(dir, wanted, true)
    const file = join(dir, `${wanted.id}.desktop`)
    const text = readFileSync(file, 'utf8')
    expect(text.split('\n')[0]).toBe('[Desktop Entry]')
    expect(text).toContain('Type=Application\n')
    expect(text).toContain('Exec="/opt/4D License Monitor/monitor" --hidden\n')
    expect(statSync(file).mode & 0o777).toBe(0o644)
    expect(isAutostartEnabled(dir, wanted.id)).toBe(true)
    setAutostart(dir, wanted, false)
    expect(isAutostartEnabled(dir, wanted.id)).toBe(false)
    // Removing twice is fine: the user may have deleted it by hand.
    setAutostart(dir, wanted, false)
  })
  it('keeps a name on one line so it cannot add keys', () => {
    const text = autostartFileText({ ...entry(['/bin/app']), name: 'Evil\nExec=/bin/rm' })
    expect(text.match(/^Exec=/gm)).toHaveLength(1)
  })
  it('refuses an id that would leave the folder', () => {
    expect(() => setAutostart(dir, { ...entry(['/bin/app']), id: '../x' }, true)).toThrow(/may hold only/)
  })
})

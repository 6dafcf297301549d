import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openDesktopSettings } from '../../main/app/desktop-settings.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desktop-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('starts with start at login off and not yet offered', () => {
  expect(openDesktopSettings(dir).read()).toEqual({
    startAtLogin: false,
    startAtLoginOffered: false,
    metrics: { enabled: false, listen: '127.0.0.1:9470' },
  })
})

it('remembers the answer across opens', () => {
  openDesktopSettings(dir).update({ startAtLogin: true, startAtLoginOffered: true })
  expect(openDesktopSettings(dir).read()).toMatchObject({ startAtLogin: true, startAtLoginOffered: true })
  expect(JSON.parse(readFileSync(join(dir, 'desktop.json'), 'utf8'))).toMatchObject({ startAtLogin: true, startAtLoginOffered: true })
})

it('sets a broken file aside with a sentence naming the cause, and starts from the defaults', () => {
  writeFileSync(join(dir, 'desktop.json'), '{"startAtLogin": "yes"}')
  const settings = openDesktopSettings(dir)
  expect(settings.problem).toMatch(/"startAtLogin" is not true or false/)
  expect(settings.read().startAtLogin).toBe(false)
  expect(existsSync(join(dir, 'desktop.json.broken'))).toBe(true)
})

it('says "not valid JSON" without quoting the file', () => {
  writeFileSync(join(dir, 'desktop.json'), '{secret-token-abc')
  const settings = openDesktopSettings(dir)
  expect(settings.problem).toMatch(/not valid JSON/)
  expect(settings.problem).not.toContain('secret-token-abc')
})

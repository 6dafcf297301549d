import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openDesktopSettings } from '../../main/app/desktop-settings.ts'
import { catalogueSay } from '../fixtures/catalogue-say.ts'

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
  expect(settings.problem?.text).toMatch(/"startAtLogin" is not true or false/)
  // As the dialog says it: the catalogue's English is main's word for word, and German names the file and the key.
  expect(catalogueSay('en')(settings.problem?.message, '')).toBe(settings.problem?.text)
  expect(catalogueSay('de')(settings.problem?.message, '')).toBe(
    `Die Desktop-Einstellungen in ${join(dir, 'desktop.json')} konnten nicht verwendet werden („startAtLogin“ ist weder true noch false); ` +
      'Start bei Anmeldung und der Metrik-Listener bleiben aus, bis Sie erneut wählen.',
  )
  expect(settings.read().startAtLogin).toBe(false)
  expect(existsSync(join(dir, 'desktop.json.broken'))).toBe(true)
})

it('says "not valid JSON" without quoting the file', () => {
  writeFileSync(join(dir, 'desktop.json'), '{secret-token-abc')
  const settings = openDesktopSettings(dir)
  expect(settings.problem?.text).toMatch(/not valid JSON/)
  expect(settings.problem?.text).not.toContain('secret-token-abc')
  expect(catalogueSay('en')(settings.problem?.message, '')).toBe(settings.problem?.text)
})

// Runs the check the way `npm run check:builder` does (a process, its output and
// exit code) on the real files and one broken copy, and the same check in this
// process on the other broken copies (loading electron-builder once, not per case).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkBuilderConfig } from '../../scripts/check-builder-config.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const SCRIPT = join(ROOT, 'scripts', 'check-builder-config.ts')
const YML = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')
const dir = mkdtempSync(join(tmpdir(), 'lm-builder-'))
/** Loading electron-builder (in a child process, or here at the first check) takes seconds alone, several times that on a loaded machine. */
const LOAD_TIMEOUT_MS = 90_000
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function check(file?: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SCRIPT, ...(file ? [file] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, output }
}

/** The same answer as check(), from the script's function. */
async function checkHere(file: string): Promise<{ code: number; output: string }> {
  const { valid, sentence } = await checkBuilderConfig(file)
  return { code: valid ? 0 : 1, output: sentence }
}

function brokenCopy(name: string, edit: (yml: string) => string): string {
  const file = join(dir, name)
  const changed = edit(YML)
  expect(changed, 'the edit applies to the current electron-builder.yml').not.toBe(YML)
  writeFileSync(file, changed)
  return file
}

describe('check-builder-config', { timeout: LOAD_TIMEOUT_MS }, () => {
  it('accepts electron-builder.yml and the menu-bar build that extends it', async () => {
    const { code, output } = await check()
    expect(output).toContain(`${join(ROOT, 'electron-builder.yml')} is a valid electron-builder configuration`)
    expect(output).toContain(`${join(ROOT, 'electron-builder-menubar.yml')} is a valid electron-builder configuration`)
    expect(code).toBe(0)
  })

  it('refuses LSUIElement in the regular build: it would hide the Dock icon', async () => {
    const file = brokenCopy('dockless.yml', (yml) =>
      yml.replace('  icon: build/icon.icns', '  icon: build/icon.icns\n  extendInfo:\n    LSUIElement: true'),
    )
    const { code, output } = await checkHere(file)
    expect(code).toBe(1)
    expect(output).toContain('mac.extendInfo.LSUIElement must be absent from the regular build')
  })

  it('refuses a menu-bar build without LSUIElement true', async () => {
    const menuBarDir = mkdtempSync(join(tmpdir(), 'lm-menubar-'))
    try {
      const file = join(menuBarDir, 'electron-builder-menubar.yml')
      const menuBar = readFileSync(join(ROOT, 'electron-builder-menubar.yml'), 'utf8')
      writeFileSync(file, menuBar.replace('LSUIElement: true', 'LSUIElement: "yes"'))
      const { code, output } = await checkHere(file)
      expect(code).toBe(1)
      expect(output).toContain('mac.extendInfo.LSUIElement must be true in the menu-bar build (found "yes")')
    } finally {
      rmSync(menuBarDir, { recursive: true, force: true })
    }
  })

  it('refuses icons that are missing or of the wrong kind, naming the platform', async () => {
    const file = brokenCopy('icons.yml', (yml) =>
      yml.replace('icon: build/icon.ico', 'icon: build/icon.png').replace('icon: build/icon.icns', 'icon: build/nothing.icns'),
    )
    const { code, output } = await checkHere(file)
    expect(code).toBe(1)
    expect(output).toContain('win.icon build/icon.png is not an .ico file')
    expect(output).toContain('mac.icon build/nothing.icns does not exist: run npm run icons')
  })

  it('refuses an option the schema does not know, with the schema error', async () => {
    const file = brokenCopy('unknown-option.yml', (yml) => yml.replace('asar: true', 'asar: true\nautoLaunchOnBoot: yes'))
    const { code, output } = await check(file)
    expect(code).toBe(1)
    expect(output).toContain(`${file} is not a valid electron-builder configuration`)
    expect(output).toMatch(/does not match the API schema/)
  })

  it('refuses a wrong type under a platform', async () => {
    const file = brokenCopy('wrong-type.yml', (yml) => yml.replace('category: Utility', 'category: [1, 2]'))
    const { code, output } = await checkHere(file)
    expect(code).toBe(1)
    expect(output).toMatch(/linux/)
  })

  it('refuses a schema-valid file whose fuses are weaker than required', async () => {
    const file = brokenCopy('weak-fuses.yml', (yml) =>
      yml.replace('runAsNode: false', 'runAsNode: true').replace(/\n {2}onlyLoadAppFromAsar: true/, ''),
    )
    const { code, output } = await checkHere(file)
    expect(code).toBe(1)
    expect(output).toContain('electronFuses.runAsNode must be false (found true)')
    expect(output).toContain('electronFuses.onlyLoadAppFromAsar must be true (found null)')
  })
})

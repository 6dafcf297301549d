// Electron-level checks for machines that have the Electron binary. Here it
// cannot be downloaded, so these are reported as SKIPPED with the reason,
// never silently passed.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron')

/** Where the electron package's install step puts the binary (path.txt names it inside dist/). */
function electronBinary(): string | null {
  const pathFile = join(ELECTRON_DIR, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
const ABSENT = 'the Electron binary is absent on this machine: it cannot be downloaded here'
const NO_DISPLAY = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
const BUILT = existsSync(join(ROOT, 'out', 'main', 'index.js'))

if (binary === null) console.warn(`SKIPPED test/electron/electron-binary.test.ts: ${ABSENT}.`)
else if (NO_DISPLAY) console.warn('SKIPPED the app launch in test/electron/electron-binary.test.ts: no display (run under xvfb-run).')
else if (!BUILT)
  console.warn('SKIPPED the app launch in test/electron/electron-binary.test.ts: out/ is not built (run npx electron-vite build).')

describe('Electron binary', () => {
  it.skipIf(binary === null)(`is the pinned version (skipped when ${ABSENT})`, () => {
    const pinned = (JSON.parse(readFileSync(join(ELECTRON_DIR, 'package.json'), 'utf8')) as { version: string }).version
    const result = spawnSync(binary!, ['--version'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
    expect(result.stdout.trim()).toBe(`v${pinned}`)
  })

  it.skipIf(binary === null || NO_DISPLAY || !BUILT)(
    `launches the built app and keeps running (skipped when ${ABSENT}, without a display, or before a build)`,
    async () => {
      const userData = mkdtempSync(join(tmpdir(), 'lm-electron-run-'))
      const child = spawn(binary!, ['.', `--user-data-dir=${userData}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (d: Buffer) => (output += d.toString()))
      child.stderr.on('data', (d: Buffer) => (output += d.toString()))
      try {
        const exited = await new Promise<boolean>((resolveExit) => {
          const timer = setTimeout(() => resolveExit(false), 8_000)
          child.once('exit', () => {
            clearTimeout(timer)
            resolveExit(true)
          })
        })
        expect(exited, `the app exited early:\n${output}`).toBe(false)
      } finally {
        child.kill('SIGTERM')
        rmSync(userData, { recursive: true, force: true })
      }
    },
    30_000,
  )
})

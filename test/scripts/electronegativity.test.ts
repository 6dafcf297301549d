// Electronegativity, offline, over our sources (and out/ when built): zero
// HIGH findings. It runs the real script in a child process, with no network
// reachable needed; a deliberately bad fixture proves a HIGH would be caught.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const SCRIPT = join(ROOT, 'scripts', 'electronegativity.ts')

interface Report {
  inputs: string[]
  checks: number
  findings: Array<{ id: string; severity: string; file: string; line: number }>
  parseErrors: unknown[]
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('error', reject)
    child.once('close', (code) => resolveRun({ code, stdout, stderr }))
  })
}

const fixtures = mkdtempSync(join(tmpdir(), 'lm-electronegativity-'))
afterAll(() => rmSync(fixtures, { recursive: true, force: true }))

describe('Electronegativity (offline)', () => {
  it('finds no HIGH issue in main/, preload/, renderer/index.html and out/, and parses every file', async () => {
    const { code, stdout, stderr } = await run(['--json'])
    const report = JSON.parse(stdout) as Report
    expect(report.inputs).toEqual(expect.arrayContaining(['main', 'preload', 'renderer/index.html']))
    expect(report.checks).toBeGreaterThan(30)
    expect(report.parseErrors).toEqual([])
    expect(report.findings.filter((f) => f.severity === 'HIGH')).toEqual([])
    expect(code, stderr).toBe(0)
    // Each remaining lower finding is one docs/security.md explains.
    const explained = ['OPEN_EXTERNAL_JS_CHECK', 'PRELOAD_JS_CHECK', 'CSP_GLOBAL_CHECK']
    expect(report.findings.map((f) => f.id).filter((id) => !explained.includes(id))).toEqual([])
  }, 120_000)

  it('prints the findings grouped by severity', async () => {
    const { stdout } = await run(['--no-built'])
    expect(stdout).toMatch(/^Electronegativity \(offline\): \d+ checks over main, preload, renderer\/index\.html\n/)
    const headings = [...stdout.matchAll(/^(HIGH|MEDIUM|LOW|INFORMATIONAL): \d+$/gm)].map((m) => m[1])
    expect(headings).toEqual(['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'])
    expect(stdout).toContain('HIGH: 0')
  }, 120_000)

  it('would catch a window without context isolation or navigation limits: exit 1 with HIGH findings', async () => {
    const bad = join(fixtures, 'bad-window.js')
    writeFileSync(
      bad,
      `const { BrowserWindow } = require('electron')\n` +
        `const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } })\n` +
        `win.loadURL('http://example.com/')\n`,
    )
    const { code, stdout } = await run(['--json', bad])
    const report = JSON.parse(stdout) as Report
    const high = report.findings.filter((f) => f.severity === 'HIGH').map((f) => f.id)
    expect(high).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']))
    expect(code).toBe(1)
  }, 120_000)
})

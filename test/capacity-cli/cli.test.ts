// `npm run capacity` as an admin runs it: a child process (TZ=UTC) on a
// history recorded by the real recorder over two days; text, JSON and CSV
// (read back with papaparse), and sentences for bad command lines.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHistory } from '../../main/core/history/db.ts'
import { createRecorder } from '../../main/core/history/recorder.ts'
import type { CapacityReport } from '../../main/core/types/index.ts'
import { snapshot } from '../core/history/snapshots.ts'

const CLI = join(import.meta.dirname, '../../main/capacity-cli/cli.ts')
const DAY1 = Date.UTC(2026, 10, 27, 9)
const DAY2 = Date.UTC(2026, 10, 28, 9)
const LIMIT = 5
/** Per minute of the 4 recorded hours of each day: day 1 peaks at 3; day 2 is full (5) for 7 minutes from 10:00. */
const usedOn = (day: 1 | 2, minute: number) => (day === 2 && minute >= 60 && minute < 67 ? 5 : minute % 50 < 10 ? 3 : 1)
let dir: string

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data', dir, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'UTC' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-capacity-cli-'))
  const history = openHistory(dir)
  // As the running app does: a pause longer than 3 polls is unknown time, not time held.
  const recorder = createRecorder(history.db, Date.now, { resumeAfterMs: 180_000 })
  for (const [day, start] of [
    [1, DAY1],
    [2, DAY2],
  ] as const) {
    for (let minute = 0; minute < 240; minute++) {
      const used = usedOn(day, minute)
      const licenses = Array.from({ length: used }, (_, k) => ({ server: 'A', token: k + 1, user: k === 0 ? 'maria' : `user${k + 1}` }))
      recorder.record(snapshot([{ name: 'A', machine: 'srv-01' }], licenses, LIMIT), start + minute * 60_000)
    }
  }
  history.close()
  writeFileSync(join(dir, 'capacity-config.json'), JSON.stringify({ margin: 2, groups: [{ name: 'Accounts', patterns: ['mar*'] }] }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm run capacity', () => {
  it('--json: the figures of the two days, with the margin from capacity-config.json', async () => {
    const { code, stdout, stderr } = await run(['--from', '2026-11-27', '--to', '2026-11-28', '--json'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as CapacityReport
    expect(report.margin).toBe(2)
    const [pair] = report.pairs
    expect(pair!.dailyPeaks.map((d) => [new Date(d.day).toISOString().slice(0, 10), d.peak])).toEqual([
      ['2026-11-27', 3],
      ['2026-11-28', 5],
    ])
    expect(pair!.pressure).toMatchObject({ fullMs: 7 * 60_000, fullEpisodes: 1, fullDays: 1 })
    // Recorded: 2 x 240 minutes of 48 hours.
    expect(pair!.coverage.coveredMs).toBe(480 * 60_000)
    expect(pair!.coverage.gapCount).toBe(3)
  })

  it('text: the figures and the recommendation with its arithmetic', async () => {
    const { code, stdout } = await run(['--from', '2026-11-27', '--to', '2026-11-28'])
    expect(code).toBe(0)
    expect(stdout).toContain('srv-01 / 4D Client (1): limit 5')
    expect(stdout).toContain('coverage: 16.7 % of the period')
    expect(stdout).toContain(
      'From 2026-11-27 to 2026-11-28 the pool of 5 was full for 7 min on 1 day: 1 more license would have kept it below 90 %',
    )
    expect(stdout).toContain('arithmetic: highest peak 5; the smallest pool with 5 below 90 % is floor(5 × 10 / 9) + 1 = 6; 6 − 5 = 1')
  })

  it('--csv days and groups: one row per day, license-hours per group', async () => {
    const days = join(dir, 'days.csv')
    expect((await run(['--from', '2026-11-27', '--to', '2026-11-28', '--csv', 'days', '--out', days, '--delimiter', ','])).code).toBe(0)
    const dayRows = Papa.parse<string[]>(readFileSync(days, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data
    expect(dayRows[0]).toEqual(['Machine', 'Product ID', 'Product', 'Day', 'Daily peak', 'Peak time (UTC)', 'Limit', 'Peak / limit'])
    expect(dayRows.slice(1).map((r) => [r[3], r[4], r[6], r[7]])).toEqual([
      ['2026-11-27', '3', '5', '0.600'],
      ['2026-11-28', '5', '5', '1.000'],
    ])
    const groups = join(dir, 'groups.csv')
    expect((await run(['--from', '2026-11-27', '--to', '2026-11-28', '--csv', 'groups', '--out', groups, '--locale', 'pt-BR'])).code).toBe(
      0,
    )
    const groupRows = Papa.parse<string[]>(readFileSync(groups, 'utf8').replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
      delimiter: ';',
    }).data
    const accounts = groupRows.find((r) => r[3] === 'Accounts')!
    // maria holds token 1 from the first poll of each day to its last (4 h less a minute, twice; the pause between is unknown, not held).
    expect(accounts[4]).toBe('7,97')
    expect(accounts[5]).toBe('1')
  })

  it('refuses a bad command line or a missing history with a sentence and exit code 2', async () => {
    expect(await run(['--from', 'soon'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('The period\'s start "soon" is not an ISO 8601 date'),
    })
    expect(await run(['--csv', 'weeks', '--out', 'x.csv'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--csv must be one of days, users, clients, groups'),
    })
    expect(await run(['--csv', 'days'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--csv needs --out') })
    const empty = mkdtempSync(join(tmpdir(), 'lm-capacity-none-'))
    const child = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [CLI, '--data', empty], { stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      p.on('close', (code) => resolve({ code, stderr }))
    })
    rmSync(empty, { recursive: true, force: true })
    expect(child).toMatchObject({ code: 2, stderr: expect.stringContaining('No history file in') })
  })
})

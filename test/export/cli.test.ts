// `npm run export` as an admin runs it: a child process on a history file made
// by the recorder, its CSV read back with papaparse, and its exit codes.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHistory } from '../../main/core/history/db.ts'
import { createRecorder } from '../../main/core/history/recorder.ts'
import { snapshot, type ServerSpec } from '../core/history/snapshots.ts'

const CLI = join(import.meta.dirname, '../../main/export/cli.ts')
const T0 = Date.parse('2026-11-28T09:00:00Z')
let dir: string
let data: string

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'America/Sao_Paulo', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

function readCsv(file: string): { bom: boolean; rows: string[][] } {
  const text = readFileSync(file, 'utf8')
  const bom = text.startsWith('\uFEFF')
  // The delimiter as Excel would take it from the locale (";" where decimals have a comma): guessing from the
  // data breaks once decimal commas outnumber the delimiters (the history export's "Coverage %" column).
  const delimiter = text.split('\r\n')[0]!.includes(';') ? ';' : ','
  const parsed = Papa.parse<string[]>(bom ? text.slice(1) : text, { delimiter, newline: '\r\n', skipEmptyLines: false })
  expect(parsed.errors).toEqual([])
  const rows = parsed.data.at(-1)?.length === 1 && parsed.data.at(-1)![0] === '' ? parsed.data.slice(0, -1) : parsed.data
  return { bom, rows }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-export-cli-'))
  data = join(dir, 'data')
  const history = openHistory(data)
  const recorder = createRecorder(history.db)
  const servers = (status: ServerSpec['status'] = 'up'): ServerSpec[] => [{ name: 'Contábil "=1+2"', machine: 'srv-01', status }]
  const maria = { server: 'Contábil "=1+2"', token: 5521, user: '=HYPERLINK("http://x?"&A1)', since: '2026-11-28T08:59:00Z' }
  const joao = { server: 'Contábil "=1+2"', token: 5522, user: 'João; Licenças 🎉' }
  for (let i = 0; i < 120; i++) recorder.record(snapshot(servers(), i < 60 ? [maria] : [maria, joao], 10), T0 + i * 5000)
  recorder.record(snapshot(servers(), [joao], 10), T0 + 120 * 5000)
  history.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('export CLI', () => {
  it('usage: the latest poll per machine and product, with BOM and a header', async () => {
    const out = join(dir, 'usage.csv')
    const result = await run(['--kind', 'usage', '--data', data, '--out', out, '--locale', 'en-US'])
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout.trim()).toBe(`Wrote 1 row to ${out}`)
    const { bom, rows } = readCsv(out)
    expect(bom).toBe(true)
    const [header, row] = rows
    expect(header!.length).toBe(row!.length)
    const cell = (name: string): string => row![header!.indexOf(name)]!
    expect(cell('Machine')).toBe('srv-01')
    expect(cell('Used')).toBe('1')
    expect(cell('Limit')).toBe('10')
    expect(cell('Remaining')).toBe('9')
    expect(cell('Time (UTC)')).toBe('2026-11-28T09:10:00Z')
    // The local-time column names its zone (the child runs with TZ=America/Sao_Paulo).
    expect(header).toContain('Time (America/Sao_Paulo)')
  })

  it('licenses: one row per license held at the latest poll, text neutralised against formulas', async () => {
    const out = join(dir, 'licenses.csv')
    expect((await run(['--kind', 'licenses', '--data', data, '--out', out, '--locale', 'en-US'])).code).toBe(0)
    const { rows } = readCsv(out)
    expect(rows.length).toBe(2)
    const [header, row] = rows
    expect(row![header!.indexOf('User')]).toBe('João; Licenças 🎉')
    expect(row![header!.indexOf('Server')]).toBe('Contábil "=1+2"')
    expect(row![header!.indexOf('Retain id')]).toBe('5522')
  })

  it('history: periods at the chosen granularity with the peak, ";" and decimal comma for pt-BR', async () => {
    const out = join(dir, 'history.csv')
    const result = await run([
      '--kind',
      'history',
      '--data',
      data,
      '--from',
      '2026-11-28T09:00:00Z',
      '--to',
      '2026-11-28T09:05:00Z',
      '--granularity',
      'minute',
      '--locale',
      'pt-BR',
      '--out',
      out,
    ])
    expect(result.stdout.trim()).toBe(`Wrote 5 rows to ${out}`)
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toContain(';')
    const { rows } = readCsv(out)
    const [header, ...body] = rows
    expect(body.length).toBe(5)
    expect(body.every((r) => r.length === header!.length)).toBe(true)
    const col = (name: string) => body.map((r) => r[header!.indexOf(name)])
    expect(col('Max used')).toEqual(['1', '1', '1', '1', '1'])
    expect(col('Avg used')).toEqual(['1,00', '1,00', '1,00', '1,00', '1,00'])
    expect(col('Period start (UTC)')).toEqual([0, 1, 2, 3, 4].map((m) => new Date(T0 + m * 60_000).toISOString().replace('.000Z', 'Z')))
  })

  it.each([
    {
      how: 'TZ as the admin set it (not ICU\'s "Asia/Calcutta")',
      args: [],
      env: { TZ: 'Asia/Kolkata' },
      zone: 'Asia/Kolkata',
      start: '18:30',
    },
    {
      how: '--time-zone',
      args: ['--time-zone', 'Asia/Kathmandu'],
      env: { TZ: 'America/Sao_Paulo' },
      zone: 'Asia/Kathmandu',
      start: '18:15',
    },
  ])('history by day in a zone given by $how: the header names it and days start at its midnight', async ({ args, env, zone, start }) => {
    const out = join(dir, `days-${zone.replace('/', '-')}.csv`)
    const range = ['--from', '2026-11-28T00:00:00Z', '--to', '2026-11-28T12:00:00Z']
    const result = await run(['--kind', 'history', '--data', data, ...range, '--granularity', 'day', '--out', out, ...args], env)
    expect(result.stderr).toBe('')
    const [header, ...body] = readCsv(out).rows
    expect(header).toContain(`Period start (${zone})`)
    expect(body.map((r) => r[header!.indexOf('Period start (UTC)')])).toEqual([`2026-11-27T${start}:00Z`])
    expect(body.map((r) => r[header!.indexOf(`Period start (${zone})`)])).toEqual(['2026-11-28 00:00:00'])
  })

  it('refuses an unknown --time-zone with exit 2, naming it', async () => {
    const result = await run(['--kind', 'history', '--data', data, '--time-zone', 'Asia/Calcuta', '--out', join(dir, 'never.csv')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--time-zone "Asia/Calcuta" is not an IANA zone name')
    expect(existsSync(join(dir, 'never.csv'))).toBe(false)
  })

  it('holdings: who held which license from when to when, with the duration, over a range', async () => {
    const out = join(dir, 'holdings.csv')
    expect(
      (
        await run([
          '--kind',
          'holdings',
          '--data',
          data,
          '--from',
          '2026-11-28',
          '--to',
          '2026-11-29',
          '--delimiter',
          ',',
          '--no-bom',
          '--out',
          out,
        ])
      ).code,
    ).toBe(0)
    const { bom, rows } = readCsv(out)
    expect(bom).toBe(false)
    const [header, ...body] = rows
    const col = (name: string) => body.map((r) => r[header!.indexOf(name)])
    expect(col('User')).toEqual([`'=HYPERLINK("http://x?"&A1)`, 'João; Licenças 🎉'])
    expect(col('Duration (minutes)')).toEqual(['11.0', '5.0'])
    expect(col('End reason')).toEqual(['released', 'still held'])
  })

  it('--header-language locale writes the column names in the language of --locale; English stays the default', async () => {
    const german = join(dir, 'usage-de.csv')
    expect((await run(['--kind', 'usage', '--data', data, '--out', german, '--locale', 'de-DE', '--header-language', 'locale'])).code).toBe(
      0,
    )
    const [header, row] = readCsv(german).rows
    expect(header!.slice(0, 5)).toEqual(['Zeit (UTC)', 'Zeit (America/Sao_Paulo)', 'Maschine', 'Produkt-ID', 'Produkt'])
    expect(row![header!.indexOf('Belegt')]).toBe('1')
    const english = join(dir, 'usage-de-english.csv')
    expect((await run(['--kind', 'usage', '--data', data, '--out', english, '--locale', 'de-DE'])).code).toBe(0)
    expect(readCsv(english).rows[0]!.slice(0, 3)).toEqual(['Time (UTC)', 'Time (America/Sao_Paulo)', 'Machine'])
  })

  it.each([
    [['--kind', 'everything', '--out', 'x.csv'], /Unknown --kind "everything": use one of usage, licenses, history, holdings\./],
    [['--kind', 'history', '--from', 'yesterday', '--out', 'x.csv'], /--from "yesterday" is not an ISO 8601 date or time/],
    [['--kind', 'history', '--from', '2026-11-29', '--to', '2026-11-28', '--out', 'x.csv'], /must be before --to/],
    [['--kind', 'history', '--granularity', 'week', '--out', 'x.csv'], /Unknown --granularity "week"/],
    [['--kind', 'usage'], /--out is required/],
    [['--kind', 'usage', '--out', 'x.csv', '--locale', 'not a locale!'], /is not a valid BCP 47 language tag/],
    [['--kind', 'usage', '--out', 'x.csv', '--colour'], /Unknown option '--colour'/],
    [['--kind', 'usage', '--out', 'x.csv', '--header-language', 'de'], /Unknown --header-language "de": use english .* or locale/],
  ])('exits 2 with a sentence for %j', async (args, message) => {
    const result = await run([...args, '--data', data])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(existsSync(join(dir, 'x.csv'))).toBe(false)
  })

  it('exits 2 naming the folder when it holds no history, and creates nothing there', async () => {
    const empty = join(dir, 'empty')
    const result = await run(['--kind', 'usage', '--data', empty, '--out', join(dir, 'none.csv')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`No history file in ${empty} (looked for ${join(empty, 'history.sqlite')})`)
    expect(existsSync(empty)).toBe(false)
  })

  it('reads the app data folder by default (XDG_CONFIG_HOME on Linux)', async () => {
    const out = join(dir, 'default.csv')
    const result = await run(['--kind', 'usage', '--out', out], { XDG_CONFIG_HOME: join(dir, 'xdg') })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(join(dir, 'xdg', '4D License Monitor'))
  })

  it('exits 1 on a damaged history file and leaves the file alone', async () => {
    const broken = join(dir, 'broken')
    const history = openHistory(broken)
    history.close()
    const file = join(broken, 'history.sqlite')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, 'garbage '.repeat(1000))
    const result = await run(['--kind', 'usage', '--data', broken, '--out', join(dir, 'b.csv')])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`The history file ${file} is damaged`)
    expect(readdirSync(broken)).toEqual(['history.sqlite'])
  })
})

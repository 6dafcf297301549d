// `npm run report` as an admin runs it: a child process (TZ=UTC) on a real
// history file holding a generated November 2026 (hourly rollups, a missing
// day, a full stretch, idle holdings). The PDF is printed by Debian's
// Chromium and read back with pdftotext (poppler-utils); every figure it must
// show is derived here from the per-minute truth in plain TypeScript.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHistory } from '../../main/core/history/db.ts'
import { HOUR, MINUTE, writeHoldings, writePool, type HoldingSpec, type MinuteValue } from '../core/capacity/generated-history.ts'

const CLI = join(import.meta.dirname, '../../main/report/cli.ts')
const DAY = 24 * HOUR
const NOV = Date.UTC(2026, 10, 1)
const DEC = Date.UTC(2026, 11, 1)
const MISSING_DAY = 20
const FULL_DAY = 17

const hasPdftotext = spawnSync('sh', ['-c', 'command -v pdftotext']).status === 0
if (!hasPdftotext)
  console.log('test/report: pdftotext not found (Debian package "poppler-utils"; .ci/run installs it): the PDF checks are skipped')
const hasJapaneseFont = spawnSync('sh', ['-c', 'fc-list :lang=ja family 2>/dev/null'], { encoding: 'utf8' }).stdout.trim() !== ''
if (!hasJapaneseFont)
  console.log(
    'test/report: no Japanese font (Debian package "fonts-ipafont-gothic"; .ci/run installs it): the embedded-font check is skipped',
  )

/** Office hours run at the day's level; on FULL_DAY the pool is full from 10:00 to 12:00. */
function month(level: (day: number) => number, lim: number, fullDay?: number): MinuteValue[] {
  const out: MinuteValue[] = []
  for (let at = NOV; at < DEC; at += MINUTE) {
    const date = new Date(at)
    const day = date.getUTCDate()
    if (day === MISSING_DAY) continue
    const hour = date.getUTCHours()
    let used = hour >= 9 && hour < 17 ? level(day) - (date.getUTCMinutes() % 3 === 0 ? 0 : 1) : 2
    if (day === fullDay && hour >= 10 && hour < 12) used = lim
    out.push({ at, used, lim })
  }
  return out
}

const busy = month((d) => 5 + (d % 4), 10, FULL_DAY)
const quiet = month((d) => 20 + (d % 3), 50)

const session = (day: number, hour: number, hours: number): { start: number; end: number } => ({
  start: NOV + (day - 1) * DAY + hour * HOUR,
  end: NOV + (day - 1) * DAY + (hour + hours) * HOUR,
})
const HOLDINGS: HoldingSpec[] = [
  ...[2, 3, 4].map((d, i) => ({
    token: 10 + i,
    user: 'maria',
    client: 'PC-FIN-07',
    sessionType: 'remote',
    state: 'sleeping',
    ...session(d, 9, 4),
  })),
  ...[5, 6].map((d, i) => ({
    token: 20 + i,
    user: 'joão',
    client: 'PC-OPS-02',
    sessionType: 'remote',
    state: 'postponed',
    ...session(d, 9, 3),
  })),
  ...[2, 3, 4, 5, 6, 9, 10, 11, 12, 13].map((d, i) => ({
    token: 30 + i,
    user: 'ana',
    client: 'PC-FIN-01',
    sessionType: 'remote',
    state: 'active',
    ...session(d, 9, 8),
  })),
  { token: 50, user: '<b>mallory</b>', client: 'PC-X', sessionType: 'rest', state: 'sleeping', ...session(9, 10, 1) },
]

/** The figures the PDF must show, from the truth: daily peaks, their p95 (nearest rank) and maximum, hours at the limit, coverage. */
function expected(minutes: readonly MinuteValue[]) {
  const peaks = new Map<number, number>()
  const hours = new Map<number, { max: number; lim: number }>()
  for (const m of minutes) {
    const day = Math.floor(m.at / DAY)
    peaks.set(day, Math.max(peaks.get(day) ?? 0, m.used))
    const hour = Math.floor(m.at / HOUR)
    const h = hours.get(hour) ?? { max: 0, lim: m.lim }
    h.max = Math.max(h.max, m.used)
    hours.set(hour, h)
  }
  const sorted = [...peaks.values()].sort((a, b) => a - b)
  const fullHours = [...hours.values()].filter((h) => h.max >= h.lim).length
  return {
    days: peaks.size,
    max: sorted.at(-1)!,
    p95: sorted[Math.ceil(0.95 * sorted.length) - 1]!,
    fullHours,
    hot: [...hours.values()].filter((h) => h.max * 10 >= h.lim * 9).length,
    coverage: ((hours.size * HOUR) / (DEC - NOV)) * 100,
  }
}

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
  dir = mkdtempSync(join(tmpdir(), 'lm-report-cli-'))
  const history = openHistory(dir)
  const layout = { hourDone: DEC, minuteFrom: DEC, minuteDone: DEC }
  writePool(history.db, { machine: 'srv-01', productId: 1, productName: '4D Client', minutes: busy }, layout)
  writePool(history.db, { machine: 'srv-02', productId: 1, productName: '4D Client', minutes: quiet }, layout)
  writeHoldings(history.db, 'srv-01', 1, HOLDINGS)
  history.close()
  writeFileSync(join(dir, 'capacity-config.json'), JSON.stringify({ margin: 3 }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm run report', () => {
  it.skipIf(!hasPdftotext)(
    'prints one PDF page per machine and product with the figures, the recommendation and the idle holders the history implies',
    async () => {
      const out = join(dir, 'report.pdf')
      const result = await run(['--month', '2026-11', '--out', out])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('(2 pages)')
      const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout
      const pages = text.split('\f').filter((p) => p.trim() !== '')
      expect(pages).toHaveLength(2)
      const [first, second] = pages as [string, string]
      // pdftotext sometimes drops or adds a space between words set apart by the layout: sentences are compared without spaces.
      const flat = (page: string): string => page.replace(/\s+/g, '')
      const a = expected(busy)
      expect(first).toContain('srv-01')
      expect(flat(first)).toContain(flat('limit 10'))
      expect(first).toMatch(new RegExp(`Days with data\\s+${a.days}\\b`))
      expect(first).toMatch(new RegExp(`Highest daily peak\\s+${a.max}\\b`))
      expect(first).toMatch(new RegExp(`95th percentile of the daily peaks\\s+${a.p95}\\b`))
      expect(first).toMatch(new RegExp(`Full \\(at the limit\\)\\s+${a.fullHours}\\s*h in 1 stretch on 1 day`))
      expect(first).toMatch(new RegExp(`At or above 90 % of the limit\\s+${a.hot}\\s*h\\b`))
      expect(flat(first)).toContain(flat(`${a.coverage.toFixed(1)} % of the period`))
      expect(flat(first)).toContain(flat('1 gap, longest 24 h'))
      // Full: the smallest pool with the peak (10) below 90 % is floor(10 × 10 / 9) + 1 = 12, so 2 more.
      expect(flat(first)).toContain(
        flat(`In November 2026 the pool of 10 was full for ${a.fullHours} h on 1 day: 2 more licenses would have kept it below 90 %`),
      )
      // Idle: maria 3 × 4 h sleeping, joão 2 × 3 h postponed, the escaped name 1 h; ana is active and not listed.
      expect(first).toMatch(/maria\s+12\.0/)
      expect(first).toMatch(/joão\s+6\.0/)
      expect(first).toMatch(/<b>mallory<\/b>\s+1\.0/)
      expect(first).not.toMatch(/\bana\b/)
      expect(first).toMatch(/PC-FIN-07\s+12\.0/)
      expect(flat(first)).toContain(flat(`Idle license-hours 19.0 (${((19 / 99) * 100).toFixed(1)} % of license-hours)`))
      const b = expected(quiet)
      expect(second).toContain('srv-02')
      expect(second).toMatch(new RegExp(`Highest daily peak\\s+${b.max}\\b`))
      expect(flat(second)).toContain(
        flat(
          `the pool of 50 never went above ${b.max}; 95 % of days peaked at ${b.p95} or less: you could hold ${b.max + 3} and keep a 3-license margin`,
        ),
      )
    },
    180_000,
  )

  /** The report of November in `locale`, as PDF, read back: one text per page, and the fonts the PDF embeds. */
  async function pdfIn(locale: string): Promise<{ pages: string[]; fonts: string }> {
    const out = join(dir, `report-${locale}.pdf`)
    const result = await run(['--month', '2026-11', '--out', out, '--locale', locale])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout
    const fonts = spawnSync('pdffonts', [out], { encoding: 'utf8' }).stdout
    return { pages: text.split('\f').filter((p) => p.trim() !== ''), fonts }
  }
  const flat = (text: string): string => text.replace(/\s+/g, '')

  it.skipIf(!hasPdftotext)(
    'in pt-BR: Portuguese headings, labels and recommendation, with the figures the history implies in Brazilian digits',
    async () => {
      const { pages } = await pdfIn('pt-BR')
      expect(pages).toHaveLength(2)
      const [first, second] = pages as [string, string]
      const a = expected(busy)
      const comma = (value: number, digits: number) => value.toFixed(digits).replace('.', ',')
      for (const heading of [
        'relatório de capacidade',
        'Recomendação',
        'Números',
        'Principais detentores ociosos (sessões sleeping ou postponed)',
      ])
        expect(first).toContain(heading)
      expect(first).toContain('Novembro de 2026 (2026-11-01 a 2026-11-30) · margem 3')
      expect(first).toMatch(new RegExp(`Dias com dados\\s+${a.days}\\b`))
      expect(first).toMatch(new RegExp(`Maior pico diário\\s+${a.max}\\b`))
      expect(first).toMatch(new RegExp(`Percentil 95 dos picos diários\\s+${a.p95}\\b`))
      expect(first).toMatch(new RegExp(`Esgotado \\(no limite\\)\\s+${a.fullHours}\\s*h em 1 intervalo, em 1 dia`))
      expect(first).toMatch(new RegExp(`Em 90 % do limite ou mais\\s+${a.hot}\\s*h\\b`))
      expect(flat(first)).toContain(flat(`${comma(a.coverage, 1)} % do período`))
      expect(flat(first)).toContain(flat('1 lacuna; a maior, de 24 h'))
      expect(flat(first)).toContain(
        flat(
          `Em novembro de 2026, o pool de 10 ficou esgotado por ${a.fullHours} h em 1 dia: 2 licenças a mais o teriam mantido abaixo de 90 %`,
        ),
      )
      expect(flat(first)).toContain(
        flat('Cálculo: maior pico 10; o menor pool com 10 abaixo de 90 % é floor(10 × 10 / 9) + 1 = 12; 12 − 10 = 2'),
      )
      expect(first).toMatch(/maria\s+12,0/)
      expect(first).toMatch(/joão\s+6,0/)
      expect(flat(first)).toContain(flat(`Horas-licença ociosas 19,0 (${comma((19 / 99) * 100, 1)} % das horas-licença)`))
      expect(first).toContain('Gerado em')
      // Not a word of the English report is left.
      for (const english of ['Recommendation', 'Figures', 'Days with data', 'Arithmetic', 'Generated', 'License-hours', 'Client machine'])
        expect(first).not.toContain(english)
      const b = expected(quiet)
      expect(flat(second)).toContain(
        flat(
          `Em novembro de 2026, o pool de 50 nunca passou de ${b.max}; 95 % dos dias tiveram pico de ${b.p95} ou menos: você poderia ter ${b.max + 3} e manter uma margem de 3 licenças`,
        ),
      )
    },
    180_000,
  )

  it.skipIf(!hasPdftotext)(
    'in ja: Japanese headings and recommendation with the same figures, set in an embedded Japanese font',
    async () => {
      const { pages, fonts } = await pdfIn('ja-JP')
      expect(pages).toHaveLength(2)
      const [first, second] = pages as [string, string]
      const a = expected(busy)
      for (const heading of ['キャパシティレポート', '推奨', '数値', 'アイドルの保持者の上位']) expect(first).toContain(heading)
      expect(first).toMatch(new RegExp(`データのある日数\\s+${a.days}\\b`))
      expect(first).toMatch(new RegExp(`1 日のピークの最大値\\s+${a.max}\\b`))
      expect(first).toMatch(new RegExp(`1 日のピークの 95 パーセンタイル\\s+${a.p95}\\b`))
      expect(flat(first)).toContain(flat(`${a.fullHours} 時間、1 回、1 日`))
      expect(flat(first)).toContain(
        flat(`2026年11月、10 のプールは 1 日にわたり計 ${a.fullHours} 時間 枯渇しました。あと 2 ライセンスあれば 90 % 未満に保てました`),
      )
      expect(first).not.toContain('Recommendation')
      const b = expected(quiet)
      expect(flat(second)).toContain(
        flat(
          `50 のプールは ${b.max} を超えず、95 % の日のピークは ${b.p95} 以下でした。${b.max + 3} ライセンスにしても 3 ライセンスの余裕を保てます`,
        ),
      )
      // Kana and kanji come out of the PDF as text only when a font with those glyphs was embedded, not boxes.
      if (hasJapaneseFont) expect(fonts).toMatch(/Gothic|Mincho|CJK|Noto Sans JP/i)
    },
    180_000,
  )

  it('writes the page itself for a browser to print, numbers in the asked locale', { timeout: 60_000 }, async () => {
    const out = join(dir, 'report.html')
    const result = await run(['--month', '2026-11', '--out', out, '--locale', 'pt-BR', '--machine', 'srv-01'])
    expect(result.code).toBe(0)
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('<html lang="pt-BR">')
    expect(html).toContain(`${expected(busy).coverage.toFixed(1).replace('.', ',')} %`)
    expect(html).toContain('&#60;b&#62;mallory&#60;/b&#62;')
    expect(html).not.toContain('<b>mallory')
    expect(html).not.toContain('srv-02')
    expect(html.match(/<section class="page">/g)).toHaveLength(1)
  })

  it('refuses a bad command line with a sentence and exit code 2, and names a missing Chromium', async () => {
    expect(await run(['--month', '2026-13', '--out', 'x.pdf'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('The month "2026-13" is not a calendar month written YYYY-MM'),
    })
    expect(await run(['--out', 'x.pdf'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--month is needed') })
    expect(await run(['--month', '2026-11', '--out', 'x.doc'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--out must end in .pdf or .html'),
    })
    const missing = join(dir, 'no-chromium.pdf')
    expect(await run(['--month', '2026-11', '--out', missing, '--chromium', join(dir, 'nowhere', 'chromium')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Chromium was not found at'),
    })
    expect(existsSync(missing)).toBe(false)
  }, 90_000) // four Node child processes, one after the other, on a busy machine
})

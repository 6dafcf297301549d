// `npm run report -- --month 2026-11 --out report.pdf`: the printable monthly
// capacity report from the local history (same --data as `npm run export`),
// one page per machine and product, printed to PDF by Chromium headless; an
// --out ending in .html writes the page itself (a browser prints it). Exit 0
// on success, 2 when the command line or the data folder is wrong (the
// sentence says what), 1 when the history, Chromium or the file fails.
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { extname, resolve } from 'node:path'
import { appDataDir } from '../app/data-dir.ts'
import { reportWords } from '../app/report-words.ts'
import { loadCapacitySettings } from '../core/capacity/capacity-settings.ts'
import { monthlyReport } from '../core/capacity/monthly-report.ts'
import { historyFile, openHistory } from '../core/history/db.ts'
import { writeFileAtomically } from '../core/util/atomic-file.ts'
import { parseFlags } from '../core/util/cli-flags.ts'
import { errorSentence } from '../core/util/errors.ts'
import { htmlToPdf } from './render-pdf.ts'

export interface ReportCliIo {
  out(line: string): void
  err(line: string): void
  env: Readonly<Record<string, string | undefined>>
  now(): number
}

export const USAGE =
  'Usage: npm run report -- --month 2026-11 --out report.pdf|report.html [--data DIR] [--locale pt-BR] [--machine NAME] [--product ID] [--chromium PATH]\n' +
  'One page per machine and product; settings (margin, user groups) come from <data>/capacity-config.json.'

export async function runReportCli(argv: string[], io: ReportCliIo): Promise<number> {
  const parsed = parseFlags(argv, {
    month: { type: 'string' },
    out: { type: 'string' },
    data: { type: 'string' },
    locale: { type: 'string' },
    machine: { type: 'string' },
    product: { type: 'string' },
    chromium: { type: 'string' },
  })
  if (!parsed.ok) return usage(io, parsed.error)
  const { values } = parsed
  if (values.month === undefined) return usage(io, '--month is needed, e.g. --month 2026-11.')
  if (values.out === undefined) return usage(io, '--out is needed: the PDF (or .html page) to write.')
  const kind = extname(values.out).toLowerCase()
  if (kind !== '.pdf' && kind !== '.html')
    return usage(io, `--out must end in .pdf or .html, not ${JSON.stringify(extname(values.out) || values.out)}.`)
  const productId = values.product === undefined ? undefined : Number(values.product)
  if (productId !== undefined && !(Number.isSafeInteger(productId) && productId >= 0))
    return usage(io, `--product must be a product id (a whole number), not ${JSON.stringify(values.product)}.`)
  const dataDir = resolve(values.data ?? appDataDir({ platform: process.platform, env: io.env, home: homedir() }))
  const file = historyFile(dataDir)
  if (!existsSync(file)) return usage(io, `No history file in ${dataDir} (looked for ${file}): pass --data with the monitor's data folder.`)
  const loaded = loadCapacitySettings(dataDir)
  if (loaded.problem) io.err(loaded.problem)
  let page: ReturnType<typeof monthlyReport>
  try {
    const history = openHistory(dataDir, { recover: false })
    try {
      page = monthlyReport(history.db, {
        month: values.month,
        settings: loaded.settings,
        settingsProblem: loaded.problem,
        locale: values.locale,
        // --locale names the language (English when the app has none of it); without it, English.
        words: (locale) => reportWords(locale ?? 'en'),
        machine: values.machine,
        productId,
        now: io.now(),
      })
    } finally {
      history.close()
    }
  } catch (error) {
    io.err(errorSentence(error))
    return 1
  }
  if ('error' in page) return usage(io, page.error)
  const out = resolve(values.out)
  try {
    if (kind === '.html') writeFileAtomically(out, page.html)
    else await htmlToPdf(page.html, out, { chromium: values.chromium })
  } catch (error) {
    io.err(errorSentence(error))
    return 1
  }
  io.out(
    `Wrote the capacity report of ${values.month} (${page.pools === 0 ? 'no usage recorded' : `${String(page.pools)} ${page.pools === 1 ? 'page' : 'pages'}`}) to ${out}`,
  )
  return 0
}

function usage(io: ReportCliIo, sentence: string): number {
  io.err(`${sentence}\n${USAGE}`)
  return 2
}

if (import.meta.main) {
  process.exitCode = await runReportCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: process.env,
    now: Date.now,
  })
}

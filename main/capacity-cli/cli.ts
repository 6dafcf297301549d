// `npm run capacity`: the capacity figures from the local history, as text,
// JSON or CSV, with no server and no Electron (same --data as `npm run
// export`). Exit 0 on success, 2 when the command line or the data folder is
// wrong (the sentence says what), 1 when the history or the file fails.
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { parseFlags } from '../core/util/cli-flags.ts'
import { appDataDir } from '../app/data-dir.ts'
import { capacityReport } from '../core/capacity/capacity.ts'
import { CAPACITY_CSV_KINDS, writeCapacityCsv, type CapacityCsvKind } from '../core/capacity/capacity-csv.ts'
import { resolvePeriod } from '../core/capacity/capacity-request.ts'
import { loadCapacitySettings } from '../core/capacity/capacity-settings.ts'
import { resolveCsvFormat, type CsvDelimiter } from '../core/export/writer.ts'
import { historyFile, openHistory } from '../core/history/db.ts'
import { formatReport } from './format-report.ts'
import { errorSentence } from '../core/util/errors.ts'

export interface CapacityCliIo {
  out(line: string): void
  err(line: string): void
  env: Readonly<Record<string, string | undefined>>
  now(): number
}

export const USAGE =
  'Usage: npm run capacity -- [--data DIR] [--from 2026-11-01] [--to 2026-11-30] [--machine NAME] [--product ID] [--json]\n' +
  '       npm run capacity -- --csv days|users|clients|groups --out file.csv [--locale pt-BR] [--delimiter ";"] [--no-bom] (same period options)\n' +
  'Default period: the last 30 days. Settings (margin, user groups) come from <data>/capacity-config.json.'

export async function runCapacityCli(argv: string[], io: CapacityCliIo): Promise<number> {
  const parsed = parseFlags(argv, {
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    machine: { type: 'string' },
    product: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'string' },
    out: { type: 'string' },
    locale: { type: 'string' },
    delimiter: { type: 'string' },
    'no-bom': { type: 'boolean' },
  })
  if (!parsed.ok) {
    io.err(`${parsed.error}\n${USAGE}`)
    return 2
  }
  const { values } = parsed
  const dataDir = resolve(values.data ?? appDataDir({ platform: process.platform, env: io.env, home: homedir() }))
  const period = resolvePeriod({ from: values.from, to: values.to }, io.now())
  if (typeof period === 'string') return usage(io, period)
  const productId = values.product === undefined ? undefined : Number(values.product)
  if (productId !== undefined && !(Number.isSafeInteger(productId) && productId >= 0))
    return usage(io, `--product must be a product id (a whole number), not ${JSON.stringify(values.product)}.`)
  const csvKind = values.csv as CapacityCsvKind | undefined
  if (csvKind !== undefined && !CAPACITY_CSV_KINDS.includes(csvKind))
    return usage(io, `--csv must be one of ${CAPACITY_CSV_KINDS.join(', ')}, not ${JSON.stringify(values.csv)}.`)
  let csvTarget: { kind: CapacityCsvKind; out: string } | undefined
  if (csvKind !== undefined) {
    if (values.out === undefined) return usage(io, '--csv needs --out with the file to write.')
    csvTarget = { kind: csvKind, out: values.out }
  }
  if (values.delimiter !== undefined && values.delimiter !== ',' && values.delimiter !== ';')
    return usage(io, '--delimiter must be "," or ";".')
  const csv = { locale: values.locale, delimiter: values.delimiter as CsvDelimiter | undefined, bom: !values['no-bom'] }
  try {
    resolveCsvFormat(csv)
  } catch (error) {
    return usage(io, errorSentence(error))
  }
  const file = historyFile(dataDir)
  if (!existsSync(file)) return usage(io, `No history file in ${dataDir} (looked for ${file}): pass --data with the monitor's data folder.`)
  const loaded = loadCapacitySettings(dataDir)
  if (loaded.problem) io.err(loaded.problem)
  let history
  try {
    history = openHistory(dataDir, { recover: false })
  } catch (error) {
    io.err(errorSentence(error))
    return 1
  }
  try {
    const pairs = { from: period.from, to: period.to, machine: values.machine, productId, settings: loaded.settings }
    if (csvTarget !== undefined) {
      const out = resolve(csvTarget.out)
      const result = await writeCapacityCsv(history.db, { ...pairs, kind: csvTarget.kind }, out, csv)
      io.out(`Wrote ${result.rows} ${result.rows === 1 ? 'row' : 'rows'} to ${out}`)
      return 0
    }
    const report = capacityReport(history.db, { ...pairs, period: period.words, now: io.now() })
    if (values.json) {
      io.out(JSON.stringify({ ...report, settingsProblem: loaded.problem }, null, 2))
    } else {
      io.out(formatReport(report))
    }
    return 0
  } catch (error) {
    io.err(errorSentence(error))
    return 1
  } finally {
    history.close()
  }
}

function usage(io: CapacityCliIo, sentence: string): number {
  io.err(`${sentence}\n${USAGE}`)
  return 2
}

if (import.meta.main) {
  process.exitCode = await runCapacityCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: process.env,
    now: Date.now,
  })
}

// `npm run export`: CSV exports from the local history, with no server and no
// Electron. Exit 0 on success, 2 when the command line or the data folder is
// wrong (the sentence says what), 1 when the history or the file fails.
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { resolveCsvFormat, writeCsvFile } from '../core/export/writer.ts'
import { appDataDir } from '../app/data-dir.ts'
import { historyFile, openHistory } from '../core/history/db.ts'
import { parseExportArgs } from './cli-args.ts'
import { exportPlan } from '../core/export/export-rows.ts'
import { errorSentence } from '../core/util/errors.ts'

export interface ExportCliIo {
  out(line: string): void
  err(line: string): void
  env: Readonly<Record<string, string | undefined>>
  now(): number
}

export async function runExportCli(argv: string[], io: ExportCliIo): Promise<number> {
  const parsed = parseExportArgs(argv, { dataDir: appDataDir({ platform: process.platform, env: io.env, home: homedir() }), now: io.now() })
  if (!parsed.ok) {
    io.err(parsed.error)
    return 2
  }
  const options = parsed.options
  const csv = {
    locale: options.locale,
    delimiter: options.delimiter,
    bom: options.bom,
    timeZone: options.timeZone,
    headerLanguage: options.headerLanguage,
  }
  let timeZone: string
  try {
    timeZone = resolveCsvFormat(csv).timeZone
  } catch (error) {
    io.err(errorSentence(error))
    return 2
  }
  const file = historyFile(options.dataDir)
  if (!existsSync(file)) {
    io.err(`No history file in ${options.dataDir} (looked for ${file}): pass --data with the monitor's data folder.`)
    return 2
  }
  let history
  try {
    history = openHistory(options.dataDir, { recover: false })
  } catch (error) {
    io.err(errorSentence(error))
    return 1
  }
  try {
    const { columns, rows } = exportPlan(history.db, options.kind, { ...options, timeZone })
    const result = await writeCsvFile(options.out, columns, rows, csv)
    io.out(`Wrote ${result.rows} ${result.rows === 1 ? 'row' : 'rows'} to ${options.out}`)
    return 0
  } catch (error) {
    io.err(errorSentence(error))
    return 1
  } finally {
    history.close()
  }
}

if (import.meta.main) {
  const code = await runExportCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: process.env,
    now: Date.now,
  })
  process.exitCode = code
}

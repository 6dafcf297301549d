// `npm run -s check -- --config servers.json ...`: a Monitoring Plugins check
// (Nagios, Icinga 2, Zabbix external check). One poll of every listed server,
// no history, no daemon, no demo; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.

import { existsSync } from 'node:fs'
import { createFilePersistence } from '../core/servers/file-persistence.ts'
import type { ServerConfig } from '../core/types/index.ts'
import { parseCheckArgs, type CheckArgs } from './args.ts'
import { exitCodeOf, formatJson, formatText, plain } from './report.ts'
import { runCheck } from './run.ts'
import { checkRules } from './thresholds.ts'
import { errorSentence } from '../core/util/errors.ts'

function finish(output: string, code: number): never {
  process.stdout.write(`${output}\n`)
  process.exit(code)
}

function unknown(sentence: string, json: boolean): never {
  if (json)
    finish(
      JSON.stringify(
        { state: 'UNKNOWN', exitCode: 3, summary: sentence, rows: [], unreadable: [], problems: [sentence], perfdata: [] },
        null,
        2,
      ),
      3,
    )
  finish(`LICENSES UNKNOWN - ${plain(sentence, 1000)}`, 3)
}

/** The served mode's own loader: same file, same `enabled` flag, secrets from the file or {"env": NAME}. */
function loadServers(args: CheckArgs, problems: string[]): ServerConfig[] {
  if (!existsSync(args.config)) throw new Error(`${args.config}: file not found`)
  const persistence = createFilePersistence({ path: args.config, log: (line) => problems.push(line) })
  return persistence
    .read()
    .filter((record) => record.enabled)
    .map((record) => persistence.toConfig(record))
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json')
  const parsed = parseCheckArgs(process.argv.slice(2))
  if (!parsed.ok) unknown(parsed.error, json)
  const { args } = parsed
  // --timeout counts from the start of the process: starting Node and loading the code use part of it.
  const startupMs = Math.round(process.uptime() * 1000)
  const budgetMs = Math.max(0, args.timeoutMs - startupMs)
  // A loaded monitoring host can spend most of a short --timeout starting Node: say so, it is the admin's fix.
  const slowStart = startupMs * 2 > args.timeoutMs ? ` (starting Node took ${(startupMs / 1000).toFixed(1)} s of it)` : ''
  // Whatever happens below (a DNS lookup that ignores its abort, a bug), the answer comes in time.
  setTimeout(
    () => unknown(`the check did not finish within ${args.timeoutMs / 1000} s${slowStart}`, args.json),
    Math.max(0, budgetMs - 50),
  ).unref()
  const problems: string[] = []
  let servers: ServerConfig[]
  try {
    servers = loadServers(args, problems)
  } catch (error) {
    unknown(errorSentence(error), args.json)
  }
  const result = await runCheck({
    servers,
    rules: checkRules(args.warning, args.critical),
    timeoutMs: budgetMs,
    problems,
    ...(args.machine !== undefined ? { machine: args.machine } : {}),
    ...(args.product !== undefined ? { product: args.product } : {}),
  })
  finish(args.json ? formatJson(result) : formatText(result), exitCodeOf(result.state))
}

main().catch((error: unknown) => unknown(`the check failed: ${errorSentence(error)}`, process.argv.includes('--json')))

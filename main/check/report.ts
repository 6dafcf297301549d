// The check's answer as the Monitoring Plugins guidelines want it: one line
// "LICENSES <STATE> - <worst first>", then "|" and performance data per
// machine and product; further lines list every row (long output). --json
// gives the same result as one JSON object.

import type { LevelRules } from '../core/alerts/config.ts'
import { CHECK_STATES, type CheckResult, type CheckRow, type CheckState } from './run.ts'
import { perfThreshold } from './thresholds.ts'

/** Items named on the first line; the rest are counted ("and 4 more"), every one is in the long output. */
const MAX_NAMED = 4

export function exitCodeOf(state: CheckState): number {
  return CHECK_STATES.indexOf(state)
}

/**
 * Names come from the 4D Servers: a "|" would start the performance data and a
 * line break a new output line, so both are replaced, and long names cut.
 */
export function plain(text: string, maxLength = 80): string {
  // eslint-disable-next-line no-control-regex -- deliberately strips C0 controls and DEL from server-supplied names
  const flat = text.replace(/[\r\n\t|]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '')
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat
}

function percent(row: CheckRow): string {
  if (row.limit === null || row.limit === 0) return ''
  return ` (${Math.round((row.used * 100) / row.limit)}%)`
}

export function describeRow(row: CheckRow): string {
  const where = `${plain(row.product)} on ${plain(row.machine)}`
  if (row.unlimited) return `${where}: ${row.used} used, unlimited`
  if (row.limit === null) return `${where}: ${row.used} used, limit unknown`
  return `${where}: ${row.remaining} of ${row.limit} left${percent(row)}`
}

/** A perfdata label: quoted, without "=" or "'" (the guidelines allow neither inside). */
function perfLabel(row: CheckRow): string {
  return `'${`${row.machine}/${row.product}`.replace(/['=]/g, '_').replace(/[\r\n\t|]+/g, ' ')}'`
}

export function perfData(row: CheckRow, rules: LevelRules): string {
  const limit = row.unlimited ? null : row.limit
  const warn = limit === null ? '' : (perfThreshold(rules.warning, limit) ?? '')
  const crit = limit === null ? '' : (perfThreshold(rules.critical, limit) ?? '')
  return `${perfLabel(row)}=${row.used};${warn};${crit};0;${limit ?? ''}`
}

function summary(result: CheckResult): string {
  const named = [
    ...result.rows.filter((row) => row.state === 'CRITICAL').map(describeRow),
    ...result.problems.map((problem) => plain(problem, 300)),
    ...result.unreadable.map((server) => `${plain(server.server)} unreadable: ${plain(server.error, 200)}`),
    ...result.rows.filter((row) => row.state === 'UNKNOWN' || row.state === 'WARNING').map(describeRow),
  ]
  if (named.length === 0) {
    const machines = new Set(result.rows.map((row) => row.machine)).size
    return `${result.rows.length} license ${result.rows.length === 1 ? 'pool' : 'pools'} on ${machines} ${machines === 1 ? 'machine' : 'machines'} within limits`
  }
  const shown = named.slice(0, MAX_NAMED).join('; ')
  return named.length > MAX_NAMED ? `${shown}; and ${named.length - MAX_NAMED} more` : shown
}

export function formatText(result: CheckResult): string {
  const perf = result.rows.map((row) => perfData(row, result.rules)).join(' ')
  const first = `LICENSES ${result.state} - ${summary(result)}${perf ? ` | ${perf}` : ''}`
  const long = [
    ...result.rows.map((row) => `${row.state}: ${describeRow(row)}`),
    ...result.unreadable.map((server) => `UNKNOWN: server ${plain(server.server)} (${plain(server.machine)}): ${plain(server.error, 300)}`),
  ]
  return [first, ...long].join('\n')
}

export function formatJson(result: CheckResult): string {
  return JSON.stringify(
    {
      state: result.state,
      exitCode: exitCodeOf(result.state),
      summary: summary(result),
      rows: result.rows,
      unreadable: result.unreadable,
      problems: result.problems,
      perfdata: result.rows.map((row) => perfData(row, result.rules)),
    },
    null,
    2,
  )
}

// What the tray shows: its alert state (one icon each, see status-icon.ts) and
// a tooltip with the worst few rows, e.g. "4D Client on srv-app-01: 1 of 50
// left (98%)". Pure, so it is tested in plain Node; main/electron/tray.ts only displays it.
// Every line is said through `say` (tray-text.ts: the OS language), English by default.

import { usageLocal } from '../core/alerts/notice-text.ts'
import { fixed, sayEnglish, type Say } from './tray-text.ts'
import type { TrayState } from './status-icon.ts'
import { worstStatus } from '../core/usage/status.ts'
import type { ProductUsage, Snapshot, UsageStatus } from '../core/types/index.ts'

export const APP_NAME = '4D License Monitor'

/** Windows cuts tray tooltips at 127 characters; cut them ourselves so the end is a visible ellipsis. */
export const TOOLTIP_MAX_LENGTH = 127

/** At most this many rows, and only as many whole ones as fit the length limit, before "+N more". */
export const TOOLTIP_ROWS = 3

export interface TraySummary {
  /** Worst usage status of any product; at least 'unknown' while a server is down (the admin cannot tell it is fine). */
  status: UsageStatus
  /** The icon: the worst alert level, 'unreachable' when a server alert is active (outranked only by critical and exhausted). */
  state: TrayState
  tooltip: string
  serversDown: number
}

const SEVERITY_ORDER: readonly UsageStatus[] = ['exhausted', 'critical', 'warning', 'unknown', 'ok']
const STATE_ORDER: readonly TrayState[] = ['exhausted', 'critical', 'unreachable', 'warning', 'ok']

interface Row {
  machine: string
  product: ProductUsage
}

/** Rows an admin should look at, worst first: status, then utilisation. */
function rowsToShow(snapshot: Snapshot): Row[] {
  const rows = snapshot.machines.flatMap((machine) => machine.products.map((product) => ({ machine: machine.machine, product })))
  return rows
    .filter((row) => row.product.status === 'warning' || row.product.status === 'critical' || row.product.status === 'exhausted')
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.product.status) - SEVERITY_ORDER.indexOf(b.product.status) ||
        (b.product.utilization ?? 0) - (a.product.utilization ?? 0),
    )
}

function stateOf(rows: readonly Row[], unreachable: boolean): TrayState {
  const candidates: TrayState[] = rows.map((row) => row.product.status as TrayState)
  if (unreachable) candidates.push('unreachable')
  for (const state of STATE_ORDER) if (candidates.includes(state)) return state
  return 'ok'
}

function truncate(text: string): string {
  return text.length <= TOOLTIP_MAX_LENGTH ? text : text.slice(0, TOOLTIP_MAX_LENGTH - 1) + '…'
}

export function traySummary(snapshot: Snapshot | null, say: Say = sayEnglish): TraySummary {
  const title = snapshot?.demo ? say(fixed('tray.titleDemo'), `${APP_NAME} (demo)`) : say(fixed('app.title'), APP_NAME)
  if (snapshot === null || (snapshot.machines.length === 0 && snapshot.servers.length === 0)) {
    return { status: 'unknown', state: 'ok', tooltip: `${title}\n${say(fixed('tray.noData'), 'no data yet')}`, serversDown: 0 }
  }
  const serversDown = snapshot.servers.filter((server) => server.status === 'down').length
  const statuses = snapshot.machines.flatMap((machine) => machine.products.map((product) => product.status))
  const status = worstStatus([...statuses, serversDown > 0 ? 'unknown' : 'ok'])
  const unreachable = snapshot.alerts ? snapshot.alerts.active.some((alert) => alert.level === 'unreachable') : serversDown > 0
  const rows = rowsToShow(snapshot)
  const tail: string[] = []
  const total = snapshot.servers.length
  if (serversDown > 0)
    tail.push(say(fixed('tray.serversDown', { down: serversDown, count: total }), `${serversDown} of ${total} servers down`))
  if (rows.length === 0 && tail.length === 0) {
    tail.push(
      statuses.length === 0 ? say(fixed('tray.waiting'), 'waiting for the first answer') : say(fixed('tray.allOk'), 'all licenses ok'),
    )
  }
  const more = (count: number) => say(fixed('tray.more', { count }), `+${count} more`)
  const lines = [title]
  for (const [index, row] of rows.slice(0, TOOLTIP_ROWS).entries()) {
    const usage = usageLocal(row.product.productName, row.machine, row.product)
    const line = say(usage.message, usage.text)
    const left = rows.length - index - 1
    const reserve = [...tail, ...(left > 0 ? [more(left)] : [])].map((part) => part.length + 1).reduce((a, b) => a + b, 0)
    // Whole rows only: a row cut in the middle reads as a different number.
    if ([...lines, line].join('\n').length + reserve > TOOLTIP_MAX_LENGTH && index > 0) break
    lines.push(line)
  }
  const shown = lines.length - 1
  if (rows.length > shown) lines.push(more(rows.length - shown))
  lines.push(...tail)
  return { status, state: stateOf(rows, unreachable), tooltip: truncate(lines.join('\n')), serversDown }
}

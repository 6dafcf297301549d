// What the tray shows: one tooltip line per snapshot and the status its icon
// colours. Pure, so it is tested in plain Node; main/electron/tray.ts only displays it.

import { worstStatus } from './status.ts'
import type { MachineUsage, ProductUsage, Snapshot, UsageStatus } from './types.ts'

export const APP_NAME = '4D License Monitor'

/** Windows cuts tray tooltips at 127 characters; cut them ourselves so the end is a visible ellipsis. */
export const TOOLTIP_MAX_LENGTH = 127

export interface TraySummary {
  /** Worst usage status of any product; at least 'unknown' while a server is down (the admin cannot tell it is fine). */
  status: UsageStatus
  tooltip: string
  serversDown: number
}

const SEVERITY_ORDER: readonly UsageStatus[] = ['exhausted', 'critical', 'warning', 'unknown', 'ok']

/** The product an admin should look at first on this machine: worst status, then highest utilisation. */
function worstProduct(products: readonly ProductUsage[]): ProductUsage | null {
  let worst: ProductUsage | null = null
  for (const product of products) {
    if (worst === null) {
      worst = product
      continue
    }
    const rank = SEVERITY_ORDER.indexOf(product.status) - SEVERITY_ORDER.indexOf(worst.status)
    if (rank < 0 || (rank === 0 && (product.utilization ?? 0) > (worst.utilization ?? 0))) worst = product
  }
  return worst
}

function describeMachine(machine: MachineUsage): string {
  const product = worstProduct(machine.products)
  if (product === null) return `${machine.machine}: no licenses reported`
  if (product.status === 'ok') return `${machine.machine}: ok`
  const limit = product.unlimited ? 'unlimited' : (product.limit ?? '?')
  return `${machine.machine}: ${product.productName} ${product.used}/${limit} (${product.status})`
}

function truncate(text: string): string {
  return text.length <= TOOLTIP_MAX_LENGTH ? text : text.slice(0, TOOLTIP_MAX_LENGTH - 1) + '…'
}

export function traySummary(snapshot: Snapshot | null): TraySummary {
  const title = snapshot?.demo ? `${APP_NAME} (demo)` : APP_NAME
  if (snapshot === null || (snapshot.machines.length === 0 && snapshot.servers.length === 0)) {
    return { status: 'unknown', tooltip: `${title} — no data yet`, serversDown: 0 }
  }
  const serversDown = snapshot.servers.filter((server) => server.status === 'down').length
  const statuses = snapshot.machines.flatMap((machine) => machine.products.map((product) => product.status))
  const status = worstStatus([...statuses, serversDown > 0 ? 'unknown' : 'ok'])
  const parts = snapshot.machines.map(describeMachine)
  if (serversDown > 0) parts.push(`${serversDown} of ${snapshot.servers.length} servers down`)
  if (parts.length === 0) parts.push('waiting for the first answer')
  return { status, tooltip: truncate(`${title} — ${parts.join('; ')}`), serversDown }
}

// Which servers the monitor believes share a machine, and why (issue 18), for
// the Servers view: servers listed as different machines whose answers prove
// one license pool (the rows' `pool`), each with a preview of the merged row
// and the label that would put them on one machine; and servers whose hosts
// resolved to one address (already one machine, shown with the reason).

import type { HostMachineView, MachineUsage, ServerListEntry } from '../../../main/core/types/index.ts'
import { translateMessage } from '../i18n/text-message.ts'

export interface MergePreviewRow {
  productId: number
  productName: string
  used: number
  limit: number | null
  remaining: number | null
}

export interface SharedMachineOffer {
  key: string
  serverIds: string[]
  serverNames: string[]
  /** The label "put these on one machine" sets: the first machine's name as the table shows it. */
  machine: string
  /** The rows' own sentences: who shares what, and by which evidence. */
  reasons: string[]
  preview: MergePreviewRow[]
}

/** Offers from the snapshot: one per set of servers that share a pool across machines. */
export function sharedMachineOffers(machines: readonly MachineUsage[], entries: readonly ServerListEntry[]): SharedMachineOffer[] {
  const idOf = new Map(entries.map((entry) => [entry.name, entry.id]))
  const offers = new Map<string, SharedMachineOffer>()
  for (const machine of machines) {
    for (const row of machine.products) {
      const pool = row.pool
      if (!pool || pool.elsewhere.length === 0) continue
      const names = [...new Set([...machine.servers, ...pool.elsewhere.map((entry) => entry.server)])].sort()
      const ids = names.flatMap((name) => idOf.get(name) ?? [])
      // A server not in the saved list (the demo's) cannot be relabelled: no offer.
      if (ids.length !== names.length) continue
      const key = ids.join('\u0000')
      const offer = offers.get(key) ?? { key, serverIds: ids, serverNames: names, machine: machine.machine, reasons: [], preview: [] }
      // In the page's language (core's English when the backend sent no message).
      const reason = translateMessage(pool.sentenceMessage, pool.sentence)
      if (!offer.reasons.includes(reason)) offer.reasons.push(reason)
      if (!offer.preview.some((line) => line.productId === row.productId)) {
        offer.preview.push({
          productId: row.productId,
          productName: row.productName,
          used: row.used,
          limit: row.limit,
          remaining: row.remaining,
        })
      }
      offers.set(key, offer)
    }
  }
  return [...offers.values()]
}

export interface HostMachineGroup {
  machine: string
  serverNames: string[]
  reason: string
}

/** Servers whose hosts the monitor resolved to one machine when the list was saved (two or more per group). */
export function hostMachineGroups(
  entries: readonly ServerListEntry[],
  views: Readonly<Record<string, HostMachineView>> | undefined,
): HostMachineGroup[] {
  if (!views) return []
  const groups = new Map<string, HostMachineGroup>()
  for (const entry of entries) {
    const view = views[entry.id]
    if (!view) continue
    const group = groups.get(view.machine) ?? {
      machine: view.machine,
      serverNames: [],
      reason: translateMessage(view.reasonMessage, view.reason),
    }
    group.serverNames.push(entry.name)
    groups.set(view.machine, group)
  }
  return [...groups.values()].filter((group) => group.serverNames.length > 1)
}

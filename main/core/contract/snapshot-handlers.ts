import { z } from 'zod'
import type { InvokeHandlers, RowId } from './contract.ts'
import type { Monitor } from '../poll/monitor.ts'
import { callArgs } from './args.ts'
import type { SnapshotPublisher } from './snapshot-pushes.ts'
import type { Snapshot } from '../types/index.ts'
import { filterTerms, machineSearchText, productSearchText, textsMatchTerms } from './row-filter.ts'

/** Longer than any filter a person types; bounds the work a call can ask for. */
const MAX_FILTER_LENGTH = 1000

/** A list version the page holds: a push number (the monitor's start time in ms, then counting up). */
const LIST_VERSION = z
  .number({ error: 'the list version (since) must be a number' })
  .min(0, 'the list version (since) cannot be negative')
  .max(Number.MAX_SAFE_INTEGER, 'the list version (since) is larger than any push number')
  // After the range: zod's integer check also refuses unsafe integers, which the range names better.
  .int('the list version (since) must be a whole number')

/** The rows of a whole snapshot (lists included) that the filter's terms match, in snapshot order. */
export function matchingRows(snapshot: Snapshot, filterText: string): RowId[] {
  const terms = filterTerms(filterText)
  if (terms.length === 0) return []
  const rows: RowId[] = []
  for (const machine of snapshot.machines) {
    const machineText = machineSearchText(machine)
    for (const product of machine.products) {
      if (textsMatchTerms(machineText, productSearchText(product), terms))
        rows.push({ machine: machine.machine, productId: product.productId })
    }
  }
  return rows
}

export function snapshotHandlers(
  monitor: Pick<Monitor, 'getSnapshot'>,
  publisher: SnapshotPublisher,
): Pick<InvokeHandlers, 'getSnapshot' | 'getLiveSnapshot' | 'getLicenseList' | 'findMatchingRows'> {
  return {
    getSnapshot: async (...args) => {
      callArgs('getSnapshot', z.tuple([]), args)
      return { ok: true, data: monitor.getSnapshot() }
    },
    getLiveSnapshot: async (...args) => {
      callArgs('getLiveSnapshot', z.tuple([]), args)
      return { ok: true, data: publisher.live() }
    },
    getLicenseList: async (...args) => {
      // Machine names come from the servers' answers, unbounded (a hostile one sent 10 KB): the call body's own limit bounds them.
      const [machine, productId, since] = callArgs(
        'getLicenseList',
        z.tuple([z.string().min(1), z.number().int().min(0).max(0xffff_ffff), LIST_VERSION.optional()]),
        args,
      )
      const list = publisher.licenseList(machine, productId, since)
      if (list === null) return { ok: false, error: `machine "${machine}" has no row for product ${productId} (any more)` }
      return { ok: true, data: list }
    },
    findMatchingRows: async (...args) => {
      const [filterText] = callArgs('findMatchingRows', z.tuple([z.string().max(MAX_FILTER_LENGTH)]), args)
      return { ok: true, data: matchingRows(monitor.getSnapshot(), filterText) }
    },
  }
}

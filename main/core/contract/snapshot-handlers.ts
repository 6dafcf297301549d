import { z } from 'zod'
import type { InvokeHandlers } from './contract.ts'
import type { Monitor } from '../poll/monitor.ts'
import { callArgs } from './args.ts'
import type { SnapshotPublisher } from './snapshot-pushes.ts'

export function snapshotHandlers(
  monitor: Pick<Monitor, 'getSnapshot'>,
  publisher: SnapshotPublisher,
): Pick<InvokeHandlers, 'getSnapshot' | 'getLiveSnapshot' | 'getLicenseList'> {
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
      const [machine, productId] = callArgs('getLicenseList', z.tuple([z.string().min(1), z.number().int().min(0).max(0xffff_ffff)]), args)
      const list = publisher.licenseList(machine, productId)
      if (list === null) return { ok: false, error: `machine "${machine}" has no row for product ${productId} (any more)` }
      return { ok: true, data: list }
    },
  }
}

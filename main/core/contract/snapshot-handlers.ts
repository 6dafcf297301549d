import { z } from 'zod'
import type { InvokeHandlers } from './contract.ts'
import type { Monitor } from '../poll/monitor.ts'
import { callArgs } from './args.ts'

export function snapshotHandlers(monitor: Pick<Monitor, 'getSnapshot'>): Pick<InvokeHandlers, 'getSnapshot'> {
  return {
    getSnapshot: async (...args) => {
      callArgs('getSnapshot', z.tuple([]), args)
      return { ok: true, data: monitor.getSnapshot() }
    },
  }
}

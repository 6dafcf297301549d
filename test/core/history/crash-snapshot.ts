// The snapshot the crash writer records as transaction n: 10 machines x 5
// products = 50 samples, and a few licenses that come and go with n.
import type { Snapshot } from '../../../main/core/types/index.ts'
import { snapshot, type LicenseSpec, type ServerSpec } from './snapshots.ts'

export const SAMPLES_PER_TRANSACTION = 50
const SERVERS: ServerSpec[] = Array.from({ length: 10 }, (_, i) => ({ name: `S${i}`, machine: `m${i}` }))

export function crashSnapshot(n: number): Snapshot {
  const licenses: LicenseSpec[] = []
  for (const [i, server] of SERVERS.entries()) {
    for (let productId = 1; productId <= 5; productId++)
      licenses.push({ server: server.name, token: productId * 1000 + ((n + i) % 3), productId })
  }
  return snapshot(SERVERS, licenses, 50)
}

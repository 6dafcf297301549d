// Issue 11 item 2: a stream opens with the live snapshot (license lists left
// out), then carries small patches; each push is serialised once for every
// open stream, not once per page.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBackend } from '../../main/core/contract/backend.ts'
import type { LicenseHeld, LiveSnapshot, ProductUsage, Snapshot, SnapshotPatch } from '../../main/core/types/index.ts'
import { createEventStreams } from '../../main/serve/events.ts'
import { openEventStream } from './http-client.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A row as the aggregation builds it; only `used` and the list matter here. */
function row(productId: number, used: number, licenses: LicenseHeld[] = []): ProductUsage {
  return {
    productId,
    productName: `P${productId}`,
    used,
    limit: 10,
    remaining: 10 - used,
    utilization: used / 10,
    unlimited: false,
    limitSource: 'licenseInfo',
    status: 'ok',
    shares: [],
    flags: [],
    stale: false,
    licenses,
  }
}

function license(token: number): LicenseHeld {
  const text = null
  return {
    server: 'Accounting',
    token,
    productId: 1,
    since: text,
    reason: text,
    sessionType: 'remote',
    userName: `user${token}`,
    clientMachine: text,
    ipAddress: text,
    state: 'active',
    hostType: text,
  }
}

function snapshotAt(generatedAt: string, used: number): Snapshot {
  const licenses = Array.from({ length: used }, (_, token) => license(token))
  return {
    generatedAt,
    demo: false,
    machines: [
      { machine: 'srv-a', servers: ['Accounting'], products: [row(1, used, licenses)] },
      { machine: 'srv-b', servers: ['Sales'], products: [row(2, 1)] },
    ],
    servers: [],
  }
}

describe('event streams', () => {
  it('opens with the live snapshot, then sends one patch serialised once for all streams', async () => {
    const listeners = new Set<(snapshot: Snapshot) => void>()
    const initial = snapshotAt('2026-11-28T09:00:00.000Z', 3)
    const backend = createBackend({
      monitor: {
        getSnapshot: () => initial,
        onSnapshot(listener) {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
      },
    })
    const streams = createEventStreams(backend, 60_000)
    const server: Server = createServer((req, res) => streams.open(req, res))
    server.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    cleanups.push(() => streams.closeAll())
    const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`

    const pages = await Promise.all([openEventStream(url), openEventStream(url), openEventStream(url)])
    cleanups.push(() => pages.forEach((page) => page.close()))
    const firsts = (await Promise.all(pages.map((page) => page.next('snapshot')))) as LiveSnapshot[]
    for (const first of firsts) {
      expect(first.seq).toBe(firsts[0]?.seq)
      expect(first.machines[0]?.products[0]).toMatchObject({ used: 3, licenses: [], listVersion: first.seq })
    }

    const stringify = vi.spyOn(JSON, 'stringify')
    for (const listener of listeners) listener(snapshotAt('2026-11-28T09:00:05.000Z', 4))
    const patches = (await Promise.all(pages.map((page) => page.next('snapshotPatch')))) as SnapshotPatch[]
    for (const patch of patches) {
      expect(patch).toMatchObject({ seq: (firsts[0]?.seq ?? 0) + 1, base: firsts[0]?.seq, generatedAt: '2026-11-28T09:00:05.000Z' })
      // Only the row that changed, without its list; srv-b is not in the push at all.
      expect(patch.rows).toEqual([
        { machine: 'srv-a', row: expect.objectContaining({ used: 4, licenses: [], listVersion: patch.seq }) as unknown },
      ])
      expect(patch.machines).toBeUndefined()
    }
    const patchSerialisations = stringify.mock.calls.filter(([value]) => typeof value === 'object' && value !== null && 'base' in value)
    expect(patchSerialisations).toHaveLength(1)
    expect(listeners.size).toBe(1)
  })
})

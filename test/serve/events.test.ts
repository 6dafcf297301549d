// Issue 11: a push is serialised once for every open stream, not once per page.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../../main/core/contract/backend.ts'
import type { Snapshot } from '../../main/core/types/index.ts'
import { createEventStreams } from '../../main/serve/events.ts'
import { openEventStream } from './http-client.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A snapshot that counts how often it is serialised (JSON.stringify calls toJSON once per serialisation). */
function countedSnapshot(generatedAt: string): { snapshot: Snapshot; serialised: () => number } {
  let count = 0
  const content: Snapshot = { generatedAt, demo: false, machines: [], servers: [] }
  const snapshot = {
    ...content,
    toJSON() {
      count += 1
      return content
    },
  }
  return { snapshot, serialised: () => count }
}

describe('event streams', () => {
  it('serialises each snapshot push once for all open streams, and every stream receives it', async () => {
    const listeners = new Set<(snapshot: Snapshot) => void>()
    const initial: Snapshot = { generatedAt: '2026-11-28T09:00:00.000Z', demo: false, machines: [], servers: [] }
    const backend = createBackend({
      monitor: {
        getSnapshot: () => initial,
        onSnapshot(listener) {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
      },
    })
    const streams = createEventStreams(backend, () => initial, 60_000)
    const server: Server = createServer((req, res) => streams.open(req, res))
    server.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    cleanups.push(() => streams.closeAll())
    const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`

    const pages = await Promise.all([openEventStream(url), openEventStream(url), openEventStream(url)])
    cleanups.push(() => pages.forEach((page) => page.close()))
    for (const page of pages) await page.next('snapshot')
    expect(listeners.size).toBe(3)

    const push = countedSnapshot('2026-11-28T09:00:05.000Z')
    for (const listener of listeners) listener(push.snapshot)
    for (const page of pages) expect(await page.next('snapshot')).toMatchObject({ generatedAt: '2026-11-28T09:00:05.000Z' })
    expect(push.serialised()).toBe(1)

    // The next push is a new object: serialised again, once.
    const next = countedSnapshot('2026-11-28T09:00:10.000Z')
    for (const listener of listeners) listener(next.snapshot)
    for (const page of pages) expect(await page.next('snapshot')).toMatchObject({ generatedAt: '2026-11-28T09:00:10.000Z' })
    expect(next.serialised()).toBe(1)
  })
})

// A MonitorApi the tests drive by hand: answers getSnapshot with queued
// results and pushes snapshots and connection states on demand.
import type { Result } from '../../main/core/contract.ts'
import type { Snapshot } from '../../main/core/types.ts'
import type { ConnectionState, RendererApi } from '../../renderer/src/api/connection.ts'

export interface FakeApi extends RendererApi {
  results: (Result<Snapshot> | Error)[]
  getCalls: number
  push(snapshot: unknown): void
  setConnection(state: ConnectionState): void
  listenerCount(): number
}

export function fakeApi(options: { connection?: boolean } = {}): FakeApi {
  const snapshotListeners = new Set<(snapshot: Snapshot) => void>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()
  let connection: ConnectionState = { status: 'connecting', reason: null }
  const api: FakeApi = {
    results: [],
    getCalls: 0,
    async getSnapshot() {
      api.getCalls++
      const next = api.results.shift() ?? { ok: false, error: 'no answer queued' }
      if (next instanceof Error) throw next
      return next
    },
    onSnapshot(listener) {
      snapshotListeners.add(listener)
      return () => snapshotListeners.delete(listener)
    },
    push(snapshot) {
      for (const listener of snapshotListeners) listener(snapshot as Snapshot)
    },
    setConnection(state) {
      connection = state
      for (const listener of connectionListeners) listener(state)
    },
    listenerCount: () => snapshotListeners.size + connectionListeners.size,
  }
  if (options.connection) {
    api.onConnection = (listener) => {
      connectionListeners.add(listener)
      listener(connection)
      return () => connectionListeners.delete(listener)
    }
  }
  return api
}

// A MonitorApi the tests drive by hand: answers getSnapshot with queued
// results and pushes snapshots and connection states on demand.
import { InvokeChannel, type CallName, type MonitorCalls, type Result } from '../../main/core/contract/contract.ts'
import type { FocusRowRequest, LiveSnapshot, Notice, Snapshot, SnapshotPatch } from '../../main/core/types/index.ts'
import type { ConnectionState, RendererApi } from '../../renderer/src/api/connection.ts'

export interface FakeApi extends RendererApi {
  results: (Result<Snapshot> | Error)[]
  getCalls: number
  push(snapshot: unknown): void
  setConnection(state: ConnectionState): void
  listenerCount(): number
  /** Every call other than getSnapshot, in order, with its arguments. */
  calls: { name: CallName; args: unknown[] }[]
  /** Answers for those calls by name; unanswered calls get { ok: false }. */
  answers: Partial<Record<CallName, (...args: unknown[]) => Result<unknown>>>
  /** Pushes a snapshot patch (or anything, to test the checks). */
  pushPatch(patch: unknown): void
  pushNotice(notice: Notice): void
  pushFocusRow(request: FocusRowRequest): void
}

type OtherCalls = Omit<MonitorCalls, 'getSnapshot' | 'getLiveSnapshot'>

export function fakeApi(options: { connection?: boolean } = {}): FakeApi {
  const snapshotListeners = new Set<(snapshot: Snapshot) => void>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()
  const noticeListeners = new Set<(notice: Notice) => void>()
  const focusListeners = new Set<(request: FocusRowRequest) => void>()
  const patchListeners = new Set<(patch: SnapshotPatch) => void>()
  const call =
    (name: CallName) =>
    async (...args: unknown[]) => {
      api.calls.push({ name, args })
      return api.answers[name]?.(...args) ?? { ok: false, error: `no answer for ${name}` }
    }
  const others = Object.fromEntries(
    (Object.keys(InvokeChannel) as CallName[])
      .filter((name) => name !== 'getSnapshot' && name !== 'getLiveSnapshot')
      .map((name) => [name, call(name)]),
  ) as unknown as OtherCalls
  let connection: ConnectionState = { status: 'connecting', reason: null }
  const api: FakeApi = {
    ...others,
    calls: [],
    answers: {},
    onNotice(listener) {
      noticeListeners.add(listener)
      return () => noticeListeners.delete(listener)
    },
    onFocusRow(listener) {
      focusListeners.add(listener)
      return () => focusListeners.delete(listener)
    },
    pushNotice(notice) {
      for (const listener of noticeListeners) listener(notice)
    },
    pushFocusRow(request) {
      for (const listener of focusListeners) listener(request)
    },
    results: [],
    getCalls: 0,
    async getSnapshot() {
      api.getCalls++
      const next = api.results.shift() ?? { ok: false, error: 'no answer queued' }
      if (next instanceof Error) throw next
      return next
    },
    // The store loads the live snapshot; both loads answer from the same queue.
    getLiveSnapshot() {
      return api.getSnapshot() as Promise<Result<LiveSnapshot>>
    },
    onSnapshot(listener) {
      snapshotListeners.add(listener)
      return () => snapshotListeners.delete(listener)
    },
    onSnapshotPatch(listener) {
      patchListeners.add(listener)
      return () => patchListeners.delete(listener)
    },
    pushPatch(patch) {
      for (const listener of patchListeners) listener(patch as SnapshotPatch)
    },
    push(snapshot) {
      for (const listener of snapshotListeners) listener(snapshot as Snapshot)
    },
    setConnection(state) {
      connection = state
      for (const listener of connectionListeners) listener(state)
    },
    listenerCount: () => snapshotListeners.size + patchListeners.size + connectionListeners.size,
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

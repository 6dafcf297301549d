// The messages beside core's English sentences (warningMessages, limitNoteMessage,
// flagMessages) reach a page by every route: the whole snapshot (getSnapshot,
// which GET /api/snapshot serves), the live snapshot, and the small pushes,
// which compare rows and servers by content: a change of a flag must travel,
// and carry the row and the server entry as the snapshot has them.
// A real monitor polls a local HTTP "4D Server" whose answer the test changes.
import { describe, expect, it } from 'vitest'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import { createSnapshotPublisher } from '../../../main/core/contract/snapshot-pushes.ts'
import type { LiveSnapshot, Snapshot, SnapshotPatch } from '../../../main/core/types/index.ts'
import { CLIENT_RECORD as RECORD, usePolledServer } from '../polled-server.ts'

const polled = usePolledServer()

describe('core sentences’ messages on every route to the page', () => {
  it('snapshot, live snapshot and patches carry them, as the monitor has them now', async () => {
    let answer: unknown = { server: { machine: 'srv-one' }, usage: [RECORD, { ...RECORD, token: 'x' }] }
    const monitor = await polled.monitorOf(() => answer)
    const backend = createBackend({ monitor })
    await monitor.pollNow()

    const whole = await dispatchCall(backend, 'getSnapshot', [])
    if (!whole.ok) throw new Error(whole.error)
    const snapshot = whole.data as Snapshot
    const row = snapshot.machines[0]?.products[0]
    expect(row?.limitNoteMessage).toEqual({ id: 'limitNotes.inferred', params: {} })
    expect(snapshot.servers[0]?.warningMessages).toEqual([
      { id: 'warnings.invalidRecords', params: { invalid: 1, total: 2, problem: 'token: expected a number' } },
    ])

    const publisher = createSnapshotPublisher(monitor, 1000)
    const patches: SnapshotPatch[] = []
    const unsubscribe = publisher.onPatch((patch) => patches.push(patch))
    const live: LiveSnapshot = publisher.live()
    expect(live.machines[0]?.products[0]?.limitNoteMessage).toEqual(row?.limitNoteMessage)
    expect(live.servers[0]?.warningMessages).toEqual(snapshot.servers[0]?.warningMessages)

    // The same token twice (a flag) and a clean answer otherwise (no warning any more).
    answer = { server: { machine: 'srv-one' }, usage: [RECORD, RECORD] }
    await monitor.pollNow()
    unsubscribe()
    const rowPatch = patches.flatMap((patch) => patch.rows ?? []).at(-1)
    expect(rowPatch?.row.flagMessages).toEqual([{ id: 'flags.duplicateToken', params: { server: 'Accounting', token: 7, times: 2 } }])
    const serverPatch = patches.flatMap((patch) => patch.servers ?? []).at(-1)
    expect(serverPatch?.warnings).toEqual([])
    expect(serverPatch).not.toHaveProperty('warningMessages')

    const now = monitor.getSnapshot()
    expect(rowPatch?.row.flags).toEqual(['Accounting sent license token 7 2 times; counted once'])
    expect({ ...rowPatch?.row, licenses: [], listVersion: 0 }).toEqual({ ...now.machines[0]?.products[0], licenses: [], listVersion: 0 })
    expect(serverPatch).toEqual(now.servers[0])
  })
})

// getLicenseList with `since` (issue 11 item 3): an expanded row's list moves
// on by its changes, not whole. A real monitor polls the simulator over
// sockets while clients arrive, leave and change state; after each change the
// page's copy, patched by the renderer's own code (as JSON, like any
// transport), must deep-equal a whole fetch of the list. Versions main no
// longer keeps get the whole list; a hostile `since` is refused with a sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, dispatchCall, type Backend } from '../../../main/core/contract/backend.ts'
import { KEPT_LIST_VERSIONS } from '../../../main/core/contract/snapshot-pushes.ts'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import type { LicenseListAnswer, LicenseListChanges, LicenseListView, SnapshotPatch } from '../../../main/core/types/index.ts'
import { serverConfigsFor } from '../../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import { applyListChanges, type HeldList } from '../../../renderer/src/model/license-list-changes.ts'

const TOKEN = 'list-changes-token'
const CLIENT = 808464441

let simulator: LocalSimulator
let monitor: Monitor
let backend: Backend
let machine: string
/** The row's list version as the pushes say it, as a page following the stream knows it. */
let pushedVersion: number | null = null
let stopListening: () => void

beforeAll(async () => {
  // Two servers on one machine: the row merges both servers' licenses, in the list's order.
  simulator = await startSimulator({
    servers: 2,
    machines: 1,
    seed: 11,
    token: TOKEN,
    products: [{ productId: CLIENT, productName: '4D Client', allowed: 2000 }],
    initialClients: 150,
  })
  monitor = createMonitor({ servers: serverConfigsFor(simulator.servers(), TOKEN) })
  await monitor.pollNow()
  backend = createBackend({ monitor })
  machine = simulator.truth().machines[0]?.machine ?? ''
  stopListening = backend.subscribe('snapshotPatch', (patch: SnapshotPatch) => {
    for (const entry of patch.rows ?? []) {
      if (entry.machine === machine && entry.row.productId === CLIENT && entry.row.listVersion !== undefined)
        pushedVersion = entry.row.listVersion
    }
  })
})

afterAll(async () => {
  stopListening()
  await monitor.stop()
  await simulator.stop()
})

/** A call as a transport carries it: the answer goes through JSON. */
async function ask(...args: unknown[]): Promise<LicenseListAnswer> {
  const answer = await dispatchCall(backend, 'getLicenseList', args)
  if (!answer.ok) throw new Error(answer.error)
  return JSON.parse(JSON.stringify(answer.data)) as LicenseListAnswer
}

async function whole(): Promise<LicenseListView> {
  const answer = await ask(machine, CLIENT)
  if (!('licenses' in answer)) throw new Error('a call without since answered changes')
  return answer
}

async function changesSince(since: number): Promise<LicenseListChanges> {
  const answer = await ask(machine, CLIENT, since)
  if (!('removed' in answer)) throw new Error(`a known version (${String(since)}) got the whole list`)
  return answer
}

/** Clients arrive on both servers, one leaves, and the simulator takes a seeded step (session states change too). */
function someClientsComeAndGo(step: number): void {
  for (const server of simulator.servers()) simulator.retain(server.id, CLIENT)
  const first = simulator.truth().servers[0]
  const leaving = first?.records[step % first.records.length]
  if (first && leaving) simulator.release(first.id, leaving.token)
  if (step % 2 === 0) simulator.step()
}

describe('getLicenseList with since, over a real monitor and simulator', () => {
  it('answers the changes only, and the patched copy deep-equals a whole fetch after every change', async () => {
    const first = await whole()
    expect(first.licenses.length).toBeGreaterThan(100)
    let copy: HeldList = { listVersion: first.listVersion, licenses: first.licenses }
    let changedLicenses = 0
    for (let step = 1; step <= 12; step++) {
      someClientsComeAndGo(step)
      await monitor.pollNow()
      const changes = await changesSince(copy.listVersion)
      expect(changes.since).toBe(copy.listVersion)
      // The version the pushes named for the row is the one the changes lead to.
      expect(changes.listVersion).toBe(pushedVersion)
      expect(changes.listVersion).toBeGreaterThan(copy.listVersion)
      // Far smaller than the list: clients came and went, the others stayed.
      expect(changes.removed.length + changes.changed.length).toBeLessThan(first.licenses.length / 2)
      const outcome = applyListChanges(copy, changes)
      if (!outcome.ok) throw new Error(`step ${String(step)}: ${outcome.cause}`)
      const fetched = await whole()
      expect(outcome.licenses, `step ${String(step)}`).toEqual(fetched.licenses)
      expect(fetched.listVersion).toBe(changes.listVersion)
      changedLicenses += changes.changed.length
      copy = { listVersion: changes.listVersion, licenses: outcome.licenses }
    }
    // Arrivals and state changes were carried, not only removals.
    expect(changedLicenses).toBeGreaterThan(24)
    // The list matches what the simulator holds: its servers' records, every one.
    const truth = simulator.truth().servers.flatMap((server) => server.records.map((record) => `${server.name} ${String(record.token)}`))
    expect(copy.licenses.map((license) => `${license.server} ${String(license.token)}`).sort()).toEqual(truth.sort())
  })

  it('answers no changes for the version held, and the whole list for one it no longer keeps or never had', async () => {
    const held = await whole()
    const none = await changesSince(held.listVersion)
    expect(none).toMatchObject({
      since: held.listVersion,
      listVersion: held.listVersion,
      removed: [],
      changed: [],
      count: held.licenses.length,
    })
    for (let step = 0; step < KEPT_LIST_VERSIONS; step++) {
      someClientsComeAndGo(100 + step)
      await monitor.pollNow()
    }
    // KEPT_LIST_VERSIONS changes later the held version is no longer kept: the whole list, as without since.
    const stale = await ask(machine, CLIENT, held.listVersion)
    expect(stale).toEqual(await whole())
    // A version main never numbered (older than its start, or not yet pushed) also gets the whole list.
    expect(await ask(machine, CLIENT, 0)).toEqual(await whole())
    expect(await ask(machine, CLIENT, Number.MAX_SAFE_INTEGER)).toEqual(await whole())
  })

  it.each([
    [-1, /argument 2: the list version \(since\) cannot be negative/],
    [2 ** 53, /argument 2: the list version \(since\) is larger than any push number/],
    [1e300, /argument 2: the list version \(since\) is larger than any push number/],
    [Number.POSITIVE_INFINITY, /argument 2: the list version \(since\) must be a number/],
    [1.5, /argument 2: the list version \(since\) must be a whole number/],
    ['5', /argument 2: the list version \(since\) must be a number/],
    [null, /argument 2: the list version \(since\) must be a number/],
  ])('refuses since %o with a sentence that names it', async (since, sentence) => {
    const answer = await dispatchCall(backend, 'getLicenseList', [machine, CLIENT, since])
    expect(answer.ok).toBe(false)
    expect(answer.ok ? '' : answer.error).toMatch(/^invalid arguments for getLicenseList: /)
    expect(answer.ok ? '' : answer.error).toMatch(sentence)
  })
})

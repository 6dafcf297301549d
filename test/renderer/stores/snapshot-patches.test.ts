// Issue 11 item 2: pushes carry only what changed. A random sequence of
// snapshots goes through the real publisher and diff (main/core/contract), as
// JSON like any transport, into the real stores (pinia); the stores must end
// exactly where a live snapshot of the last one puts them. Lists of expanded
// rows are fetched and follow their versions; collapsed rows are never asked.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createSnapshotPublisher } from '../../../main/core/contract/snapshot-pushes.ts'
import type { AlertTransition, LicenseHeld, MachineUsage, ServerSummary, Snapshot, SnapshotPatch } from '../../../main/core/types/index.ts'
import { rowKey } from '../../../renderer/src/model/rows.ts'
import { useAlertsStore } from '../../../renderer/src/stores/alerts.ts'
import { useLicensesStore } from '../../../renderer/src/stores/licenses.ts'
import { useMonitorStore } from '../../../renderer/src/stores/monitor.ts'
import { useServersStore } from '../../../renderer/src/stores/servers.ts'
import { useUiStore } from '../../../renderer/src/stores/ui.ts'
import { fakeApi, type FakeApi } from '../fake-api.ts'
import { license, product } from '../fixtures.ts'
import { feed, wire } from './snapshot-feed.ts'

beforeEach(() => {
  sessionStorage.clear()
})

/** mulberry32: a seeded generator, so a failing sequence can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T
}

/** A random subset in a random order. */
function someOf<T>(random: () => number, values: readonly T[]): T[] {
  return values.filter(() => random() < 0.6).sort(() => random() - 0.5)
}

const STATUSES = ['ok', 'warning', 'critical', 'exhausted', 'unknown'] as const

function randomLicenses(random: () => number, productId: number): LicenseHeld[] {
  return someOf(random, [1, 2, 3, 4]).map((token) =>
    license({ server: pick(random, ['s1', 's2']), token, productId, userName: pick(random, ['ana', 'rui']) }),
  )
}

function randomMachine(random: () => number, name: string): MachineUsage {
  const products = someOf(random, [1, 2, 3, 4]).map((productId) => {
    const licenses = randomLicenses(random, productId)
    return product({
      productId,
      productName: `P${productId}`,
      used: licenses.length,
      limit: pick(random, [4, 8, null]),
      status: pick(random, STATUSES),
      flags: random() < 0.2 ? ['two sources disagree'] : [],
      stale: random() < 0.2,
      licenses,
    })
  })
  const machine: MachineUsage = { machine: name, servers: someOf(random, ['s1', 's2', 's3']), products }
  if (random() < 0.3) machine.round = { consistent: random() < 0.5, spreadMs: pick(random, [null, 12]), boundMs: 2000, behind: [] }
  return machine
}

function randomServer(random: () => number, id: string): ServerSummary {
  return {
    id,
    name: id.toUpperCase(),
    machine: 'm1',
    url: `http://${id}.example/`,
    status: pick(random, ['up', 'down', 'stale'] as const),
    latencyMs: pick(random, [null, 3, 40]),
    lastSuccessAt: null,
    lastError: random() < 0.3 ? 'timed out after 4 s' : null,
    warnings: [],
    version: null,
  }
}

function randomSnapshot(random: () => number, step: number): Snapshot {
  const snapshot: Snapshot = {
    generatedAt: new Date(Date.UTC(2026, 10, 28, 9, 0, step)).toISOString(),
    demo: random() < 0.1,
    machines: someOf(random, ['m1', 'm2', 'm3', 'm4']).map((name) => randomMachine(random, name)),
    servers: someOf(random, ['s1', 's2', 's3', 's4']).map((id) => randomServer(random, id)),
  }
  if (random() < 0.7) {
    const transitions = Array.from({ length: Math.floor(random() * 3) }, (_, i) => ({ key: `k${i}`, at: snapshot.generatedAt }))
    snapshot.alerts = {
      active: [],
      transitions: transitions as unknown as AlertTransition[],
      snoozedUntil: null,
      problem: random() < 0.2 ? 'x' : null,
    }
  }
  return snapshot
}

/** Everything the stores hold that a snapshot sets. */
function storeState() {
  const licenses = useLicensesStore()
  const servers = useServersStore()
  const alerts = useAlertsStore()
  const monitor = useMonitorStore()
  return {
    machines: licenses.machines,
    byMachine: licenses.byMachine,
    servers: servers.list,
    active: alerts.active,
    transitions: alerts.transitions,
    snoozedUntil: alerts.snoozedUntil,
    problem: alerts.problem,
    generatedAt: monitor.generatedAt,
    demo: monitor.demo,
  }
}

/** A page (its own pinia) connected to the publisher through a fake transport; `drop` loses the pushes it names. */
async function connectPage(publisher: ReturnType<typeof createSnapshotPublisher>, drop: (patch: SnapshotPatch) => boolean = () => false) {
  setActivePinia(createPinia())
  const api: FakeApi = fakeApi()
  api.results.push({ ok: true, data: wire(publisher.live()) })
  api.answers.getLicenseList = (machine, productId, since) => {
    const list = publisher.licenseList(machine as string, productId as number, since as number | undefined)
    return list === null ? { ok: false, error: 'no such row' } : { ok: true, data: wire(list) }
  }
  publisher.onPatch((patch) => {
    if (drop(patch)) {
      // The page will ask for the live snapshot again: it gets the one current then.
      api.results.push({ ok: true, data: wire(publisher.live()) })
      return
    }
    api.pushPatch(wire(patch))
  })
  await useMonitorStore().start(api)
  return api
}

/** The stores of a page that loaded only the live snapshot of `publisher`. */
function expectedState(publisher: ReturnType<typeof createSnapshotPublisher>) {
  setActivePinia(createPinia())
  useMonitorStore().applySnapshot(wire(publisher.live()))
  return storeState()
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('snapshot patches applied by the stores', () => {
  it('end exactly where a live snapshot of the last snapshot puts them, over 100 random sequences', async () => {
    for (let seed = 1; seed <= 100; seed++) {
      const random = prng(seed)
      const source = feed(randomSnapshot(random, 0))
      const publisher = createSnapshotPublisher(source, 1)
      const api = await connectPage(publisher)
      const page = useMonitorStore()
      const pinia = { licenses: useLicensesStore(), servers: useServersStore() }
      let last = source.getSnapshot()
      for (let step = 1; step <= 12; step++) {
        last = randomSnapshot(random, step)
        source.emit(last)
      }
      await flush()
      setActivePinia(createPinia())
      const expected = expectedState(publisher)
      // Back to the page's own stores.
      expect(pinia.licenses.byMachine, `seed ${seed}`).toEqual(expected.byMachine)
      expect(pinia.servers.list, `seed ${seed}`).toEqual(last.servers)
      expect(page.generatedAt).toBe(last.generatedAt)
      expect(page.demo).toBe(last.demo)
      // And the rows are the last snapshot's, lists left out (no row is expanded: none was fetched).
      const rows = Object.values(pinia.licenses.byMachine).map((m) => ({
        ...m,
        products: m.products.map(({ listVersion: _, ...row }) => row),
      }))
      expect(rows, `seed ${seed}`).toEqual(
        last.machines.map((m) => ({ ...m, products: m.products.map((row) => ({ ...row, licenses: [] })) })),
      )
      expect(api.calls.filter((call) => call.name === 'getLicenseList')).toEqual([])
      expect(api.getCalls).toBe(1)
    }
  }, 60_000)

  it('alerts follow every patch, as each snapshot has them', async () => {
    const random = prng(7)
    const source = feed(randomSnapshot(random, 0))
    const publisher = createSnapshotPublisher(source, 1)
    await connectPage(publisher)
    const alerts = useAlertsStore()
    const seen = new Set<string>()
    for (let step = 1; step <= 30; step++) {
      const next = randomSnapshot(random, step)
      source.emit(next)
      // After every push, as the snapshot has them (the store shows transitions newest first).
      expect({ transitions: alerts.transitions, problem: alerts.problem }, `step ${step}`).toEqual({
        transitions: [...(next.alerts?.transitions ?? [])].reverse(),
        problem: next.alerts?.problem ?? null,
      })
      seen.add(JSON.stringify(alerts.transitions))
    }
    // The sequence did exercise changes: several different states were shown.
    expect(seen.size).toBeGreaterThan(2)
  })

  it('a page that misses a push loads the live snapshot again and carries on from it', async () => {
    const random = prng(42)
    const source = feed(randomSnapshot(random, 0))
    const publisher = createSnapshotPublisher(source, 1)
    let dropped = 0
    const api = await connectPage(publisher, () => dropped++ === 3)
    const licenses = useLicensesStore()
    const monitor = useMonitorStore()
    for (let step = 1; step <= 10; step++) {
      source.emit(randomSnapshot(random, step))
      await flush()
    }
    expect(api.getCalls).toBe(2)
    expect(monitor.generatedAt).toBe(source.getSnapshot().generatedAt)
    const page = licenses.byMachine
    expect(page).toEqual(expectedState(publisher).byMachine)
  })

  it('fetches the list of an expanded row only, and again when its version moves on', async () => {
    const withList = (used: number, step: number): Snapshot => ({
      generatedAt: new Date(Date.UTC(2026, 10, 28, 9, 0, step)).toISOString(),
      demo: false,
      machines: [
        {
          machine: 'm1',
          servers: ['s1'],
          products: [1, 2].map((productId) =>
            product({
              productId,
              productName: `P${productId}`,
              used,
              licenses: Array.from({ length: used }, (_, token) => license({ server: 's1', token, productId })),
            }),
          ),
        },
      ],
      servers: [],
    })
    const source = feed(withList(2, 0))
    const publisher = createSnapshotPublisher(source, 1)
    const api = await connectPage(publisher)
    const licenses = useLicensesStore()
    const ui = useUiStore()
    const row = (productId: number) => licenses.machines[0]?.products.find((p) => p.productId === productId)
    expect(row(1)?.licenses).toEqual([])

    ui.toggleExpanded(rowKey('m1', 1))
    await flush()
    await flush()
    expect(row(1)?.licenses).toEqual(source.getSnapshot().machines[0]?.products[0]?.licenses)
    expect(row(2)?.licenses).toEqual([])

    source.emit(withList(3, 1))
    await flush()
    await flush()
    expect(row(1)?.licenses).toHaveLength(3)
    expect(row(1)?.licenses).toEqual(source.getSnapshot().machines[0]?.products[0]?.licenses)
    // The second time with the version held: the monitor answered the one license added, not the list.
    const asked = api.calls.filter((call) => call.name === 'getLicenseList').map((call) => call.args)
    expect(asked).toEqual([
      ['m1', 1],
      ['m1', 1, 1],
    ])

    // Collapsed: its list is let go, and later changes are not fetched.
    ui.toggleExpanded(rowKey('m1', 1))
    await flush()
    source.emit(withList(1, 2))
    await flush()
    expect(licenses.lists).toEqual({})
    expect(api.calls.filter((call) => call.name === 'getLicenseList')).toHaveLength(2)
  })

  it('fetches the list of the previewed row ahead of the click, shows it at once when expanded, and keeps one previewed list', async () => {
    const snapshot: Snapshot = {
      generatedAt: new Date(Date.UTC(2026, 10, 28, 9, 0, 0)).toISOString(),
      demo: false,
      machines: [
        {
          machine: 'm1',
          servers: ['s1'],
          products: [1, 2].map((productId) =>
            product({
              productId,
              productName: `P${productId}`,
              used: productId + 1,
              licenses: Array.from({ length: productId + 1 }, (_, token) => license({ server: 's1', token, productId })),
            }),
          ),
        },
      ],
      servers: [],
    }
    const source = feed(snapshot)
    const api = await connectPage(createSnapshotPublisher(source, 1))
    const licenses = useLicensesStore()
    const ui = useUiStore()
    const fetched = () => api.calls.filter((call) => call.name === 'getLicenseList').map((call) => call.args)
    const shown = (productId: number) => licenses.machines[0]?.products.find((p) => p.productId === productId)?.licenses

    ui.preview(rowKey('m1', 1))
    await flush()
    await flush()
    expect(fetched()).toEqual([['m1', 1]])
    // Expanded after the answer: the list is there in the same tick, with no second request.
    ui.toggleExpanded(rowKey('m1', 1))
    expect(shown(1)).toEqual(snapshot.machines[0]?.products[0]?.licenses)
    await flush()
    expect(fetched()).toEqual([['m1', 1]])

    // Another row previewed: fetched too; the expanded row's list stays, the earlier preview is the expanded one.
    ui.preview(rowKey('m1', 2))
    await flush()
    await flush()
    expect(fetched()).toEqual([
      ['m1', 1],
      ['m1', 2],
    ])
    expect(Object.keys(licenses.lists).sort()).toEqual([rowKey('m1', 1), rowKey('m1', 2)])
    // Collapsing row 1 while row 2 is previewed lets row 1's list go and keeps row 2's.
    ui.toggleExpanded(rowKey('m1', 1))
    await flush()
    expect(Object.keys(licenses.lists)).toEqual([rowKey('m1', 2)])
  })
})

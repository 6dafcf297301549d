// Issue 11 item 3: an expanded row's list follows its changes instead of being
// fetched whole. Snapshots go through the real publisher (main/core/contract),
// as JSON like any transport, into the real stores: after each change the row
// shows exactly the list main holds. Answers that do not add up make the page
// drop its copy, say why, and fetch the list whole; answers that come back
// late are ignored.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import type { Result } from '../../../main/core/contract/contract.ts'
import { createSnapshotPublisher } from '../../../main/core/contract/snapshot-pushes.ts'
import type { LicenseHeld, LicenseListAnswer, LicenseListChanges, Snapshot } from '../../../main/core/types/index.ts'
import { rowKey } from '../../../renderer/src/model/rows.ts'
import { useLicensesStore } from '../../../renderer/src/stores/licenses.ts'
import { useMonitorStore } from '../../../renderer/src/stores/monitor.ts'
import { useUiStore } from '../../../renderer/src/stores/ui.ts'
import { fakeApi, type FakeApi } from '../fake-api.ts'
import { license, product } from '../fixtures.ts'
import { feed, wire } from './snapshot-feed.ts'

const ROW = rowKey('m1', 1)
const START = Date.parse('2026-11-28T08:00:00.000Z')

let warn: MockInstance<typeof console.warn>

beforeEach(() => {
  sessionStorage.clear()
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})

afterEach(() => {
  warn.mockRestore()
})

/** A license retained `minute` minutes after START (null: no time sent); two servers, as on a shared machine. */
function held(token: number, minute: number | null, fields: Partial<LicenseHeld> = {}): LicenseHeld {
  return license({
    server: token % 2 === 0 ? 's2' : 's1',
    token,
    productId: 1,
    since: minute === null ? null : new Date(START + minute * 60_000).toISOString(),
    userName: `user${String(token)}`,
    ...fields,
  })
}

/** The list in main's order, by construction: times ascending (each token at its own minute), unknown times last by token. */
function ordered(licenses: LicenseHeld[]): LicenseHeld[] {
  const time = (l: LicenseHeld) => (l.since === null ? Number.POSITIVE_INFINITY : Date.parse(l.since))
  return [...licenses].sort((a, b) => time(a) - time(b) || a.token - b.token)
}

function snapshotOf(licenses: LicenseHeld[], step: number): Snapshot {
  return {
    generatedAt: new Date(START + step * 1000).toISOString(),
    demo: false,
    machines: [
      {
        machine: 'm1',
        servers: ['s1', 's2'],
        products: [product({ productId: 1, productName: '4D Client', used: licenses.length, limit: 1000, licenses: ordered(licenses) })],
      },
    ],
    servers: [],
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const settle = async () => {
  for (let i = 0; i < 4; i++) await flush()
}

type Answer = (since: number | undefined, real: Result<LicenseListAnswer>) => Result<unknown> | Promise<Result<unknown>>

/** A page connected to the publisher; `answer` may stand between the real answer and the page. */
async function connectPage(source: ReturnType<typeof feed>, answer: Answer = (_since, real) => real) {
  setActivePinia(createPinia())
  const publisher = createSnapshotPublisher(source, 1)
  const api: FakeApi = fakeApi()
  api.results.push({ ok: true, data: wire(publisher.live()) })
  const answered: ('whole' | 'changes')[] = []
  api.answers.getLicenseList = (machine, productId, since) => {
    const list = publisher.licenseList(machine as string, productId as number, since as number | undefined)
    const real: Result<LicenseListAnswer> = list === null ? { ok: false, error: 'no such row' } : { ok: true, data: wire(list) }
    if (real.ok) answered.push('licenses' in real.data ? 'whole' : 'changes')
    return answer(since as number | undefined, real) as Result<unknown>
  }
  publisher.onPatch((patch) => {
    api.pushPatch(wire(patch))
  })
  await useMonitorStore().start(api)
  const asked = () => api.calls.filter((call) => call.name === 'getLicenseList').map((call) => call.args)
  return { api, answered, asked }
}

const shown = () => useLicensesStore().machines[0]?.products[0]?.licenses

/** 200 licenses, the last ten without a time. */
const first = (): LicenseHeld[] => Array.from({ length: 200 }, (_, i) => held(i + 1, i + 1 > 190 ? null : i + 1))

describe('an expanded row follows the changes of its list', () => {
  it('applies each change to its copy, in the list order, and shows exactly the list main holds', async () => {
    let licenses = first()
    const source = feed(snapshotOf(licenses, 0))
    const { answered, asked } = await connectPage(source)
    useUiStore().toggleExpanded(ROW)
    await settle()
    expect(shown()).toEqual(source.getSnapshot().machines[0]?.products[0]?.licenses)

    const steps: ((list: LicenseHeld[]) => LicenseHeld[])[] = [
      // A client arrives (the newest time: before the licenses without one).
      (list) => [...list, held(201, 500)],
      // One leaves, another changes state.
      (list) => list.filter((l) => l.token !== 5).map((l) => (l.token === 10 ? { ...l, state: 'sleeping' } : l)),
      // A license without a time arrives; one gets a time and so moves from the end to the middle.
      (list) => [...list, held(202, null)].map((l) => (l.token === 195 ? { ...l, since: held(0, 100.5).since } : l)),
      // A server restarts its tokens: the same token on the other server is another license.
      (list) => [...list, held(7, 600, { server: 's2' })],
      // Several at once, and a field that appears (the monitor's own license).
      (list) => [...list.filter((l) => l.token < 150), held(203, 1), { ...held(204, 700), heldByMonitor: true }],
    ]
    for (const [i, step] of steps.entries()) {
      licenses = step(licenses)
      source.emit(snapshotOf(licenses, i + 1))
      await settle()
      expect(shown(), `step ${String(i + 1)}`).toEqual(source.getSnapshot().machines[0]?.products[0]?.licenses)
    }
    // One whole fetch, then only changes, each asked with the version held.
    expect(answered).toEqual(['whole', ...steps.map(() => 'changes')])
    expect(asked()[0]).toEqual(['m1', 1])
    for (const args of asked().slice(1)) expect(args).toEqual(['m1', 1, expect.any(Number)])
    expect(warn).not.toHaveBeenCalled()
  })

  const tampered: [string, (changes: LicenseListChanges) => unknown, RegExp][] = [
    [
      'removes a license the copy does not hold',
      (c) => ({ ...c, removed: [...c.removed, { server: 's1', token: 9999 }] }),
      /the changes remove license 9999 of server "s1", which the page's copy does not hold/,
    ],
    ['applies on another version', (c) => ({ ...c, since: c.since - 1 }), /apply on version \d+ but the page holds version \d+/],
    ['leads to a version that does not follow', (c) => ({ ...c, listVersion: c.since - 1 }), /version \d+ does not follow version \d+/],
    [
      'names a license twice',
      (c) => ({ ...c, changed: [...c.changed, ...c.changed] }),
      /the changes name license 201 of server "s1" twice/,
    ],
    ['counts otherwise', (c) => ({ ...c, count: c.count + 1 }), /leave 201 licenses where the list holds 202/],
    ['is malformed', (c) => ({ ...c, removed: 'all' }), /malformed answer/],
  ]

  it.each(tampered)(
    'an answer that %s: the copy is dropped with a warning naming the cause, and the list fetched whole',
    async (_, tamper, cause) => {
      let tamperNext = true
      const source = feed(snapshotOf(first(), 0))
      const { answered, asked } = await connectPage(source, (since, real) => {
        if (since === undefined || !real.ok || !tamperNext || 'licenses' in real.data) return real
        tamperNext = false
        return { ok: true, data: tamper(real.data) }
      })
      useUiStore().toggleExpanded(ROW)
      await settle()
      source.emit(snapshotOf([...first(), held(201, 500)], 1))
      await settle()
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]?.[0])).toMatch(
        new RegExp(`^The changes to the license list of product 1 on m1 were refused \\(.*${cause.source}`),
      )
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/fetching it whole\.$/)
      // Whole, since-less, right after the refused changes; the row shows the truth.
      expect(asked().map((args) => args.length)).toEqual([2, 3, 2])
      expect(answered).toEqual(['whole', 'changes', 'whole'])
      expect(shown()).toEqual(source.getSnapshot().machines[0]?.products[0]?.licenses)
    },
  )
})

describe('answers out of order', () => {
  it('changes older than the copy, or for a copy let go, are ignored', () => {
    setActivePinia(createPinia())
    const licenses = useLicensesStore()
    const newer = [held(1, 1), held(2, 2), held(3, 3)]
    licenses.setList(ROW, 5, newer)
    const late: LicenseListChanges = {
      machine: 'm1',
      productId: 1,
      since: 3,
      listVersion: 4,
      count: 1,
      removed: [{ server: 's1', token: 1 }],
      changed: [],
    }
    expect(licenses.patchList(ROW, late)).toBeNull()
    expect(licenses.lists[ROW]).toEqual({ listVersion: 5, licenses: newer })
    expect(licenses.patchList(rowKey('m1', 2), late)).toBeNull()
    expect(licenses.lists[rowKey('m1', 2)]).toBeUndefined()
    // The changes that do follow the copy apply.
    const next: LicenseListChanges = {
      ...late,
      since: 5,
      listVersion: 6,
      count: 3,
      removed: [{ server: 's2', token: 2 }],
      changed: [held(4, 0)],
    }
    expect(licenses.patchList(ROW, next)).toBeNull()
    expect(licenses.lists[ROW]).toEqual({ listVersion: 6, licenses: [held(4, 0), held(1, 1), held(3, 3)] })
  })

  it('changes that arrive after the row was collapsed are dropped quietly; expanding again fetches the list whole', async () => {
    let release: () => void = () => undefined
    const source = feed(snapshotOf(first(), 0))
    const { asked, answered } = await connectPage(source, (since, real) => {
      if (since === undefined) return real
      return new Promise((resolve) => {
        release = () => {
          resolve(real)
        }
      })
    })
    const ui = useUiStore()
    ui.toggleExpanded(ROW)
    await settle()
    source.emit(snapshotOf([...first(), held(201, 500)], 1))
    await settle()
    expect(asked().map((args) => args.length)).toEqual([2, 3])
    ui.toggleExpanded(ROW)
    await settle()
    release()
    await settle()
    expect(useLicensesStore().lists).toEqual({})
    expect(warn).not.toHaveBeenCalled()
    // Nothing more is asked for a collapsed row; opened again, it has no copy to patch.
    expect(asked()).toHaveLength(2)
    ui.toggleExpanded(ROW)
    await settle()
    expect(asked().map((args) => args.length)).toEqual([2, 3, 2])
    expect(answered).toEqual(['whole', 'changes', 'whole'])
    expect(shown()).toEqual(source.getSnapshot().machines[0]?.products[0]?.licenses)
  })
})

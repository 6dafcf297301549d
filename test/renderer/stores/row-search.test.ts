// The filter finds users in collapsed rows: pushed rows carry no license list,
// so the monitor store asks findMatchingRows (debounced, after pushes while a
// filter is set) and the table shows a row the page matches OR the backend named.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { LiveSnapshot } from '../../../main/core/types/index.ts'
import { useLicensesStore } from '../../../renderer/src/stores/licenses.ts'
import { useMonitorStore } from '../../../renderer/src/stores/monitor.ts'
import { useUiStore } from '../../../renderer/src/stores/ui.ts'
import { fakeApi, type FakeApi } from '../fake-api.ts'
import { NOW, snapshot } from '../fixtures.ts'

const VIEW = 808465207 // 4D View on srv-app-02

/** What a page starts from: rows without their license lists, numbered. */
function live(seq: number): LiveSnapshot {
  const base = snapshot()
  return {
    ...base,
    seq,
    machines: base.machines.map((m) => ({ ...m, products: m.products.map((p) => ({ ...p, licenses: [], listVersion: seq })) })),
  }
}

/** "machine product" of every row the table shows. */
function shownRows(): string[] {
  return useLicensesStore().groups.flatMap((g) => g.rows.map((r) => `${r.machine} ${String(r.usage.productId)}`))
}

function asked(api: FakeApi): unknown[] {
  return api.calls.filter((c) => c.name === 'findMatchingRows').map((c) => c.args[0])
}

/** Lets watchers run, the debounce pass and the fake call answer. */
async function settle(ms: number): Promise<void> {
  await nextTick()
  await vi.advanceTimersByTimeAsync(ms)
  await nextTick()
}

let api: FakeApi
/** The backend's answer per filter text (lower-cased terms joined by a space). */
let holders: Record<string, { machine: string; productId: number }[]>

beforeEach(async () => {
  sessionStorage.clear()
  setActivePinia(createPinia())
  vi.useFakeTimers({ now: NOW })
  holders = { alice: [{ machine: 'srv-app-02', productId: VIEW }] }
  api = fakeApi()
  api.results.push({ ok: true, data: live(1) })
  api.answers.findMatchingRows = (text) => ({ ok: true, data: holders[String(text).trim().toLowerCase()] ?? [] })
  await useMonitorStore().start(api)
})
afterEach(() => {
  useMonitorStore().stop()
  vi.useRealTimers()
})

describe('filter over collapsed rows (findMatchingRows)', () => {
  it('asks once, 150 ms after the last keystroke, and shows the row the backend named', async () => {
    const ui = useUiStore()
    for (const text of ['a', 'al', 'ali', 'alic', 'alice']) {
      ui.setFilter(text)
      await settle(50)
    }
    expect(asked(api)).toEqual([])
    // The page alone holds no list: no row matches locally.
    expect(shownRows()).toEqual([])
    await settle(150)
    expect(asked(api)).toEqual(['alice'])
    expect(shownRows()).toEqual([`srv-app-02 ${String(VIEW)}`])
  })

  it('shows none for a name nobody holds, and local matches still show without waiting', async () => {
    const ui = useUiStore()
    ui.setFilter('nobody-holds-this')
    await settle(200)
    expect(asked(api)).toEqual(['nobody-holds-this'])
    expect(shownRows()).toEqual([])
    // A product name matches on the page itself, before any answer.
    ui.setFilter('view')
    await nextTick()
    expect(shownRows()).toEqual([`srv-app-02 ${String(VIEW)}`])
  })

  it("ignores an answer for other terms than the filter's", async () => {
    const ui = useUiStore()
    ui.setFilter('alice')
    await settle(200)
    expect(shownRows()).toHaveLength(1)
    ui.setFilter('alice x')
    await nextTick()
    // The answer for "alice" does not name rows for "alice x".
    expect(shownRows()).toEqual([])
    await settle(200)
    expect(asked(api)).toEqual(['alice', 'alice x'])
    expect(shownRows()).toEqual([])
  })

  it('asks again after pushes while a filter is set, once for pushes close together, never without a filter', async () => {
    const ui = useUiStore()
    const patch = (seq: number) => ({ seq, base: seq - 1, generatedAt: new Date(NOW + seq * 1000).toISOString(), demo: false })
    api.pushPatch(patch(2))
    await settle(200)
    expect(asked(api)).toEqual([])
    ui.setFilter('alice')
    await settle(200)
    expect(asked(api)).toEqual(['alice'])
    // alice now holds a 4D Client license on srv-app-01 too.
    holders.alice = [...(holders.alice ?? []), { machine: 'srv-app-01', productId: 808464441 }]
    api.pushPatch(patch(3))
    api.pushPatch(patch(4))
    await settle(200)
    expect(asked(api)).toEqual(['alice', 'alice'])
    expect(shownRows().sort()).toEqual(['srv-app-01 808464441', `srv-app-02 ${String(VIEW)}`])
    ui.setFilter('')
    api.pushPatch(patch(5))
    await settle(200)
    expect(asked(api)).toHaveLength(2)
  })

  it('keeps the last answer and warns when the call fails or answers something malformed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const ui = useUiStore()
    ui.setFilter('alice')
    await settle(200)
    api.answers.findMatchingRows = () => ({ ok: true, data: [{ machine: 42 }] })
    api.pushPatch({ seq: 2, base: 1, generatedAt: new Date(NOW + 1000).toISOString(), demo: false })
    await settle(200)
    expect(warn).toHaveBeenCalledWith('The rows matching the filter could not be asked for: malformed answer')
    api.answers.findMatchingRows = () => ({ ok: false, error: 'the monitor is gone' })
    api.pushPatch({ seq: 3, base: 2, generatedAt: new Date(NOW + 2000).toISOString(), demo: false })
    await settle(200)
    expect(warn).toHaveBeenCalledWith('The rows matching the filter could not be asked for: the monitor is gone')
    expect(shownRows()).toEqual([`srv-app-02 ${String(VIEW)}`])
  })
})

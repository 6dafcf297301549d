import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useLicensesStore } from '../../../renderer/src/stores/licenses.ts'
import { useMonitorStore } from '../../../renderer/src/stores/monitor.ts'
import { useServersStore } from '../../../renderer/src/stores/servers.ts'
import { fakeApi } from '../fake-api.ts'
import { NOW, snapshot } from '../fixtures.ts'

const later = (ms: number) => new Date(NOW + ms).toISOString()

beforeEach(() => {
  sessionStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => {
  useMonitorStore().stop()
  vi.useRealTimers()
})

describe('monitor store', () => {
  it('loads the first snapshot into the licenses and servers stores', async () => {
    const api = fakeApi()
    api.results.push({ ok: true, data: snapshot({ demo: true }) })
    const monitor = useMonitorStore()
    await monitor.start(api)
    expect(monitor.hasData).toBe(true)
    expect(monitor.demo).toBe(true)
    expect(monitor.error).toBeNull()
    expect(useLicensesStore().totalRows).toBe(6)
    expect(useServersStore().list.map((s) => s.id)).toEqual(['accounting', 'hr', 'warehouse'])
    expect(useServersStore().downCount).toBe(1)
  })

  it('follows pushed snapshots and ignores one older than what it shows', async () => {
    const api = fakeApi()
    api.results.push({ ok: true, data: snapshot() })
    const monitor = useMonitorStore()
    await monitor.start(api)
    api.push(snapshot({ generatedAt: later(5000), machines: [] }))
    expect(useLicensesStore().totalRows).toBe(0)
    api.push(snapshot({ generatedAt: later(1000) }))
    expect(useLicensesStore().totalRows).toBe(0)
    expect(monitor.generatedAt).toBe(later(5000))
  })

  it('keeps the last data and names the cause when getSnapshot fails or throws', async () => {
    const api = fakeApi()
    api.results.push(
      { ok: true, data: snapshot() },
      { ok: false, error: 'the main process did not answer' },
      new Error('IPC channel closed'),
    )
    const monitor = useMonitorStore()
    await monitor.start(api)
    await monitor.refresh()
    expect(monitor.error).toBe('the main process did not answer')
    expect(useLicensesStore().totalRows).toBe(6)
    await monitor.refresh()
    expect(monitor.error).toBe('IPC channel closed')
    api.push(snapshot({ generatedAt: later(1000) }))
    expect(monitor.error).toBeNull()
  })

  it('ignores a malformed pushed snapshot', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const api = fakeApi()
    api.results.push({ ok: true, data: snapshot() })
    const monitor = useMonitorStore()
    await monitor.start(api)
    api.push({ generatedAt: later(1000), machines: 'oops' })
    expect(useLicensesStore().totalRows).toBe(6)
    expect(warn).toHaveBeenCalled()
    warn.mockRestore()
  })

  it('shows a dropped stream as an error and reloads the full snapshot when it reopens', async () => {
    const api = fakeApi({ connection: true })
    api.results.push({ ok: true, data: snapshot() })
    const monitor = useMonitorStore()
    await monitor.start(api)
    api.setConnection({ status: 'open', reason: null })
    api.setConnection({ status: 'reconnecting', reason: 'the live update stream /api/events dropped; reconnecting' })
    expect(monitor.error).toBe('the live update stream /api/events dropped; reconnecting')
    expect(useLicensesStore().totalRows).toBe(6)
    api.results.push({ ok: true, data: snapshot({ generatedAt: later(9000), machines: [] }) })
    api.setConnection({ status: 'open', reason: null })
    expect(monitor.error).toBeNull()
    await vi.waitFor(() => expect(monitor.generatedAt).toBe(later(9000)))
    expect(api.getCalls).toBe(2)
  })

  it('refreshes "now" on its tick and unsubscribes on stop', async () => {
    vi.useFakeTimers()
    let clock = NOW
    const api = fakeApi({ connection: true })
    api.results.push({ ok: true, data: snapshot() })
    const monitor = useMonitorStore()
    await monitor.start(api, { clock: () => clock, tickMs: 1000 })
    expect(monitor.now).toBe(NOW)
    clock = NOW + 61_000
    vi.advanceTimersByTime(1000)
    expect(monitor.now).toBe(NOW + 61_000)
    expect(api.listenerCount()).toBe(3)
    monitor.stop()
    expect(api.listenerCount()).toBe(0)
    clock = NOW + 120_000
    vi.advanceTimersByTime(5000)
    expect(monitor.now).toBe(NOW + 61_000)
  })
})

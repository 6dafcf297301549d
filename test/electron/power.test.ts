import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { PowerEvent } from '../../main/core/poll/power.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { electronMock, powerMonitorEvents, resetElectronMock } = await import('./electron-mock.ts')
const { electronPowerSource, NETWORK_CHECK_MS } = await import('../../main/electron/power.ts')

beforeEach(() => {
  resetElectronMock()
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

it('turns powerMonitor suspend, resume and unlock-screen into power events; lock-screen changes nothing', () => {
  const seen: PowerEvent[] = []
  const stop = electronPowerSource().onEvent((event) => seen.push(event))
  for (const name of ['suspend', 'lock-screen', 'unlock-screen', 'resume']) powerMonitorEvents.emit(name)
  expect(seen).toEqual(['suspend', 'unlock', 'resume'])
  stop()
  expect(powerMonitorEvents.eventNames()).toEqual([])
})

it('reports the network going and coming back from net.isOnline(), once per change', () => {
  const seen: PowerEvent[] = []
  const source = electronPowerSource()
  const stop = source.onEvent((event) => seen.push(event))
  vi.advanceTimersByTime(NETWORK_CHECK_MS)
  expect(seen).toEqual([])
  electronMock.net.online = false
  expect(source.isOnline()).toBe(false)
  vi.advanceTimersByTime(NETWORK_CHECK_MS * 3)
  electronMock.net.online = true
  vi.advanceTimersByTime(NETWORK_CHECK_MS)
  expect(seen).toEqual(['offline', 'online'])
  stop()
  electronMock.net.online = false
  vi.advanceTimersByTime(NETWORK_CHECK_MS)
  expect(seen).toEqual(['offline', 'online'])
})

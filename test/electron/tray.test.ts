import { beforeEach, describe, expect, it, vi } from 'vitest'
import { statusIconPng } from '../../main/core/status-icon.ts'
import { FixtureSnapshotSource, snapshotFixture } from './fixture-snapshot-source.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeTray, resetElectronMock } = await import('./electron-mock.ts')
const { setupTray } = await import('../../main/electron/tray.ts')

let monitor: FixtureSnapshotSource
const actions = { open: vi.fn(), quit: vi.fn() }

beforeEach(() => {
  resetElectronMock()
  actions.open.mockClear()
  actions.quit.mockClear()
  monitor = new FixtureSnapshotSource()
})

function onlyTray(): InstanceType<typeof FakeTray> {
  expect(FakeTray.instances).toHaveLength(1)
  return FakeTray.instances[0]!
}

describe('tray', () => {
  it('starts with the summary of the current snapshot and a 1x + 2x status icon', () => {
    setupTray(monitor, actions)
    const tray = onlyTray()
    expect(tray.tooltip).toBe('4D License Monitor (demo) — srv-app-01: 4D Client 8/10 (warning)')
    const icon = tray.images[0]!
    expect(icon.representations.map((r) => r.scaleFactor)).toEqual([1, 2])
    expect(icon.representations[0]!.buffer.equals(statusIconPng('warning', 16))).toBe(true)
    expect(icon.representations[1]!.buffer.equals(statusIconPng('warning', 32))).toBe(true)
  })

  it('has Open and Quit in its menu, and a click opens the window', () => {
    setupTray(monitor, actions)
    const tray = onlyTray()
    const items = tray.menu!.items
    expect(items.filter((i) => i.label).map((i) => i.label)).toEqual(['Open', 'Quit'])
    items.find((i) => i.label === 'Open')!.click!()
    expect(actions.open).toHaveBeenCalledTimes(1)
    items.find((i) => i.label === 'Quit')!.click!()
    expect(actions.quit).toHaveBeenCalledTimes(1)
    tray.emit('click')
    expect(actions.open).toHaveBeenCalledTimes(2)
  })

  it('follows every snapshot: new tooltip, new icon only when the status changes', () => {
    setupTray(monitor, actions)
    const tray = onlyTray()
    const exhausted = snapshotFixture('2026-11-28T09:00:05.000Z', 10)
    exhausted.machines[0]!.products[0]!.status = 'exhausted'
    monitor.publish(exhausted)
    expect(tray.tooltip).toBe('4D License Monitor (demo) — srv-app-01: 4D Client 10/10 (exhausted)')
    expect(tray.images).toHaveLength(2)
    expect(tray.images[1]!.representations[0]!.buffer.equals(statusIconPng('exhausted', 16))).toBe(true)
    const stillExhausted = snapshotFixture('2026-11-28T09:00:10.000Z', 11)
    stillExhausted.machines[0]!.products[0]!.status = 'exhausted'
    monitor.publish(stillExhausted)
    expect(tray.tooltip).toBe('4D License Monitor (demo) — srv-app-01: 4D Client 11/10 (exhausted)')
    expect(tray.images).toHaveLength(2)
  })

  it('unsubscribes and destroys the tray on teardown', () => {
    const teardown = setupTray(monitor, actions)
    teardown()
    expect(onlyTray().destroyed).toBe(true)
    expect(monitor.listeners.size).toBe(0)
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { trayIconPng, trayTemplatePng } from '../../main/electron/status-icon.ts'
import type { SnoozeTarget } from '../../main/core/types/index.ts'
import { FixtureSnapshotSource, snapshotFixture } from './fixture-snapshot-source.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeTray, resetElectronMock } = await import('./electron-mock.ts')
const { setupTray } = await import('../../main/electron/tray.ts')

/** The fixed snapshots of FixtureSnapshotSource, plus the monitor's snooze and pause as the tray sees them. */
class TrayFixture extends FixtureSnapshotSource {
  snoozes: { target: SnoozeTarget; untilMs: number }[] = []
  paused = false
  snooze(target: SnoozeTarget, untilMs: number): string | null {
    this.snoozes.push({ target, untilMs })
    return null
  }
  async pause(): Promise<void> {
    this.paused = true
  }
  resume(): void {
    this.paused = false
  }
  isPaused(): boolean {
    return this.paused
  }
}

const NOW = Date.parse('2026-11-28T09:00:00.000Z')
let monitor: TrayFixture
const actions = { open: vi.fn(), quit: vi.fn(), now: () => NOW }

beforeEach(() => {
  resetElectronMock()
  actions.open.mockClear()
  actions.quit.mockClear()
  monitor = new TrayFixture()
})

function onlyTray(): InstanceType<typeof FakeTray> {
  expect(FakeTray.instances).toHaveLength(1)
  return FakeTray.instances[0]!
}

function iconIs(image: InstanceType<typeof FakeTray>['images'][number] | undefined, state: Parameters<typeof trayIconPng>[0]): boolean {
  return (
    image !== undefined &&
    image.representations[0]!.buffer.equals(trayIconPng(state, 16)) &&
    image.representations[1]!.buffer.equals(trayIconPng(state, 32))
  )
}

function labels(tray: InstanceType<typeof FakeTray>): string[] {
  return tray.menu!.items.flatMap((item) => (item.label ? [item.label] : []))
}

function click(tray: InstanceType<typeof FakeTray>, label: string): void {
  tray.menu!.items.find((item) => item.label === label)!.click!()
}

function withStatus(generatedAt: string, used: number, status: 'ok' | 'warning' | 'critical' | 'exhausted') {
  const snapshot = snapshotFixture(generatedAt, used)
  snapshot.machines[0]!.products[0]!.status = status
  return snapshot
}

describe('tray', () => {
  it('starts with the state icon at 1x and 2x and the worst rows in the tooltip', () => {
    setupTray(monitor, actions)
    const tray = onlyTray()
    expect(tray.tooltip).toBe('4D License Monitor (demo)\n4D Client on srv-app-01: 2 of 10 left (80%)')
    expect(tray.images[0]!.representations.map((r) => r.scaleFactor)).toEqual([1, 2])
    expect(iconIs(tray.images[0], 'warning')).toBe(true)
  })

  it('changes the icon on the snapshot that changes the state, and only then', () => {
    setupTray(monitor, actions)
    const tray = onlyTray()
    monitor.publish(withStatus('2026-11-28T09:00:05.000Z', 10, 'exhausted'))
    expect(tray.tooltip).toBe('4D License Monitor (demo)\n4D Client on srv-app-01: no license left, all 10 in use')
    expect(tray.images).toHaveLength(2)
    expect(iconIs(tray.images[1], 'exhausted')).toBe(true)
    monitor.publish(withStatus('2026-11-28T09:00:10.000Z', 10, 'exhausted'))
    expect(tray.images).toHaveLength(2)
    monitor.publish(withStatus('2026-11-28T09:00:15.000Z', 9, 'critical'))
    expect(iconIs(tray.images[2], 'critical')).toBe(true)
    monitor.publish(withStatus('2026-11-28T09:00:20.000Z', 3, 'ok'))
    expect(iconIs(tray.images[3], 'ok')).toBe(true)
    expect(tray.tooltip).toBe('4D License Monitor (demo)\nall licenses ok')
  })

  it('shows a server alert as the unreachable icon', () => {
    setupTray(monitor, actions)
    const tray = onlyTray()
    const snapshot = withStatus('2026-11-28T09:00:05.000Z', 3, 'ok')
    snapshot.alerts = {
      active: [
        {
          key: 'server:acc',
          kind: 'server',
          machine: 'srv-app-01',
          productId: null,
          subject: 'Accounting',
          phase: 'firing',
          level: 'unreachable',
          since: '2026-11-28T09:00:05.000Z',
          snoozedUntil: null,
          text: 'Accounting (srv-app-01) is unreachable',
        },
      ],
      transitions: [],
      snoozedUntil: null,
      problem: null,
    }
    monitor.publish(snapshot)
    expect(iconIs(tray.images.at(-1), 'unreachable')).toBe(true)
  })

  it('speaks the OS language it is given: French menu and tooltip from the shared catalogue', async () => {
    const { desktopTranslator } = await import('../../main/electron/tray-text.ts')
    setupTray(monitor, { ...actions, say: desktopTranslator(['fr-FR']).say })
    const tray = onlyTray()
    expect(labels(tray)).toEqual(['Ouvrir la fenêtre', 'Tout mettre en sourdine 1 h', "Suspendre l'interrogation", 'Quitter'])
    expect(tray.tooltip).toBe('Moniteur de licences 4D (démo)\n4D Client sur srv-app-01 : 2 licences restantes sur 10 (80\u00a0%)')
    click(tray, "Suspendre l'interrogation")
    await vi.waitFor(() => expect(labels(tray)).toContain("Reprendre l'interrogation"))
    expect(tray.tooltip.split('\n').at(-1)).toBe('Interrogation en pause')
  })

  it('menu: Open window, Snooze all for 1 h, Pause polling that becomes Resume polling, Quit; a click opens the window', async () => {
    setupTray(monitor, actions)
    const tray = onlyTray()
    expect(labels(tray)).toEqual(['Open window', 'Snooze all for 1 h', 'Pause polling', 'Quit'])
    click(tray, 'Open window')
    tray.emit('click')
    expect(actions.open).toHaveBeenCalledTimes(2)
    click(tray, 'Snooze all for 1 h')
    expect(monitor.snoozes).toEqual([{ target: { kind: 'all' }, untilMs: NOW + 3_600_000 }])
    click(tray, 'Pause polling')
    await vi.waitFor(() => expect(labels(tray)).toContain('Resume polling'))
    expect(monitor.paused).toBe(true)
    expect(tray.tooltip).toBe('4D License Monitor (demo)\n4D Client on srv-app-01: 2 of 10 left (80%)\nPolling paused')
    click(tray, 'Resume polling')
    await vi.waitFor(() => expect(labels(tray)).toContain('Pause polling'))
    expect(monitor.paused).toBe(false)
    expect(tray.tooltip).not.toContain('paused')
    click(tray, 'Quit')
    expect(actions.quit).toHaveBeenCalledTimes(1)
  })

  it('offers Export usage only when given one', () => {
    const exportUsage = vi.fn()
    setupTray(monitor, { ...actions, exportUsage })
    click(onlyTray(), 'Export usage (CSV)…')
    expect(exportUsage).toHaveBeenCalledTimes(1)
  })

  it('Start at login is a check box that follows the saved choice, and a refusal is told, not thrown', () => {
    let enabled = false
    const errors: string[] = []
    let refuse = true
    const login = {
      enabled: () => enabled,
      set: (next: boolean) => {
        if (refuse) throw new Error('Start at login could not be turned on: denied')
        enabled = next
      },
      onError: (sentence: string) => errors.push(sentence),
    }
    setupTray(monitor, { ...actions, startAtLogin: login })
    const item = () => onlyTray().menu!.items.find((entry) => entry.label === 'Start at login') as { checked?: boolean; type?: string }
    expect(item()).toMatchObject({ type: 'checkbox', checked: false })
    click(onlyTray(), 'Start at login')
    expect(errors).toEqual(['Start at login could not be turned on: denied'])
    expect(item().checked).toBe(false)
    refuse = false
    click(onlyTray(), 'Start at login')
    expect(item().checked).toBe(true)
  })

  it('with a panel, a click toggles it at the icon and "Summary panel" opens it at the cursor', () => {
    const shown: unknown[] = []
    setupTray(monitor, { ...actions, togglePanel: (bounds) => shown.push(bounds) })
    const bounds = { x: 1500, y: 1044, width: 32, height: 32 }
    onlyTray().emit('click', {}, bounds)
    click(onlyTray(), 'Summary panel')
    expect(shown).toEqual([bounds, { x: 0, y: 0, width: 0, height: 0 }])
    expect(actions.open).not.toHaveBeenCalled()
  })

  it('Prometheus metrics is a check box that shows where it listens, and a failed start is told, not thrown', async () => {
    let running = false
    let refuse = true
    const errors: string[] = []
    const metrics = {
      running: () => running,
      where: () => (running ? 'http://127.0.0.1:9470/metrics' : '127.0.0.1:9470'),
      set: async (enabled: boolean) => {
        if (refuse) throw new Error('Prometheus metrics need a token.')
        running = enabled
      },
      onError: (sentence: string) => errors.push(sentence),
    }
    setupTray(monitor, { ...actions, metrics })
    const item = () =>
      onlyTray().menu!.items.find((entry) => entry.label?.startsWith('Prometheus metrics')) as {
        label: string
        checked?: boolean
        click: () => void
      }
    expect(item()).toMatchObject({ label: 'Prometheus metrics (127.0.0.1:9470)', type: 'checkbox', checked: false })
    item().click()
    await vi.waitFor(() => expect(errors).toEqual(['Prometheus metrics need a token.']))
    expect(item().checked).toBe(false)
    refuse = false
    item().click()
    await vi.waitFor(() => expect(item().checked).toBe(true))
    expect(item().label).toBe('Prometheus metrics (http://127.0.0.1:9470/metrics)')
    item().click()
    await vi.waitFor(() => expect(item().checked).toBe(false))
  })

  it('on Windows and Linux the icon is in colour and the menu is the context menu', () => {
    setupTray(monitor, { ...actions, platform: 'win32' })
    const tray = onlyTray()
    expect(tray.images[0]!.template).toBe(false)
    expect(tray.menu).not.toBeNull()
  })

  it('on macOS: a template icon per state, a click opens the panel, the menu only on a right click', () => {
    const shown: unknown[] = []
    setupTray(monitor, { ...actions, platform: 'darwin', togglePanel: (bounds) => shown.push(bounds) })
    const tray = onlyTray()
    const first = tray.images[0]!
    expect(first.template).toBe(true)
    expect(first.representations.map((r) => r.buffer)).toEqual([trayTemplatePng('warning', 16), trayTemplatePng('warning', 32)])
    // A context menu set on a macOS tray would open on every click and hide the panel.
    expect(tray.menu).toBeNull()
    const bounds = { x: 1200, y: 0, width: 22, height: 24 }
    tray.emit('click', {}, bounds)
    expect(shown).toEqual([bounds])
    expect(tray.poppedUp).toHaveLength(0)
    tray.emit('right-click', {}, bounds)
    expect(tray.poppedUp).toHaveLength(1)
    expect(tray.poppedUp[0]!.items.flatMap((item) => (item.label ? [item.label] : []))).toEqual([
      'Open window',
      'Summary panel',
      'Snooze all for 1 h',
      'Pause polling',
      'Quit',
    ])
    monitor.publish(withStatus('2026-11-28T09:00:05.000Z', 10, 'exhausted'))
    expect(tray.images.at(-1)!.template).toBe(true)
    expect(tray.images.at(-1)!.representations[0]!.buffer.equals(trayTemplatePng('exhausted', 16))).toBe(true)
  })

  it('on macOS without a panel a click opens the window', () => {
    setupTray(monitor, { ...actions, platform: 'darwin' })
    onlyTray().emit('click', {}, { x: 0, y: 0, width: 22, height: 24 })
    expect(actions.open).toHaveBeenCalledTimes(1)
  })

  it('unsubscribes and destroys the tray on teardown', () => {
    const teardown = setupTray(monitor, actions)
    teardown()
    expect(onlyTray().destroyed).toBe(true)
    expect(monitor.listeners.size).toBe(0)
  })
})

import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createNoticeHub } from '../../main/core/alerts/notice-hub.ts'
import type { FocusRowRequest, Notice } from '../../main/core/types/index.ts'

/** Electron's Notification as far as the adapter uses it, recording each one. */
class FakeNotification extends EventEmitter {
  static supported = true
  static instances: FakeNotification[] = []
  static isSupported(): boolean {
    return FakeNotification.supported
  }
  shown = 0
  readonly options: { title: string; body: string; silent: boolean }
  constructor(options: { title: string; body: string; silent: boolean }) {
    super()
    this.options = options
    FakeNotification.instances.push(this)
  }
  show(): void {
    this.shown++
  }
}

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, Notification: FakeNotification, default: { ...electronMock, Notification: FakeNotification } }
})

const { setupNotifications } = await import('../../main/electron/notifications.ts')

const CRITICAL: Notice = {
  at: '2026-11-28T09:00:00.000Z',
  title: 'Critical: 4D Client on srv-app-01',
  body: '4D Client on srv-app-01: 1 of 50 left (98%), full in ~12 min',
  severity: 'critical',
  items: [
    {
      kind: 'firing',
      key: '808464441@srv-app-01',
      machine: 'srv-app-01',
      productId: 808464441,
      productName: '4D Client',
      level: 'critical',
      text: '4D Client on srv-app-01: 1 of 50 left (98%), full in ~12 min',
    },
  ],
}
const WARNING: Notice = {
  ...CRITICAL,
  title: 'Warning: 4D Client on srv-app-01',
  body: '4D Client on srv-app-01: 10 of 50 left (80%)',
  severity: 'warning',
  items: [{ ...CRITICAL.items[0]!, level: 'warning', text: '4D Client on srv-app-01: 10 of 50 left (80%)' }],
}
const UNREACHABLE: Notice = {
  ...CRITICAL,
  title: 'Unreachable: Accounting',
  body: 'Accounting (srv-app-01) is unreachable after 3 failed polls. Its license alerts are on hold.',
  items: [
    {
      kind: 'unreachable',
      key: 'server:acc',
      machine: 'srv-app-01',
      productId: null,
      productName: 'Accounting',
      level: 'unreachable',
      text: '...',
    },
  ],
}

beforeEach(() => {
  FakeNotification.instances = []
  FakeNotification.supported = true
})

describe('desktop notifications', () => {
  it('shows one notification per notice with its title and body; warnings are silent', () => {
    const hub = createNoticeHub()
    setupNotifications(hub, { showWindow: vi.fn() })
    hub.publish(CRITICAL)
    hub.publish(WARNING)
    expect(FakeNotification.instances.map((n) => [n.options, n.shown])).toEqual([
      [
        { title: 'Critical: 4D Client on srv-app-01', body: '4D Client on srv-app-01: 1 of 50 left (98%), full in ~12 min', silent: false },
        1,
      ],
      [{ title: 'Warning: 4D Client on srv-app-01', body: '4D Client on srv-app-01: 10 of 50 left (80%)', silent: true }, 1],
    ])
  })

  it('a click shows the window and asks it to focus the row the notice names', () => {
    const hub = createNoticeHub()
    const showWindow = vi.fn()
    const focused: FocusRowRequest[] = []
    hub.onFocusRow((request) => focused.push(request))
    setupNotifications(hub, { showWindow })
    hub.publish(CRITICAL)
    FakeNotification.instances[0]!.emit('click')
    expect(showWindow).toHaveBeenCalledTimes(1)
    expect(focused).toEqual([{ machine: 'srv-app-01', productId: 808464441 }])
    hub.publish(UNREACHABLE)
    FakeNotification.instances[1]!.emit('click')
    expect(showWindow).toHaveBeenCalledTimes(2)
    expect(focused).toHaveLength(1)
  })

  it('shows nothing while notifications are off, and again once they are on', () => {
    const hub = createNoticeHub({ notificationsEnabled: false })
    setupNotifications(hub, { showWindow: vi.fn() })
    hub.publish(CRITICAL)
    expect(FakeNotification.instances).toEqual([])
    hub.setNotificationsEnabled(true)
    hub.publish(CRITICAL)
    expect(FakeNotification.instances).toHaveLength(1)
  })

  it('skips when the system cannot notify, says so once, and never retries', () => {
    FakeNotification.supported = false
    const hub = createNoticeHub()
    const log = vi.fn()
    setupNotifications(hub, { showWindow: vi.fn(), log })
    hub.publish(CRITICAL)
    hub.publish(WARNING)
    expect(FakeNotification.instances).toEqual([])
    expect(log.mock.calls).toEqual([
      ['Desktop notifications are not supported on this system; alerts show in the window and the tray only.'],
    ])
  })

  it('a failed notification is logged and not shown again', () => {
    const hub = createNoticeHub()
    const log = vi.fn()
    setupNotifications(hub, { showWindow: vi.fn(), log })
    hub.publish(CRITICAL)
    FakeNotification.instances[0]!.emit('failed', {}, 'the notification server is gone')
    expect(FakeNotification.instances).toHaveLength(1)
    expect(FakeNotification.instances[0]!.shown).toBe(1)
    expect(log.mock.calls).toEqual([['A desktop notification could not be shown (the notification server is gone); it is not retried.']])
  })

  it('stops on teardown', () => {
    const hub = createNoticeHub()
    setupNotifications(hub, { showWindow: vi.fn() })()
    hub.publish(CRITICAL)
    expect(FakeNotification.instances).toEqual([])
  })
})

describe('desktop notifications in the OS language', () => {
  it('say the notice engine’s own notice from its message ids, in Spanish', async () => {
    const { buildNotice, usageLocal } = await import('../../main/core/alerts/notice-text.ts')
    const { desktopTranslator } = await import('../../main/electron/tray-text.ts')
    const usage = usageLocal('4D Client', 'srv-app-01', { used: 49, limit: 50, remaining: 1 }, 12)
    const notice = buildNotice(
      [{ kind: 'firing', key: '1@srv-app-01', machine: 'srv-app-01', productId: 1, productName: '4D Client', level: 'critical', ...usage }],
      Date.parse('2026-11-28T09:00:00.000Z'),
    )!
    const hub = createNoticeHub()
    FakeNotification.instances = []
    setupNotifications(hub, { showWindow: vi.fn(), say: desktopTranslator(['es-ES']).say })
    hub.publish(notice)
    expect(FakeNotification.instances.at(-1)?.options).toMatchObject({
      title: 'Crítico: 4D Client en srv-app-01',
      body: '4D Client en srv-app-01: queda 1 licencia de 50 (98\u00a0%), se agota en ~12 min',
    })
  })

  it('say an unreachable server’s cause in the OS language too, its duration in the language’s units', async () => {
    const { buildNotice, unreachableLocal } = await import('../../main/core/alerts/notice-text.ts')
    const { timedOut } = await import('../../main/core/ingest/error-text.ts')
    const { desktopTranslator } = await import('../../main/electron/tray-text.ts')
    const cause = timedOut(1500)
    const unreachable = unreachableLocal('Accounting', 'srv-app-01', 3, cause.text, cause.message)
    const notice = buildNotice(
      [
        {
          kind: 'unreachable',
          key: 'server:accounting',
          machine: 'srv-app-01',
          productId: null,
          productName: 'Accounting',
          level: 'unreachable',
          ...unreachable,
        },
      ],
      Date.parse('2026-11-28T09:00:00.000Z'),
    )!
    const portuguese = desktopTranslator(['pt-BR']).say
    const body = portuguese(notice.items[0]?.message, notice.items[0]?.text ?? '')
    expect(body).toBe(
      'Accounting (srv-app-01) está inacessível após 3 consultas com falha: tempo esgotado após 1,5 s. Os alertas de licença dele estão suspensos.',
    )
    expect(body).not.toContain('timed out')
    // English as core wrote it, word for word, through the same path.
    expect(desktopTranslator(['en-US']).say(notice.items[0]?.message, notice.items[0]?.text ?? '')).toBe(unreachable.text)
  })
})

// Desktop notifications: one per grouped notice from the alert engine (it
// already groups, repeats and resolves; this only shows). Clicking one opens
// the window on the first row it names. The "notifications off" switch is
// applied by the notice hub before anything reaches here. When the system
// cannot show notifications we skip them, say so once, and never retry: a
// retry loop is how a notification storm starts.
import { Notification } from 'electron'
import type { NoticeHub } from '../core/alerts/notice-hub.ts'
import type { Notice } from '../core/types/index.ts'
import { sayEnglish, type Say } from './tray-text.ts'

export interface NotificationActions {
  /** Shows and focuses the main window. */
  showWindow(): void
  log?: (line: string) => void
  /** The notifications' language (tray-text.ts desktopTranslator); default English. */
  say?: Say
}

/** The row a click should open: the first license item of the notice (server notices have none). */
function rowOf(notice: Notice): { machine: string; productId: number } | null {
  const item = notice.items.find((candidate) => candidate.productId !== null)
  return item && item.productId !== null ? { machine: item.machine, productId: item.productId } : null
}

export function setupNotifications(hub: NoticeHub, actions: NotificationActions): () => void {
  const log = actions.log ?? ((line: string) => console.warn(line))
  // Electron drops a notification's click handler once the object is garbage collected: keep the shown ones.
  const shown = new Set<Notification>()
  let saidUnsupported = false

  function show(notice: Notice): void {
    if (!Notification.isSupported()) {
      if (!saidUnsupported) log('Desktop notifications are not supported on this system; alerts show in the window and the tray only.')
      saidUnsupported = true
      return
    }
    // Warnings arrive quietly; critical and exhausted (and unreachable servers) may make a sound.
    const say = actions.say ?? sayEnglish
    const title = say(notice.titleMessage, notice.title)
    const body =
      notice.items.length > 0 ? notice.items.map((item) => say(item.message, item.text)).join('\n') : say(notice.bodyMessage, notice.body)
    const notification = new Notification({ title, body, silent: notice.severity !== 'critical' })
    shown.add(notification)
    const forget = () => shown.delete(notification)
    notification.on('click', () => {
      forget()
      actions.showWindow()
      const row = rowOf(notice)
      if (row) hub.focusRow(row)
    })
    notification.on('close', forget)
    notification.on('failed', (_event, error) => {
      forget()
      log(`A desktop notification could not be shown (${error}); it is not retried.`)
    })
    notification.show()
  }

  const unsubscribe = hub.onNotice(show)
  return () => {
    unsubscribe()
    shown.clear()
  }
}

// Where notices go once the engine has decided them: one fan-out that every
// display subscribes to (desktop notifications, the in-page notices of the
// served mode), with the global "notifications off" switch applied here, once.
// It also carries "show me that row" requests from a clicked notification to
// the window.

import type { FocusRowRequest, Notice } from '../types/index.ts'

export interface NoticeHub {
  /** Hand this to the monitor as `alerts.onNotice`. */
  publish(notice: Notice): void
  onNotice(listener: (notice: Notice) => void): () => void
  focusRow(request: FocusRowRequest): void
  onFocusRow(listener: (request: FocusRowRequest) => void): () => void
  notificationsEnabled(): boolean
  setNotificationsEnabled(enabled: boolean): void
}

// Function properties, not methods: the hub hands `emit` and `on` out detached.
function emitter<T>(): { emit: (value: T) => void; on: (listener: (value: T) => void) => () => void } {
  const listeners = new Set<(value: T) => void>()
  return {
    emit(value) {
      for (const listener of [...listeners]) {
        try {
          listener(value)
        } catch {
          // One failing display (a closed page, a refused notification) must not silence the others.
        }
      }
    },
    on(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

export function createNoticeHub(options: { notificationsEnabled?: boolean } = {}): NoticeHub {
  let enabled = options.notificationsEnabled ?? true
  const notices = emitter<Notice>()
  const focus = emitter<FocusRowRequest>()
  return {
    publish(notice) {
      // Off means quiet: the alerts panel and the tray still show every alert.
      if (enabled) notices.emit(notice)
    },
    onNotice: notices.on,
    focusRow: focus.emit,
    onFocusRow: focus.on,
    notificationsEnabled: () => enabled,
    setNotificationsEnabled(next) {
      enabled = next
    },
  }
}

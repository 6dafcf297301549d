// Types only: the renderer type-checks this file (tsconfig.web.json), so nothing here may import a runtime module.
import type { UsageStatus } from './index.ts'

// Alerts (issue 3). The rule engine lives in main/core/alerts/; these are the
// shapes it shows to the renderer, the tray and the notification adapters.

/** How bad a license alert is; 'ok' in a row's status means no alert. */
export type AlertLevel = 'warning' | 'critical' | 'exhausted'

/** normal -> pending (condition holds, waiting for `for`) -> firing -> recovering (inside the hysteresis band) -> normal. */
export type AlertPhase = 'normal' | 'pending' | 'firing' | 'recovering'

/** One side of a transition: the phase and, when firing or recovering, the level. */
export interface AlertPoint {
  phase: AlertPhase
  level: AlertLevel | 'unreachable' | null
}

export interface AlertTransition {
  /** ISO time of the evaluation that saw the change. */
  at: string
  kind: 'license' | 'server'
  machine: string
  /** Product id for a license alert; null for a server alert. */
  productId: number | null
  /** Product name for a license alert, server name for a server alert. */
  subject: string
  from: AlertPoint
  to: AlertPoint
  /** What the numbers were, e.g. "48 of 50 used, 2 left"; the error sentence for a server. */
  value: string
  /** `value` as a message id and parameters (license alerts; a server's error sentence as its serverErrors.* message). */
  valueMessage?: TextMessage
}

export interface ActiveAlert {
  /** Stable id: "<productId>@<machine>" for a license alert, "server:<id>" for a server alert. */
  key: string
  kind: 'license' | 'server'
  machine: string
  productId: number | null
  subject: string
  phase: AlertPhase
  level: AlertLevel | 'unreachable'
  /** ISO time it started firing. */
  since: string
  /** ISO end of a snooze covering this alert (its own or "all"); null when not snoozed. */
  snoozedUntil: string | null
  /** One line a person understands at a glance. */
  text: string
  /** `text` as a message id and parameters. */
  message?: TextMessage
}

export interface SnapshotAlerts {
  active: ActiveAlert[]
  /** Most recent last, at most 200. */
  transitions: AlertTransition[]
  /** ISO end of a "snooze all"; null when none. */
  snoozedUntil: string | null
  /** Sentence for the user when the saved alert state could not be read or written; null when fine. */
  problem: string | null
}

export type NoticeKind = 'firing' | 'escalated' | 'repeat' | 'reminder' | 'resolved' | 'unreachable' | 'reachable'

/**
 * A sentence as a message id of the catalogue (renderer/src/i18n/locales) and its
 * parameters, so the page and the tray say it in the user's language; the
 * English `text` beside it stays for the CLI, logs and exports. Numbers stay
 * numbers (the reader formats them); `count` picks the plural form.
 */
export interface TextMessage {
  id: string
  params: Record<string, string | number>
  /**
   * Parameters that are sentences themselves (an error's cause, the items of a
   * list): said first in the reader's language, then put in by name. `params`
   * keeps each one's English too, so a reader that does not know a part (an
   * older page, a message without it) still says the sentence whole. A list's
   * items are joined by the language's list separator (", " in English), or by
   * its clause separator ("; ") for a part named `clauses`.
   */
  parts?: Record<string, TextMessage | TextMessage[]>
}

/** A sentence in English (CLI, logs, exports, tests) and as a message of the catalogue. */
export interface LocalText {
  text: string
  message: TextMessage
}

export interface NoticeItem {
  kind: NoticeKind
  key: string
  machine: string
  productId: number | null
  /** Product name, or the server name for a server notice. */
  productName: string
  level: AlertLevel | 'unreachable' | 'ok'
  text: string
  /** `text` as a message id and parameters. */
  message?: TextMessage
}

/** What a desktop notification (or an in-page notice) shows: one per evaluation, grouping every item. */
export interface Notice {
  /** ISO time of the evaluation. */
  at: string
  title: string
  /** `title` as a message id and parameters (the body is the items' messages, one a line). */
  titleMessage?: TextMessage
  body: string
  /** `body` as one message, for a notice without items (the test notice). */
  bodyMessage?: TextMessage
  /** For the icon: the worst item. */
  severity: 'info' | 'warning' | 'critical'
  items: NoticeItem[]
}

// Alert settings and actions as the contract carries them (issue 3, phase 2).
// main/core/alerts/config.ts validates AlertThresholds (parseAlertConfig).

export type SnoozeTarget = { kind: 'all' } | { kind: 'alert'; key: string }
export type SnoozePreset = '1h' | '4h' | 'tomorrow-08'

/** One level's fire condition and timing; see main/core/alerts/config.ts. */
export interface AlertLevelSettings {
  /** Fire at or above this utilization, in percent; null = not used. */
  utilizationPercent?: number | null
  /** Fire at or below this many licenses left; null = not used. */
  remaining?: number | null
  /** How long the condition must hold before it fires (ms). */
  forMs?: number
  /** Repeat a firing notice after this long (ms); null = never. */
  repeatMs?: number | null
}

export interface AlertOverrideSettings {
  machine?: string
  /** Product id, or product name (compared without case). */
  product?: number | string
  warning?: AlertLevelSettings
  critical?: AlertLevelSettings
  exhausted?: AlertLevelSettings
}

/** Alert thresholds as saved and edited; defaults fill what is absent. */
export interface AlertThresholds {
  warning?: AlertLevelSettings
  critical?: AlertLevelSettings
  exhausted?: AlertLevelSettings
  hysteresis?: { utilizationPoints?: number; remaining?: number }
  overrides?: AlertOverrideSettings[]
  unreachableAfterFailures?: number
  /** Licenses held by the monitor's own session count toward the alerts (default false). */
  countMonitorLicense?: boolean
}

/** What the threshold settings screen shows and edits. */
export interface AlertSettingsView {
  /** The thresholds in force, complete (every field filled). */
  config: AlertThresholds
  /** The built-in thresholds. */
  defaults: AlertThresholds
  /** Global switch for desktop notifications and in-page notices (alerts are still evaluated and listed). */
  notificationsEnabled: boolean
  /** Sentence when the saved settings could not be read or written; null when fine. */
  problem: string | null
}

/** The level one current row would reach under proposed thresholds (ignoring `for` and hysteresis). */
export interface AlertPreviewRow {
  machine: string
  productId: number
  productName: string
  used: number
  limit: number | null
  remaining: number | null
  /** null when the row cannot be judged (unknown or unlimited limit). */
  level: AlertLevel | 'ok' | null
  /** The status the row shows now, under the rules in force. */
  current: UsageStatus
}

/** "Show this row": from a clicked notification to the window. */
export interface FocusRowRequest {
  machine: string
  productId: number
}

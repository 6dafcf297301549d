// The server half of the rule engine (see the table in engine.ts): a server
// that failed `unreachableAfterFailures` polls in a row is unreachable until
// its next successful poll. Pure, like the engine.

import type { AlertTransition, NoticeItem, ServerSummary, TextMessage } from '../types/index.ts'
import type { AlertConfig } from './config.ts'
import type { EvaluationInput } from './engine.ts'
import { reachableLocal, unreachableLocal, type LocalText } from './notice-text.ts'
import { isSnoozed } from './snooze.ts'
import { serverKey, type ServerAlert } from './state.ts'

export interface ServerEvaluation {
  alerts: Record<string, ServerAlert>
  items: NoticeItem[]
  transitions: AlertTransition[]
}

export function evaluateServers(
  previous: Readonly<Record<string, ServerAlert>>,
  input: EvaluationInput,
  config: AlertConfig,
): ServerEvaluation {
  const result: ServerEvaluation = { alerts: {}, items: [], transitions: [] }
  for (const server of input.snapshot.servers) {
    const failures = input.serverFailures[server.id] ?? 0
    const prev = previous[server.id]
    const key = serverKey(server.id)
    const snoozed = isSnoozed(input.snoozes, key, input.now)
    if (prev && failures === 0) {
      result.transitions.push(transition(server, 'unreachable', null, ANSWERS_AGAIN, input.now))
      if (prev.notified && !snoozed) result.items.push(item('reachable', key, server, reachableLocal(server.name, server.machine)))
      continue
    }
    if (!prev && failures < config.unreachableAfterFailures) continue
    const alert: ServerAlert = prev
      ? { ...prev, failures, ...latestError(server, prev) }
      : {
          serverId: server.id,
          serverName: server.name,
          machine: server.machine,
          since: input.now,
          failures,
          lastError: server.lastError,
          ...(server.lastErrorMessage ? { lastErrorMessage: server.lastErrorMessage } : {}),
          notified: false,
          snoozeMuted: false,
        }
    if (!prev) result.transitions.push(transition(server, null, 'unreachable', errorValue(server), input.now))
    const owed = !alert.notified || alert.snoozeMuted
    if (snoozed) alert.snoozeMuted = true
    else if (owed) {
      const local = unreachableLocal(server.name, server.machine, failures, alert.lastError, alert.lastErrorMessage)
      result.items.push(item(alert.notified ? 'reminder' : 'unreachable', key, server, local))
      Object.assign(alert, { notified: true, snoozeMuted: false })
    }
    result.alerts[server.id] = alert
  }
  return result
}

// A server transition's value (the Alerts view's list): the error sentence the poll gave, with its serverErrors.* message, said in the page's language.
const ANSWERS_AGAIN: LocalText = { text: 'answers again', message: { id: 'transitions.serverValues.answersAgain', params: {} } }
const NO_ANSWER: LocalText = { text: 'no answer', message: { id: 'transitions.serverValues.noAnswer', params: {} } }

/** The error and its message travel as a pair: an error without its message (an older state) stays English only. */
function errorValue(server: ServerSummary): { text: string; message?: TextMessage } {
  if (server.lastError === null) return NO_ANSWER
  return { text: server.lastError, ...(server.lastErrorMessage ? { message: server.lastErrorMessage } : {}) }
}

/** The newest error and its message; the previous pair while the server gives none (the two never mix). */
function latestError(server: ServerSummary, prev: ServerAlert): Pick<ServerAlert, 'lastError' | 'lastErrorMessage'> {
  if (server.lastError === null) return { lastError: prev.lastError, lastErrorMessage: prev.lastErrorMessage }
  return { lastError: server.lastError, lastErrorMessage: server.lastErrorMessage }
}

function item(kind: NoticeItem['kind'], key: string, server: ServerSummary, { text, message }: LocalText): NoticeItem {
  return {
    kind,
    key,
    machine: server.machine,
    productId: null,
    productName: server.name,
    level: kind === 'reachable' ? 'ok' : 'unreachable',
    text,
    message,
  }
}

function transition(
  server: ServerSummary,
  from: 'unreachable' | null,
  to: 'unreachable' | null,
  value: { text: string; message?: TextMessage },
  now: number,
): AlertTransition {
  return {
    at: new Date(now).toISOString(),
    kind: 'server',
    machine: server.machine,
    productId: null,
    subject: server.name,
    from: { phase: from ? 'firing' : 'normal', level: from },
    to: { phase: to ? 'firing' : 'normal', level: to },
    value: value.text,
    ...(value.message ? { valueMessage: value.message } : {}),
  }
}

// The unreachable notice names the poll's own error as its cause. The cause
// travels in English (a parameter, as the alert state on disk keeps it) and,
// when the server gave one, as the error's own message (a part), so the page
// and the tray say the cause in their language too. An alert state saved
// before the message was kept still loads, and says the English cause.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadAlerts, saveAlerts } from '../../../main/core/alerts/alert-file.ts'
import { evaluateAlerts } from '../../../main/core/alerts/engine.ts'
import { noSnoozes } from '../../../main/core/alerts/snooze.ts'
import { emptyAlertState } from '../../../main/core/alerts/state.ts'
import { unreachableLocal } from '../../../main/core/alerts/notice-text.ts'
import type { Snapshot, TextMessage } from '../../../main/core/types/index.ts'
import { catalogueProblems } from '../catalogue-check.ts'
import { reliabilityConfig, snapshot } from './helpers.ts'

const TIMEOUT: TextMessage = { id: 'serverErrors.timeout', params: { durationMs: 4000 } }

function downWithMessage(): Snapshot {
  const base = snapshot([{ used: 1, limit: 10, stale: true }], ['srv-app-01'])
  const servers = base.servers.map((server) => ({ ...server, lastError: 'timed out after 4 s', lastErrorMessage: TIMEOUT }))
  return { ...base, servers }
}

describe("the unreachable notice's cause", () => {
  it('carries the error’s message as the part "cause", the English cause beside it', () => {
    const local = unreachableLocal('Accounting', 'srv-app-01', 3, 'timed out after 4 s', TIMEOUT)
    expect(local.text).toBe(
      'Accounting (srv-app-01) is unreachable after 3 failed polls: timed out after 4 s. Its license alerts are on hold.',
    )
    expect(local.message).toEqual({
      id: 'notice.unreachableCause',
      params: { server: 'Accounting', machine: 'srv-app-01', count: 3, cause: 'timed out after 4 s' },
      parts: { cause: TIMEOUT },
    })
    expect(catalogueProblems(local.message)).toEqual([])
  })

  it('the engine keeps the message with the error, in the notice, the active alert and the saved state', () => {
    const config = reliabilityConfig()
    const result = evaluateAlerts(
      emptyAlertState(),
      { now: 0, snapshot: downWithMessage(), serverFailures: { 'srv-app-01-server': 3 }, snoozes: noSnoozes() },
      config,
    )
    const item = result.notices[0]?.items[0]
    expect(item?.kind).toBe('unreachable')
    expect(item?.message?.parts).toEqual({ cause: TIMEOUT })
    expect(result.state.servers['srv-app-01-server']).toMatchObject({ lastError: 'timed out after 4 s', lastErrorMessage: TIMEOUT })

    const dir = mkdtempSync(join(tmpdir(), 'unreachable-cause-'))
    const path = join(dir, 'alerts.json')
    expect(saveAlerts(path, { state: result.state, snoozes: noSnoozes() })).toBeNull()
    const loaded = loadAlerts(path, 0)
    expect(loaded.problem).toBeNull()
    expect(loaded.state.servers['srv-app-01-server']?.lastErrorMessage).toEqual(TIMEOUT)
  })

  it('a state saved without the message (an older version) loads, and its reminder says the English cause', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unreachable-cause-old-'))
    const path = join(dir, 'alerts.json')
    const config = reliabilityConfig()
    const first = evaluateAlerts(
      emptyAlertState(),
      { now: 0, snapshot: downWithMessage(), serverFailures: { 'srv-app-01-server': 3 }, snoozes: noSnoozes() },
      config,
    )
    expect(saveAlerts(path, { state: first.state, snoozes: noSnoozes() })).toBeNull()
    // What an older version wrote: the same file without lastErrorMessage.
    const file = JSON.parse(readFileSync(path, 'utf8')) as { state: { servers: Record<string, Record<string, unknown>> } }
    for (const alert of Object.values(file.state.servers)) delete alert.lastErrorMessage
    writeFileSync(path, JSON.stringify(file))
    const loaded = loadAlerts(path, 0)
    expect(loaded.problem).toBeNull()
    const alert = loaded.state.servers['srv-app-01-server']
    expect(alert).toMatchObject({ lastError: 'timed out after 4 s' })
    expect(alert).not.toHaveProperty('lastErrorMessage')
    const local = unreachableLocal(alert!.serverName, alert!.machine, alert!.failures, alert!.lastError, alert!.lastErrorMessage)
    expect(local.message).toEqual({
      id: 'notice.unreachableCause',
      params: { server: 'srv-app-01-server', machine: 'srv-app-01', count: 3, cause: 'timed out after 4 s' },
    })
  })
})

describe("a server transition's value", () => {
  it('is the error with its message going down, "answers again" coming back, both kept in the saved state', () => {
    const config = reliabilityConfig()
    const down = evaluateAlerts(
      emptyAlertState(),
      { now: 0, snapshot: downWithMessage(), serverFailures: { 'srv-app-01-server': 3 }, snoozes: noSnoozes() },
      config,
    )
    const wentDown = down.transitions.find((transition) => transition.kind === 'server')
    expect(wentDown).toMatchObject({ value: 'timed out after 4 s', valueMessage: TIMEOUT })

    const up = evaluateAlerts(
      down.state,
      { now: 30_000, snapshot: snapshot([{ used: 1, limit: 10 }], ['srv-app-01']), serverFailures: {}, snoozes: noSnoozes() },
      config,
    )
    const cameBack = up.transitions.find((transition) => transition.kind === 'server')
    expect(cameBack).toMatchObject({ value: 'answers again', valueMessage: { id: 'transitions.serverValues.answersAgain', params: {} } })
    expect(catalogueProblems(cameBack!.valueMessage!)).toEqual([])

    const dir = mkdtempSync(join(tmpdir(), 'server-transition-'))
    const path = join(dir, 'alerts.json')
    expect(saveAlerts(path, { state: up.state, snoozes: noSnoozes() })).toBeNull()
    const loaded = loadAlerts(path, 30_000)
    expect(loaded.state.transitions.filter((transition) => transition.kind === 'server').map((t) => t.valueMessage)).toEqual([
      TIMEOUT,
      { id: 'transitions.serverValues.answersAgain', params: {} },
    ])
  })

  it('says "no answer" as its own message when the server gave no error sentence', () => {
    const base = snapshot([{ used: 1, limit: 10, stale: true }], ['srv-app-01'])
    const silent = { ...base, servers: base.servers.map((server) => ({ ...server, lastError: null })) }
    const result = evaluateAlerts(
      emptyAlertState(),
      { now: 0, snapshot: silent, serverFailures: { 'srv-app-01-server': 3 }, snoozes: noSnoozes() },
      reliabilityConfig(),
    )
    const transition = result.transitions.find((entry) => entry.kind === 'server')
    expect(transition).toMatchObject({ value: 'no answer', valueMessage: { id: 'transitions.serverValues.noAnswer', params: {} } })
    expect(catalogueProblems(transition!.valueMessage!)).toEqual([])
  })
})

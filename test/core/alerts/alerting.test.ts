import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAlerting } from '../../../main/core/alerts/alerting.ts'
import { loadAlerts } from '../../../main/core/alerts/alert-file.ts'
import type { Notice } from '../../../main/core/types/index.ts'
import { reliabilityConfig, snapshot } from './helpers.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-'))
  dirs.push(dir)
  return join(dir, 'alerts.json')
}

function alertingAt(path: string, clock: { now: number }, notices: Notice[]) {
  return createAlerting({ config: reliabilityConfig(), statePath: path, onNotice: (n) => notices.push(n), now: () => clock.now })
}

const atRemaining = (left: number) => snapshot([{ used: 10 - left, limit: 10 }])

describe('createAlerting', () => {
  it('survives a restart while firing: state saved to the file, no duplicate notice, then one resolved', () => {
    const path = tempPath()
    const clock = { now: 0 }
    const notices: Notice[] = []
    const first = alertingAt(path, clock, notices)
    for (let i = 0; i < 4; i++, clock.now += 30_000) first.evaluate(atRemaining(2), {})
    expect(notices.map((n) => n.title)).toEqual(['Warning: 4D Client on srv-app-01'])

    const second = alertingAt(path, clock, notices)
    const decorated = second.evaluate(atRemaining(2), {})
    expect(notices).toHaveLength(1)
    expect(decorated.machines[0]?.products[0]?.status).toBe('warning')
    expect(decorated.alerts?.active.map((a) => a.text)).toEqual(['4D Client on srv-app-01: 2 of 10 left (80%)'])
    clock.now += 30_000
    second.evaluate(atRemaining(4), {})
    expect(notices.map((n) => n.body).at(-1)).toBe('4D Client on srv-app-01 is back to normal: 4 of 10 left')
  })

  it('writes the level the numbers meet into each row, under the alert rules (pending already shows it, issue 20)', () => {
    const clock = { now: 0 }
    const alerting = createAlerting({ config: reliabilityConfig(), now: () => clock.now })
    const pending = alerting.evaluate(atRemaining(2), {})
    expect(alerting.state().license['808464441@srv-app-01']?.phase).toBe('pending')
    expect(pending.machines[0]?.products[0]?.status).toBe('warning')
    expect(alerting.evaluate(atRemaining(3), {}).machines[0]?.products[0]?.status).toBe('ok')
    const unknown = alerting.evaluate(snapshot([{ used: 3, limit: null }]), {})
    expect(unknown.machines[0]?.products[0]?.status).toBe('unknown')
  })

  it('keeps snoozes across a restart and shows them in the snapshot', () => {
    const path = tempPath()
    const clock = { now: 1_000 }
    const first = alertingAt(path, clock, [])
    first.snooze({ kind: 'all' }, 3_600_000)
    const second = alertingAt(path, clock, [])
    expect(second.decorate(atRemaining(5)).alerts?.snoozedUntil).toBe(new Date(3_600_000).toISOString())
    second.unsnooze({ kind: 'all' })
    expect(loadAlerts(path, 0).snoozes.all).toBeNull()
  })

  it.each([
    ['not JSON', '{"version": 1, "state": '],
    ['the wrong shape', JSON.stringify({ version: 1, state: { license: 'x' }, snoozes: {} })],
  ])('moves a file with %s aside, starts empty and says so', (_name, content) => {
    const path = tempPath()
    writeFileSync(path, content)
    const alerting = alertingAt(path, { now: Date.UTC(2026, 10, 28) }, [])
    const problem = alerting.decorate(atRemaining(5)).alerts?.problem
    expect(problem).toMatch(
      /^The saved alert state could not be used because .+; it was moved to .+alerts\.json\.corrupt-2026-11-28T00-00-00-000Z and alerts start afresh\.$/,
    )
    expect(readdirSync(join(path, '..'))).toEqual(['alerts.json.corrupt-2026-11-28T00-00-00-000Z'])
    expect(alerting.state().license).toEqual({})
  })

  it('reports a state file it cannot write, and keeps alerting', () => {
    const path = tempPath()
    const blocked = join(path, 'inside-a-file.json')
    writeFileSync(path, 'not a folder')
    const notices: Notice[] = []
    const clock = { now: 0 }
    const alerting = alertingAt(blocked, clock, notices)
    let last = alerting.evaluate(atRemaining(2), {})
    for (let i = 0; i < 3; i++, clock.now += 30_000) last = alerting.evaluate(atRemaining(2), {})
    expect(notices).toHaveLength(1)
    expect(last.alerts?.problem).toContain('The alert state could not be saved to')
    expect(readFileSync(path, 'utf8')).toBe('not a folder')
  })

  it('keeps going when the notice display throws', () => {
    const clock = { now: 0 }
    const alerting = createAlerting({
      config: reliabilityConfig(),
      now: () => clock.now,
      onNotice: () => {
        throw new Error('notifications off')
      },
    })
    for (let i = 0; i < 4; i++, clock.now += 30_000) alerting.evaluate(atRemaining(2), {})
    expect(alerting.state().license['808464441@srv-app-01']?.phase).toBe('firing')
  })
})

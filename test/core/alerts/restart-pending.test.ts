// A warning pending when the monitor stops must not fire on the first poll
// after a long stop: nothing was observed meanwhile, so its `for` starts again.
// The state goes through the real saved file (alert-file.ts).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadAlerts, saveAlerts } from '../../../main/core/alerts/alert-file.ts'
import { defaultAlertConfig } from '../../../main/core/alerts/config.ts'
import { noSnoozes } from '../../../main/core/alerts/snooze.ts'
import { run, snapshot, summary } from './helpers.ts'

const HOUR = 3_600_000
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-alerts-restart-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('a pending warning across a monitor stop', () => {
  it('is timed again after a three-hour stop: no notice at the first poll, one after the warning `for` (30 s)', () => {
    const config = defaultAlertConfig()
    const warning = snapshot([{ used: 8, limit: 10 }]) // 80%: warning, pending for 30 s
    const before = run(config, [
      { at: 0, snapshot: warning },
      { at: 20_000, snapshot: warning },
    ])
    expect(Object.values(before.state.license)[0]?.phase).toBe('pending')
    const path = join(dir, 'alerts.json')
    expect(saveAlerts(path, { state: before.state, snoozes: noSnoozes() })).toBeNull()

    const restart = 3 * HOUR
    const loaded = loadAlerts(path, restart)
    const after = run(
      config,
      [
        { at: restart, snapshot: warning },
        { at: restart + 15_000, snapshot: warning },
        { at: restart + 30_000, snapshot: warning },
      ],
      loaded.state,
    )
    expect(summary(after.notices)).toEqual([[(restart + 30_000) / 1000, 'firing', 'warning']])
  })

  it('a level already firing stays firing across the restart, with no new notice', () => {
    const config = defaultAlertConfig()
    const critical = snapshot([{ used: 9, limit: 10 }])
    const before = run(config, [{ at: 0, snapshot: critical }])
    expect(summary(before.notices)).toEqual([[0, 'firing', 'critical']])
    const path = join(dir, 'alerts.json')
    saveAlerts(path, { state: before.state, snoozes: noSnoozes() })
    const after = run(
      config,
      [
        { at: 60_000, snapshot: critical },
        { at: 90_000, snapshot: critical },
      ],
      loadAlerts(path, 60_000).state,
    )
    expect(after.notices).toEqual([])
    expect(Object.values(after.state.license)[0]).toMatchObject({ phase: 'firing', level: 'critical' })
  })
})

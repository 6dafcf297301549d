// Issue 12: a snooze that cannot be saved is reported, not answered as ok
// and silently lost at the next restart. The alert state file here is a
// folder, which no write can replace (root included).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { alertSettingsFile } from '../../../main/core/alerts/alert-settings.ts'
import { createNoticeHub } from '../../../main/core/alerts/notice-hub.ts'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import { createMonitor } from '../../../main/core/poll/monitor.ts'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function monitorSavingTo(statePath: string) {
  return createMonitor({ servers: [], alerts: { statePath } })
}

/** The served mode's and the desktop app's backend: the real monitor and the real alert calls. */
function backendOf(monitor: ReturnType<typeof monitorSavingTo>) {
  const alerts = { monitor, notices: createNoticeHub(), settings: alertSettingsFile(join(dir, 'alert-config.json')) }
  return createBackend({ monitor, alerts })
}

describe('issue 12: a snooze save failure', () => {
  it('answers the call with a sentence naming the file and the cause; the snooze still applies until restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lm-snooze-save-'))
    const statePath = join(dir, 'alerts.json')
    mkdirSync(statePath)
    const monitor = monitorSavingTo(statePath)
    const backend = backendOf(monitor)
    const answer = await dispatchCall(backend, 'snooze', [{ kind: 'all' }, '1h'])
    expect(answer).toEqual({
      ok: false,
      error:
        `The snooze applies until the monitor restarts, but it was not saved: The alert state could not be saved to ${statePath} ` +
        'because it is a folder, not a file (EISDIR); a restart may repeat a notice.',
    })
    expect(monitor.getSnapshot().alerts?.snoozedUntil).not.toBeNull()
    const lifted = await dispatchCall(backend, 'unsnooze', [{ kind: 'all' }])
    expect(lifted).toMatchObject({
      ok: false,
      error: expect.stringContaining('The snooze is lifted until the monitor restarts, but that was not saved'),
    })
    await monitor.stop()
  })

  it('answers ok when the snooze was saved', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lm-snooze-save-'))
    const monitor = monitorSavingTo(join(dir, 'alerts.json'))
    const answer = await dispatchCall(backendOf(monitor), 'snooze', [{ kind: 'all' }, '1h'])
    expect(answer).toMatchObject({ ok: true })
    await monitor.stop()
  })
})

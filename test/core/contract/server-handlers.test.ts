// The server calls through the backend, as either transport runs them:
// arguments are validated, and a canary secret never reaches anything the
// renderer receives (list, export, save, validation, snapshots).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { createServerList } from '../../../main/core/servers/server-list.ts'
import { emptyDraft } from '../../../main/core/servers/server-record.ts'
import { FakeClock } from '../fake-clock.ts'

const CANARY = 'canary-handler-secret-91b2'

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'lm-server-handlers-'))
  const file = join(dir, 'servers.json')
  writeFileSync(
    file,
    JSON.stringify({
      servers: [{ name: 'Sales', url: 'http://127.0.0.1:9/x', auth: { type: 'bearer', token: CANARY }, intervalMs: 1000, timeoutMs: 500 }],
    }),
  )
  const monitor = createMonitor({ servers: [], demo: false, clock: new FakeClock(0) })
  const servers = createServerList({
    persistence: createFilePersistence({ path: file, env: {}, log: () => undefined }),
    apply: (configs) => monitor.setServers(configs),
  })
  return { backend: createBackend({ monitor, servers }), monitor }
}

describe('server handlers', () => {
  it('refuse malformed arguments with a sentence naming the call', async () => {
    const { backend } = setup()
    expect(await dispatchCall(backend, 'saveServers', ['not a list'])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid arguments for saveServers/),
    })
    expect(await dispatchCall(backend, 'saveServers', [[{ ...emptyDraft(), extra: 1 }]])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/saveServers/),
    })
    expect(await dispatchCall(backend, 'testConnection', [{ ...emptyDraft(), kind: 'ftp' }])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/testConnection/),
    })
    expect(await dispatchCall(backend, 'importServers', [42])).toMatchObject({ ok: false, error: expect.stringMatching(/importServers/) })
    expect(await dispatchCall(backend, 'listServers', ['extra'])).toMatchObject({ ok: false, error: expect.stringMatching(/listServers/) })
    expect(await dispatchCall(backend, 'saveServers', [Array.from({ length: 501 }, emptyDraft)])).toMatchObject({ ok: false })
  })

  it('never hand the canary secret to the renderer', async () => {
    const { backend, monitor } = setup()
    const answers: unknown[] = []
    const listed = await dispatchCall(backend, 'listServers', [])
    answers.push(listed)
    if (!listed.ok) throw new Error(listed.error)
    const entries = (listed.data as { servers: { secret: unknown }[] }).servers.map(({ secret: _s, ...entry }) => ({
      ...entry,
      secret: '',
      secretEnv: '',
    }))
    answers.push(await dispatchCall(backend, 'validateServers', [entries]))
    const saved = await dispatchCall(backend, 'saveServers', [entries])
    expect(saved).toMatchObject({ ok: true, data: { status: 'saved' } })
    answers.push(saved, await dispatchCall(backend, 'exportServers', []), monitor.getSnapshot())
    await monitor.pollNow()
    answers.push(monitor.getSnapshot(), await dispatchCall(backend, 'testConnection', [{ ...entries[0], secret: '' }]))
    expect(monitor.getSnapshot().servers.map((server) => server.name)).toEqual(['Sales'])
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(CANARY)
  })

  it('answer "not available" when the backend has no server list', async () => {
    const backend = createBackend({ monitor: createMonitor({ servers: [], demo: true }) })
    expect(await dispatchCall(backend, 'listServers', [])).toEqual({
      ok: false,
      error: 'Server settings are not available in this monitor.',
    })
  })
})

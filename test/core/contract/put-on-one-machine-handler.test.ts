// The contract's putOnOneMachine call (issue 18) through the backend, as either
// transport runs it: arguments checked for shape, the label saved, the
// monitor given the new list, and no secret in the answer.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { createServerList } from '../../../main/core/servers/server-list.ts'
import { FakeClock } from '../fake-clock.ts'

const CANARY = 'canary-pools-secret-5e1c'

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'lm-put-on-one-'))
  const file = join(dir, 'servers.json')
  writeFileSync(
    file,
    JSON.stringify({
      servers: [
        { name: 'Accounting', url: 'http://127.0.0.1:9/a', auth: { type: 'bearer', token: CANARY }, intervalMs: 1000, timeoutMs: 500 },
        { name: 'Sales', url: 'http://localhost:9/b', intervalMs: 1000, timeoutMs: 500 },
      ],
    }),
  )
  const monitor = createMonitor({ servers: [], demo: false, clock: new FakeClock(0) })
  const servers = createServerList({
    persistence: createFilePersistence({ path: file, env: {}, log: () => undefined }),
    apply: (configs) => monitor.setServers(configs),
  })
  return { backend: createBackend({ monitor, servers }), file }
}

describe('putOnOneMachine', () => {
  it('refuses malformed arguments with a sentence naming the call', async () => {
    const { backend } = setup()
    for (const args of [[], ['accounting', 'm'], [['accounting', 'sales']], [['accounting', 'sales'], 42]]) {
      expect(await dispatchCall(backend, 'putOnOneMachine', args)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^invalid arguments for putOnOneMachine/),
      })
    }
  })

  it('saves one label on both servers, and the answer holds no secret', async () => {
    const { backend, file } = setup()
    const result = await dispatchCall(backend, 'putOnOneMachine', [['accounting', 'sales'], 'srv-app-01'])
    expect(result).toMatchObject({ ok: true, data: { status: 'saved' } })
    expect(JSON.stringify(result)).not.toContain(CANARY)
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { servers: { machine?: string; auth?: unknown }[] }
    expect(saved.servers.map((server) => server.machine)).toEqual(['srv-app-01', 'srv-app-01'])
    // The secret stays as written.
    expect(saved.servers[0]?.auth).toEqual({ type: 'bearer', token: CANARY })
    const snapshot = await dispatchCall(backend, 'getSnapshot', [])
    expect(snapshot).toMatchObject({ ok: true, data: { servers: [{ machine: 'srv-app-01' }, { machine: 'srv-app-01' }] } })
  })
})

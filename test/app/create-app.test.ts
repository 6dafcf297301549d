// The composition root as a host uses it: settings files in a temp folder,
// simulators over real sockets, the real monitor, history and backend. What
// both hosts get from it is checked here once; test/electron/index.test.ts and
// test/serve/cli.test.ts check what each host adds.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../main/app/create-app.ts'
import type { AppHost, ProblemTopic } from '../../main/app/host.ts'
import type { DemoServers } from '../../main/app/workspace.ts'
import { alertSettingsFile } from '../../main/core/alerts/alert-settings.ts'
import { dispatchCall } from '../../main/core/contract/backend.ts'
import { writeExportFile } from '../../main/core/export/export-file.ts'
import { historySettingsFile } from '../../main/core/history/history-settings.ts'
import { createFilePersistence } from '../../main/core/servers/file-persistence.ts'
import { emptyDraft } from '../../main/core/servers/server-record.ts'
import type { Snapshot } from '../../main/core/types/index.ts'
import { serverConfigsFor } from '../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'

const FAST = { intervalMs: 300, timeoutMs: 250 }
let data: string
const simulators: LocalSimulator[] = []
let running: App | null = null
let problems: Array<[ProblemTopic, string]> = []

beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'lm-create-app-'))
  problems = []
})

afterEach(async () => {
  await running?.stop()
  running = null
  await Promise.allSettled(simulators.splice(0).map((simulator) => simulator.stop()))
  rmSync(data, { recursive: true, force: true })
})

async function startFastDemo(): Promise<DemoServers> {
  const simulator = await startSimulator({ servers: 2, machines: 1, seed: 4 })
  simulators.push(simulator)
  return { simulator, servers: serverConfigsFor(simulator.servers()).map((config) => ({ ...config, ...FAST })) }
}

/** A host as the served mode builds one, plus an export saver that writes where the test says. */
function host(overrides: Partial<AppHost> = {}): AppHost {
  return {
    dataDir: data,
    servers: createFilePersistence({ path: join(data, 'servers.json'), env: {}, log: () => undefined }),
    alertSettings: alertSettingsFile(join(data, 'alert-config.json')),
    historySettings: historySettingsFile(join(data, 'history-config.json')),
    startDemo: startFastDemo,
    showProblem: (topic, sentence) => problems.push([topic, sentence]),
    log: () => undefined,
    ...overrides,
  }
}

async function snapshotOf(app: App): Promise<Snapshot> {
  const answer = await dispatchCall(app.backend, 'getSnapshot', [])
  if (!answer.ok) throw new Error(answer.error)
  return answer.data as Snapshot
}

describe('createApp', () => {
  it('starts on the demo, switches to the real workspace when the first server is saved through the backend, and stops it all', async () => {
    const real = await startSimulator({ servers: 1, machines: 1, seed: 8 })
    simulators.push(real)
    const app = (running = await createApp(host()))
    await expect.poll(async () => (await snapshotOf(app)).servers.filter((s) => s.status === 'up').length, { timeout: 15_000 }).toBe(2)
    expect((await snapshotOf(app)).demo).toBe(true)
    expect(app.history.folder()).toBe(join(data, 'demo'))

    const [server] = serverConfigsFor(real.servers())
    const draft = { ...emptyDraft(), name: 'Accounting', url: server!.url, ...FAST }
    expect(await dispatchCall(app.backend, 'saveServers', [[draft]])).toMatchObject({ ok: true, data: { status: 'saved' } })
    expect(app.workspaces.current()?.kind).toBe('real')
    expect(app.history.folder()).toBe(data)
    await expect
      .poll(async () => (await snapshotOf(app)).servers.map((s) => `${s.name} ${s.status}`), { timeout: 15_000 })
      .toEqual(['Accounting up'])
    expect((await snapshotOf(app)).demo).toBe(false)
    expect(JSON.parse(readFileSync(join(data, 'servers.json'), 'utf8')).servers).toHaveLength(1)

    await app.stop()
    running = null
    const asked = real.requestStats('s1').requests
    await new Promise((resolve) => setTimeout(resolve, 3 * FAST.intervalMs))
    expect(real.requestStats('s1').requests, 'no poll after stop').toBe(asked)
    expect(app.workspaces.current()).toBeNull()
    expect(() => app.history.store.db).toThrow(/not open/)
    expect(problems).toEqual([])
  })

  it('opens the real workspace at once when servers are saved, and the demo simulator never starts', async () => {
    writeFileSync(join(data, 'servers.json'), JSON.stringify({ servers: [{ name: 'Accounting', url: 'http://127.0.0.1:9/', ...FAST }] }))
    let demoStarts = 0
    const counted = async (): Promise<DemoServers> => {
      demoStarts++
      return startFastDemo()
    }
    running = await createApp(host({ startDemo: counted }))
    expect(running.workspaces.current()).toMatchObject({ kind: 'real', dataDir: data })
    expect(running.monitor.getSnapshot().demo).toBe(false)
    expect(demoStarts).toBe(0)
  })

  it('tells the host about unusable alert and retention settings, by topic, and runs on the defaults', async () => {
    writeFileSync(join(data, 'alert-config.json'), '{ nope')
    writeFileSync(join(data, 'history-config.json'), JSON.stringify({ retention: { rawHours: 0 } }))
    running = await createApp(host())
    expect(problems.map(([topic]) => topic)).toEqual(['alert-settings', 'history'])
    expect(problems[0]![1]).toContain(join(data, 'alert-config.json'))
    expect(problems[1]![1]).toContain(join(data, 'history-config.json'))
    expect(await dispatchCall(running.backend, 'getAlertConfig', [])).toMatchObject({
      ok: true,
      data: { problem: expect.stringContaining('alert-config.json') },
    })
    expect(await dispatchCall(running.backend, 'getHistorySettings', [])).toMatchObject({ ok: true, data: { retention: { rawHours: 48 } } })
  })

  it("saves exports through the host's saver, which reads the open history", async () => {
    const out = join(data, 'exports')
    mkdirSync(out)
    const app = (running = await createApp(
      host({
        saveExport: (history) => async (job) => {
          const path = join(out, `${job.kind}.csv`)
          const written = await writeExportFile(history.db, job, path)
          return { status: 'saved', path, rows: written.rows }
        },
      }),
    ))
    await expect
      .poll(() => app.history.problem() === null && existsSync(join(data, 'demo', 'history.sqlite')), { timeout: 15_000 })
      .toBe(true)
    await expect
      .poll(
        async () => {
          const answer = await dispatchCall(app.backend, 'exportCsv', [{ kind: 'usage' }])
          return answer.ok ? (answer.data as { rows: number }).rows : -1
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBeGreaterThan(0)
    expect(app.saveExport).not.toBeNull()
    expect(readFileSync(join(out, 'usage.csv'), 'utf8')).toMatch(/^\uFEFFTime \(UTC\)/)
  })

  it("fails with the demo's sentence when the demo cannot start, leaving nothing open", async () => {
    await expect(createApp(host({ startDemo: () => Promise.reject(new Error('no free port for the demo')) }))).rejects.toThrow(
      'no free port for the demo',
    )
    expect(existsSync(join(data, 'demo'))).toBe(false)
  })
})

import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { InvokeChannel, PushChannel, type Result } from '../../main/core/contract/contract.ts'
import type { Snapshot, SnapshotPatch } from '../../main/core/types/index.ts'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { startMonitoredSimulator, type MonitoredSimulator } from '../serve/real-monitor.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, ipcMainHandlers, resetElectronMock } = await import('./electron-mock.ts')
const { setupIpc } = await import('../../main/electron/ipc.ts')
const { createBackend } = await import('../../main/core/contract/backend.ts')
const { createMainWindow } = await import('../../main/electron/window.ts')

type Window = InstanceType<typeof FakeBrowserWindow>

let sim: MonitoredSimulator
let teardown: () => void

function invoke(sender: Window, frame = sender.webContents.mainFrame, ...args: unknown[]): Promise<unknown> {
  const handler = ipcMainHandlers.get(InvokeChannel.getSnapshot)!
  return Promise.resolve(handler({ sender: sender.webContents, senderFrame: frame }, ...args))
}

beforeAll(async () => {
  sim = await startMonitoredSimulator()
  await sim.monitor.pollNow()
})
afterAll(() => sim.stop())

beforeEach(() => {
  resetElectronMock()
  teardown = setupIpc(createBackend({ monitor: sim.source }))
})

afterEach(() => teardown())

describe('IPC handlers', () => {
  it('registers a handler for every invoke channel of the contract', () => {
    expect([...ipcMainHandlers.keys()].sort()).toEqual(Object.values(InvokeChannel).sort())
  })

  it('answers our window with the snapshot', async () => {
    createMainWindow(() => false)
    const answer = (await invoke(FakeBrowserWindow.instances[0]!)) as Result<Snapshot>
    expect(answer.ok).toBe(true)
    if (!answer.ok) return
    expect(answer.data.machines).toHaveLength(2)
    expect(answer.data.servers.map((s) => s.status)).toEqual(['up', 'up', 'up'])
  })

  it('refuses a window it did not create, even on the right page', async () => {
    const foreign = new FakeBrowserWindow({})
    await foreign.loadURL((await import('../../main/electron/app-paths.ts')).RENDERER_URL)
    const answer = (await invoke(foreign)) as { ok: boolean; error: string }
    expect(answer).toEqual({ ok: false, error: 'The call came from a window this app did not create.' })
  })

  it('refuses our window when the frame shows another page, is a subframe, or is gone', async () => {
    createMainWindow(() => false)
    const ours = FakeBrowserWindow.instances[0]!
    const other = (await invoke(ours, { url: 'https://evil.example/', parent: null })) as { ok: boolean; error: string }
    expect(other.ok).toBe(false)
    expect(other.error).toMatch(/not the app's renderer/)
    const file = (await invoke(ours, { url: pathToFileURL('/tmp/index.html').href, parent: null })) as { ok: boolean }
    expect(file.ok).toBe(false)
    for (const url of ['app://other/index.html', 'app://renderer.evil/index.html', 'app://evil@renderer/index.html']) {
      expect(((await invoke(ours, { url, parent: null })) as { ok: boolean }).ok, url).toBe(false)
    }
    const own = (await invoke(ours, { url: 'app://renderer/index.html#/servers', parent: null })) as { ok: boolean }
    expect(own.ok).toBe(true)
    const sub = (await invoke(ours, { url: ours.webContents.url, parent: ours.webContents.mainFrame })) as { ok: boolean; error: string }
    expect(sub).toEqual({ ok: false, error: 'The call came from a subframe, not from the app page.' })
    const gone = (await invoke(ours, null as never)) as { ok: boolean; error: string }
    expect(gone.error).toMatch(/frame is gone/)
  })

  it('validates arguments: a call given arguments it does not take is refused with a sentence', async () => {
    createMainWindow(() => false)
    const ours = FakeBrowserWindow.instances[0]!
    for (const args of [[1], ['../../etc/passwd'], [{ __proto__: { polluted: true } }], [undefined, null]]) {
      const answer = (await invoke(ours, ours.webContents.mainFrame, ...args)) as { ok: boolean; error: string }
      expect(answer.ok, JSON.stringify(args)).toBe(false)
      expect(answer.error).toMatch(/^invalid arguments for getSnapshot/)
    }
  })

  it('checks the sender before the arguments: a stranger learns nothing about the call', async () => {
    const foreign = new FakeBrowserWindow({})
    await foreign.loadURL('app://renderer/index.html')
    const answer = (await invoke(foreign, foreign.webContents.mainFrame, 'bad')) as { ok: boolean; error: string }
    expect(answer).toEqual({ ok: false, error: 'The call came from a window this app did not create.' })
  })

  it('turns a failing snapshot source into { ok: false, error } rather than a thrown error', async () => {
    teardown()
    const failing = {
      getSnapshot: (): Snapshot => {
        throw new Error('The poller is not started.')
      },
      onSnapshot: () => () => undefined,
    }
    teardown = setupIpc(createBackend({ monitor: failing }))
    createMainWindow(() => false)
    expect(await invoke(FakeBrowserWindow.instances[0]!)).toEqual({ ok: false, error: 'The poller is not started.' })
  })

  it('removes its handlers and subscription on teardown', () => {
    teardown()
    expect(ipcMainHandlers.size).toBe(0)
    expect(sim.source.subscribers()).toBe(0)
    teardown = setupIpc(createBackend({ monitor: sim.source }))
  })
})

describe('snapshot push', () => {
  it('sends each change to our windows only, never to a foreign or destroyed one', async () => {
    createMainWindow(() => false)
    createMainWindow(() => false)
    const [first, second] = FakeBrowserWindow.instances as [Window, Window]
    const foreign = new FakeBrowserWindow({})
    await foreign.loadURL((await import('../../main/electron/app-paths.ts')).RENDERER_URL)
    second.destroy()
    const serverId = sim.simulator.servers()[1]!.id
    const machine = sim.monitor.getSnapshot().servers.find((server) => server.id === serverId)?.machine
    const clientRow = (snapshot: Snapshot) =>
      snapshot.machines.find((m) => m.machine === machine)?.products.find((p) => p.productId === CLIENT_PRODUCT_ID)
    const before = clientRow(sim.monitor.getSnapshot())?.used ?? 0
    const held = sim.simulator.retain(serverId, CLIENT_PRODUCT_ID)
    expect(held).not.toBeNull()
    await sim.monitor.pollNow()
    sim.simulator.release(serverId, held!.token)
    expect(first.webContents.sent.length).toBeGreaterThan(0)
    // Changes go as patches: the row that changed, without its license list.
    expect(first.webContents.sent.every((m) => m.channel === PushChannel.snapshotPatch && m.args.length === 1)).toBe(true)
    const rows = first.webContents.sent.flatMap((m) => (m.args[0] as SnapshotPatch).rows ?? [])
    expect(rows.some((r) => r.machine === machine && r.row.productId === CLIENT_PRODUCT_ID && r.row.used === before + 1)).toBe(true)
    expect(rows.every((r) => r.row.licenses.length === 0)).toBe(true)
    expect(second.webContents.sent).toEqual([])
    expect(foreign.webContents.sent).toEqual([])
  })

  it('does not push to our window while it shows another page', async () => {
    createMainWindow(() => false)
    const window = FakeBrowserWindow.instances[0]!
    window.webContents.url = 'https://evil.example/'
    const pushes: Snapshot[] = []
    const off = sim.monitor.onSnapshot((s) => pushes.push(s))
    const serverId = sim.simulator.servers()[0]!.id
    const held = sim.simulator.retain(serverId, CLIENT_PRODUCT_ID)
    await sim.monitor.pollNow()
    sim.simulator.release(serverId, held!.token)
    await sim.monitor.pollNow()
    off()
    expect(pushes.length, 'the monitor did push').toBeGreaterThan(0)
    expect(window.webContents.sent).toEqual([])
  })
})

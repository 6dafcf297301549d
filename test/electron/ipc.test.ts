import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { InvokeChannel, PushChannel } from '../../main/core/contract.ts'
import { FakeMonitor, snapshotFixture } from '../serve/fake-monitor.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, ipcMainHandlers, resetElectronMock } = await import('./electron-mock.ts')
const { setupIpc } = await import('../../main/electron/ipc.ts')
const { createMainWindow } = await import('../../main/electron/window.ts')

type Window = InstanceType<typeof FakeBrowserWindow>

let monitor: FakeMonitor
let teardown: () => void

function invoke(sender: Window, frame = sender.webContents.mainFrame): Promise<unknown> {
  const handler = ipcMainHandlers.get(InvokeChannel.getSnapshot)!
  return Promise.resolve(handler({ sender: sender.webContents, senderFrame: frame }))
}

beforeEach(() => {
  resetElectronMock()
  monitor = new FakeMonitor()
  teardown = setupIpc(monitor)
})

afterEach(() => teardown())

describe('IPC handlers', () => {
  it('registers a handler for every invoke channel of the contract', () => {
    expect([...ipcMainHandlers.keys()].sort()).toEqual(Object.values(InvokeChannel).sort())
  })

  it('answers our window with the snapshot', async () => {
    createMainWindow(() => false)
    expect(await invoke(FakeBrowserWindow.instances[0]!)).toEqual({ ok: true, data: monitor.snapshot })
  })

  it('refuses a window it did not create, even on the right page', async () => {
    const foreign = new FakeBrowserWindow({})
    await foreign.loadFile((await import('../../main/electron/app-paths.ts')).RENDERER_HTML_PATH)
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
    const sub = (await invoke(ours, { url: ours.webContents.url, parent: ours.webContents.mainFrame })) as { ok: boolean; error: string }
    expect(sub).toEqual({ ok: false, error: 'The call came from a subframe, not from the app page.' })
    const gone = (await invoke(ours, null as never)) as { ok: boolean; error: string }
    expect(gone.error).toMatch(/frame is gone/)
  })

  it('turns a failing monitor into { ok: false, error } rather than a thrown error', async () => {
    createMainWindow(() => false)
    monitor.getSnapshot = () => {
      throw new Error('The poller is not started.')
    }
    expect(await invoke(FakeBrowserWindow.instances[0]!)).toEqual({ ok: false, error: 'The poller is not started.' })
  })

  it('removes its handlers and subscription on teardown', () => {
    teardown()
    expect(ipcMainHandlers.size).toBe(0)
    expect(monitor.listeners.size).toBe(0)
    teardown = setupIpc(monitor)
  })
})

describe('snapshot push', () => {
  it('sends each change to our windows only, never to a foreign or destroyed one', async () => {
    createMainWindow(() => false)
    createMainWindow(() => false)
    const [first, second] = FakeBrowserWindow.instances as [Window, Window]
    const foreign = new FakeBrowserWindow({})
    await foreign.loadFile((await import('../../main/electron/app-paths.ts')).RENDERER_HTML_PATH)
    second.destroy()
    const changed = snapshotFixture('2026-11-28T09:00:05.000Z', 9)
    monitor.publish(changed)
    expect(first.webContents.sent).toEqual([{ channel: PushChannel.snapshot, args: [changed] }])
    expect(second.webContents.sent).toEqual([])
    expect(foreign.webContents.sent).toEqual([])
  })

  it('does not push to our window while it shows another page', () => {
    createMainWindow(() => false)
    const window = FakeBrowserWindow.instances[0]!
    window.webContents.url = 'https://evil.example/'
    monitor.publish(snapshotFixture('2026-11-28T09:00:05.000Z', 9))
    expect(window.webContents.sent).toEqual([])
  })
})

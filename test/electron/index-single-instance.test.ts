// A second copy of the app: it must hand over to the first and start nothing.
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, FakeTray, appEvents, electronMock, ipcMainHandlers } = await import('./electron-mock.ts')
electronMock.app.singleInstance = false
await import('../../main/electron/index.ts')

describe('Electron entry without the single-instance lock', () => {
  it('quits at once without a window, tray, IPC or app listeners', async () => {
    await new Promise((resolve) => setImmediate(resolve))
    expect(electronMock.app.quitCalls).toBe(1)
    expect(FakeBrowserWindow.instances).toHaveLength(0)
    expect(FakeTray.instances).toHaveLength(0)
    expect(ipcMainHandlers.size).toBe(0)
    expect(appEvents.eventNames()).toEqual([])
  })
})

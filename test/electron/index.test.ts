// The whole Electron entry with electron mocked and everything else real:
// settings in a temp dir, the demo simulator on 127.0.0.1, the real monitor.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { InvokeChannel } from '../../main/core/contract/contract.ts'
import type { Result } from '../../main/core/contract/contract.ts'
import type { Snapshot } from '../../main/core/types/index.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { FakeBrowserWindow, FakeTray, FakeWebContents, appEvents, electronMock, ipcMainHandlers } = await import('./electron-mock.ts')
const userData = mkdtempSync(join(tmpdir(), 'lm-electron-'))
electronMock.app.userData = userData
// A damaged settings file: the app must still start (in demo mode) and say what happened.
writeFileSync(join(userData, 'settings.json'), '{"servers": [')
await import('../../main/electron/index.ts')

afterAll(() => rmSync(userData, { recursive: true, force: true }))

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function askSnapshot(): Promise<Result<Snapshot>> {
  const window = FakeBrowserWindow.instances[0]!
  const handler = ipcMainHandlers.get(InvokeChannel.getSnapshot)!
  return (await handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame })) as Result<Snapshot>
}

describe('Electron entry (electron mocked)', () => {
  it('on ready, with no servers configured, runs the demo and opens the window, tray and IPC', async () => {
    await expect.poll(() => FakeTray.instances.length, { timeout: 15_000 }).toBe(1)
    expect(FakeBrowserWindow.instances).toHaveLength(1)
    await expect
      .poll(
        async () => {
          const answer = await askSnapshot()
          return answer.ok ? answer.data.servers.filter((s) => s.status === 'up').length : -1
        },
        { timeout: 15_000 },
      )
      .toBe(3)
    const answer = await askSnapshot()
    expect(answer.ok && answer.data.demo).toBe(true)
    expect(answer.ok && answer.data.machines).toHaveLength(2)
    await expect.poll(() => FakeTray.instances[0]!.tooltip, { timeout: 10_000 }).toMatch(/^4D License Monitor \(demo\)\n/)
  })

  it('told the user, in a dialog naming the file, that the damaged settings were moved aside', () => {
    expect(electronMock.dialog.shown).toHaveLength(1)
    const detail = (electronMock.dialog.shown[0] as { detail: string }).detail
    expect(detail).toContain(join(userData, 'settings.json'))
    expect(detail).toContain('it is not valid JSON')
  })

  it('guards any web contents created later', () => {
    const stranger = new FakeWebContents()
    appEvents.emit('web-contents-created', {}, stranger)
    expect(stranger.navigate('https://evil.example/')).toBe(true)
    expect(stranger.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
  })

  it('stays alive when the window closes, and a second launch shows it again', () => {
    const window = FakeBrowserWindow.instances[0]!
    window.show()
    expect(window.close()).toBe(true)
    expect(window.visible).toBe(false)
    appEvents.emit('window-all-closed')
    expect(electronMock.app.quitCalls).toBe(0)
    appEvents.emit('second-instance', {}, [], userData)
    expect(window.visible).toBe(true)
  })

  it('on quit stops the monitor and the simulator before letting the app go', async () => {
    const answer = await askSnapshot()
    const urls = answer.ok ? answer.data.servers.map((s) => s.url) : []
    expect(urls).toHaveLength(3)
    expect(await portOpen(urls[0]!)).toBe(true)
    appEvents.emit('before-quit', { preventDefault: () => undefined })
    expect(electronMock.app.emitPreventable('will-quit')).toBe(true)
    await expect.poll(() => electronMock.app.quitCalls, { timeout: 10_000 }).toBe(1)
    for (const url of urls) expect(await portOpen(url), url).toBe(false)
    expect(FakeTray.instances[0]!.destroyed).toBe(true)
    expect(ipcMainHandlers.size).toBe(0)
    // The second will-quit (from app.quit) is let through, and the window may now really close.
    expect(electronMock.app.emitPreventable('will-quit')).toBe(false)
    expect(FakeBrowserWindow.instances[0]!.close()).toBe(false)
  })
})

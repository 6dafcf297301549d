import { beforeEach, describe, expect, it, vi } from 'vitest'
import { API_GLOBAL, InvokeChannel, listenerName, PushChannel, type MonitorApi, type PushName } from '../../main/core/contract/contract.ts'
import { snapshotFixture } from '../electron/fixture-snapshot-source.ts'

// The preload's own electron: contextBridge records what is exposed, ipcRenderer is an EventEmitter.
const bridge = vi.hoisted(() => ({ exposed: new Map<string, unknown>() }))
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: vi.fn(async (channel: string) => ({ ok: true, data: { channel } })),
    send: vi.fn(),
    sendSync: vi.fn(),
  })
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.set(key, api) }
  const module = { ipcRenderer, contextBridge }
  return { ...module, default: module }
})

const { ipcRenderer } = (await import('electron')) as unknown as {
  ipcRenderer: import('node:events').EventEmitter & { invoke: ReturnType<typeof vi.fn> }
}
await import('../../preload/index.ts')
const api = bridge.exposed.get(API_GLOBAL) as MonitorApi

beforeEach(() => ipcRenderer.invoke.mockClear())

describe('preload', () => {
  it(`exposes on window.${API_GLOBAL} exactly the contract: every call, and on<Push> for every push`, () => {
    expect([...bridge.exposed.keys()]).toEqual([API_GLOBAL])
    // Derived from the contract itself, so a call added there without the preload (or the reverse) fails here.
    const calls = Object.keys(InvokeChannel)
    const listeners = (Object.keys(PushChannel) as PushName[]).map((push) => `on${push.charAt(0).toUpperCase()}${push.slice(1)}`)
    expect(listeners).toEqual((Object.keys(PushChannel) as PushName[]).map(listenerName))
    expect(Object.keys(api).sort()).toEqual([...calls, ...listeners].sort())
    expect(Object.keys(api)).toContain('getSnapshot')
    expect(Object.keys(api)).toContain('onSnapshot')
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true)
    for (const name of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'require', 'process']) expect(api, name).not.toHaveProperty(name)
  })

  it('every call invokes its own contract channel with exactly the arguments given', async () => {
    for (const [name, channel] of Object.entries(InvokeChannel)) {
      ipcRenderer.invoke.mockClear()
      const call = (api as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!
      await call('a', 2)
      expect(ipcRenderer.invoke, name).toHaveBeenCalledExactlyOnceWith(channel, 'a', 2)
    }
  })

  it('getSnapshot invokes the contract channel with no arguments', async () => {
    expect(await api.getSnapshot()).toEqual({ ok: true, data: { channel: InvokeChannel.getSnapshot } })
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(InvokeChannel.getSnapshot)
  })

  it('onSnapshot passes only the snapshot, never the IPC event', () => {
    const received: unknown[][] = []
    const unsubscribe = api.onSnapshot((...args: unknown[]) => received.push(args))
    const snapshot = snapshotFixture('2026-11-28T09:00:00.000Z')
    ipcRenderer.emit(PushChannel.snapshot, { sender: ipcRenderer, ports: [] }, snapshot)
    expect(received).toEqual([[snapshot]])
    unsubscribe()
  })

  it('unsubscribe removes exactly its own handler', () => {
    const first = vi.fn()
    const second = vi.fn()
    const before = ipcRenderer.listenerCount(PushChannel.snapshot)
    const unsubscribeFirst = api.onSnapshot(first)
    const unsubscribeSecond = api.onSnapshot(second)
    expect(ipcRenderer.listenerCount(PushChannel.snapshot)).toBe(before + 2)
    unsubscribeFirst()
    unsubscribeFirst()
    expect(ipcRenderer.listenerCount(PushChannel.snapshot)).toBe(before + 1)
    ipcRenderer.emit(PushChannel.snapshot, {}, snapshotFixture('2026-11-28T09:00:01.000Z'))
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
    unsubscribeSecond()
    expect(ipcRenderer.listenerCount(PushChannel.snapshot)).toBe(before)
  })
})

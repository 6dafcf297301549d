// The renderer's only door to main: exactly the MonitorApi contract on
// window.licenseMonitor, one named method per call and per push of
// main/core/contract/contract.ts. No ipcRenderer, no event objects, nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { API_GLOBAL, InvokeChannel, listenerName, PushChannel, type CallName, type PushName } from '../main/core/contract/contract.ts'

const api: Record<string, (...args: never[]) => unknown> = {}

for (const name of Object.keys(InvokeChannel) as CallName[]) {
  const channel = InvokeChannel[name]
  api[name] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args)
}

for (const name of Object.keys(PushChannel) as PushName[]) {
  const channel = PushChannel[name]
  api[listenerName(name)] = (listener: (payload: unknown) => void) => {
    // The event carries `sender` (ipcRenderer itself): it must never reach the page.
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, handler)
    return () => {
      ipcRenderer.removeListener(channel, handler)
    }
  }
}

contextBridge.exposeInMainWorld(API_GLOBAL, api)

// The renderer's only door to main: exactly the MonitorApi contract on
// window.licenseMonitor. No ipcRenderer, no event objects, nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { API_GLOBAL, InvokeChannel, PushChannel, type MonitorApi } from '../main/core/contract.ts'
import type { Snapshot } from '../main/core/types.ts'

const api: MonitorApi = {
  getSnapshot: () => ipcRenderer.invoke(InvokeChannel.getSnapshot),
  onSnapshot(listener) {
    // The event carries `sender` (ipcRenderer itself): it must never reach the page.
    const handler = (_event: IpcRendererEvent, snapshot: Snapshot): void => listener(snapshot)
    ipcRenderer.on(PushChannel.snapshot, handler)
    return () => {
      ipcRenderer.removeListener(PushChannel.snapshot, handler)
    }
  },
}

contextBridge.exposeInMainWorld(API_GLOBAL, api)

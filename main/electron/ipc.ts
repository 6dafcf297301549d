// IPC: carries the contract's calls and pushes (main/core/contract/backend.ts) and
// nothing else. Only frames of windows we created, showing our own renderer
// page, get an answer or a push.
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { InvokeChannel, PushChannel, type CallName, type PushName, type Result } from '../core/contract/contract.ts'
import { dispatchCall, type Backend } from '../core/contract/backend.ts'
import { isOwnRendererUrl } from './app-paths.ts'
import { isOwnWebContents, ownWindows } from './own-windows.ts'

/** Why a sender is refused, or null when it is one of ours. */
export function refuseSender(event: IpcMainInvokeEvent): string | null {
  const frame = event.senderFrame
  if (frame === null) return 'The calling frame is gone (navigated or destroyed).'
  if (!isOwnWebContents(event.sender)) return 'The call came from a window this app did not create.'
  if (frame.parent !== null) return 'The call came from a subframe, not from the app page.'
  if (!isOwnRendererUrl(frame.url)) return `The call came from a page that is not the app's renderer.`
  return null
}

function pushToOwnWindows(channel: string, payload: unknown): void {
  for (const window of ownWindows()) {
    const contents = window.webContents
    if (contents.isDestroyed() || !isOwnRendererUrl(contents.getURL())) continue
    contents.send(channel, payload)
  }
}

/** Registers every call of the contract and starts every push; returns the teardown. */
export function setupIpc(backend: Backend): () => void {
  const calls = Object.keys(InvokeChannel) as CallName[]
  for (const name of calls) {
    ipcMain.handle(InvokeChannel[name], async (event, ...args: unknown[]): Promise<Result<unknown>> => {
      const refusal = refuseSender(event)
      if (refusal !== null) return { ok: false, error: refusal }
      return dispatchCall(backend, name, args)
    })
  }
  const pushes = Object.keys(PushChannel) as PushName[]
  const unsubscribes = pushes.map((name) => backend.subscribe(name, (payload) => pushToOwnWindows(PushChannel[name], payload)))
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe()
    for (const name of calls) ipcMain.removeHandler(InvokeChannel[name])
  }
}

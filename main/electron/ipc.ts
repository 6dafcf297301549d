// IPC: the contract's invoke handlers and the snapshot push. Only frames of
// windows we created, showing our own renderer page, get an answer.
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { InvokeChannel, PushChannel, type InvokeHandlers, type Result } from '../core/contract.ts'
import type { SnapshotSource } from '../serve/snapshot-source.ts'
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

export function createInvokeHandlers(monitor: SnapshotSource): InvokeHandlers {
  return {
    getSnapshot: async () => ({ ok: true, data: monitor.getSnapshot() }),
  }
}

/** Registers every handler of the contract and starts the push; returns the teardown. */
export function setupIpc(monitor: SnapshotSource): () => void {
  const handlers = createInvokeHandlers(monitor)
  const names = Object.keys(InvokeChannel) as (keyof typeof InvokeChannel)[]
  for (const name of names) {
    ipcMain.handle(InvokeChannel[name], async (event): Promise<Result<unknown>> => {
      const refusal = refuseSender(event)
      if (refusal !== null) return { ok: false, error: refusal }
      try {
        return await handlers[name]()
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) }
      }
    })
  }
  const unsubscribe = monitor.onSnapshot((snapshot) => {
    for (const window of ownWindows()) {
      const contents = window.webContents
      if (contents.isDestroyed() || !isOwnRendererUrl(contents.getURL())) continue
      contents.send(PushChannel.snapshot, snapshot)
    }
  })
  return () => {
    unsubscribe()
    for (const name of names) ipcMain.removeHandler(InvokeChannel[name])
  }
}

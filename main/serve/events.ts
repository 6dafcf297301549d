// Server-sent events: the browser's stand-in for the preload's onSnapshot.
// A full snapshot on connect, then one per monitor change, so a reconnecting
// EventSource never needs anything else to catch up.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Snapshot } from '../core/types.ts'
import type { SnapshotSource } from './snapshot-source.ts'

/** A client that stops reading is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

export interface EventStreams {
  open(req: IncomingMessage, res: ServerResponse): void
  /** Ends every open stream (server shutdown). */
  closeAll(): void
  count(): number
}

export function createEventStreams(monitor: SnapshotSource, heartbeatMs: number): EventStreams {
  const open = new Set<ServerResponse>()

  function send(res: ServerResponse, snapshot: Snapshot): void {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy()
      return
    }
    res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`)
  }

  return {
    open(req, res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      })
      res.flushHeaders()
      open.add(res)
      send(res, monitor.getSnapshot())
      const unsubscribe = monitor.onSnapshot((snapshot) => send(res, snapshot))
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs)
      heartbeat.unref()
      let cleaned = false
      const cleanUp = (): void => {
        if (cleaned) return
        cleaned = true
        unsubscribe()
        clearInterval(heartbeat)
        open.delete(res)
      }
      req.on('close', cleanUp)
      res.on('close', cleanUp)
    },
    closeAll() {
      for (const res of open) res.end()
    },
    count: () => open.size,
  }
}

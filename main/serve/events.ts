// Server-sent events: the browser's stand-in for the preload's pushes.
// The live snapshot on connect (license lists left out, numbered), then one
// small patch per monitor change (main/core/contract/snapshot-patch.ts), so a
// reconnecting EventSource catches up from its first event; a page that sees
// a gap in the numbers asks getLiveSnapshot.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { PushChannel, type PushName } from '../core/contract/contract.ts'
import type { Backend } from '../core/contract/backend.ts'

/** A client that stops reading is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

export interface EventStreams {
  open(req: IncomingMessage, res: ServerResponse): void
  /** Ends every open stream (server shutdown). */
  closeAll(): void
  count(): number
}

/** One stream per page: every push of the contract as `event: <push name>`. */
export function createEventStreams(backend: Backend, heartbeatMs: number): EventStreams {
  const open = new Set<ServerResponse>()
  // Every open stream gets the same push object in turn: serialise it once, not once per page (issue 11).
  const lastFrames = new Map<PushName, { payload: unknown; frame: string }>()

  function frameOf(name: PushName, payload: unknown): string {
    const last = lastFrames.get(name)
    if (last !== undefined && last.payload === payload) return last.frame
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`
    lastFrames.set(name, { payload, frame })
    return frame
  }

  function send(res: ServerResponse, name: PushName, payload: unknown): void {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy()
      return
    }
    res.write(frameOf(name, payload))
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
      send(res, 'snapshot', backend.liveSnapshot())
      const unsubscribes = (Object.keys(PushChannel) as PushName[]).map((name) =>
        backend.subscribe(name, (payload) => send(res, name, payload)),
      )
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs)
      heartbeat.unref()
      let cleaned = false
      const cleanUp = (): void => {
        if (cleaned) return
        cleaned = true
        for (const unsubscribe of unsubscribes) unsubscribe()
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

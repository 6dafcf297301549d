// A local HTTP "4D Server" read by the real poller or the real monitor over
// real sockets, for the tests of what one server's answer becomes (warnings,
// stale copies, the messages beside core's sentences). What a file starts
// here is stopped and closed after each of its tests.
import { afterEach } from 'vitest'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import { createPoller, type Poller } from '../../main/core/poll/poller.ts'
import type { ServerConfig, ServerState } from '../../main/core/types/index.ts'
import { sendJson, startLocalServer, type LocalServer } from './local-server.ts'

/** One retained 4D Client license, as 4D's published answer has it (product id "0009", a +01:00 time). */
export const CLIENT_RECORD = {
  productId: 808464441,
  productName: '4D Client',
  productUsedCount: 1,
  productBalance: 9,
  token: 7,
  time: '2026-11-28T10:15:02+01:00',
  session: { type: 'remote', userName: 'maria', state: 'active' },
}

/** The "Accounting" server at the local server's URL, polled every 5 s with a 4 s timeout (the defaults). */
function accounting(server: LocalServer, extra: Partial<ServerConfig>): ServerConfig {
  return { id: 's1', name: 'Accounting', url: server.url(), kind: 'http-json', intervalMs: 5000, timeoutMs: 4000, ...extra }
}

export interface PolledServer {
  /** The poller's state of "Accounting" after one poll of a local server that answers `body`. */
  pollOnce: (body: unknown, extra?: Partial<ServerConfig>) => Promise<ServerState>
  /** A monitor of "Accounting" at a local server that answers what `answer()` returns at each poll. */
  monitorOf: (answer: () => unknown) => Promise<Monitor>
}

/** Call at the top of a test file: registers the clean-up (poller or monitor stopped first, then the server closed). */
export function usePolledServer(): PolledServer {
  let server: LocalServer | null = null
  let reader: Poller | Monitor | null = null
  afterEach(async () => {
    await reader?.stop()
    await server?.close()
    reader = server = null
  })
  return {
    pollOnce: async (body, extra = {}) => {
      server = await startLocalServer((_req, res) => sendJson(res, 200, body))
      const poller = createPoller({ servers: [accounting(server, extra)], onChange: () => undefined })
      reader = poller
      await poller.pollNow()
      const state = poller.states()[0]
      if (!state) throw new Error('the poller lists no server')
      return state
    },
    monitorOf: async (answer) => {
      server = await startLocalServer((_req, res) => sendJson(res, 200, answer()))
      const monitor = createMonitor({ servers: [accounting(server, {})] })
      reader = monitor
      return monitor
    },
  }
}

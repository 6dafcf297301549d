// Applies a saved server list to the running monitor. With no server listed
// the monitor shows the demo (the built-in simulator, started on demand);
// the first server added stops it, removing the last one brings it back.
// Changes are applied one at a time, in the order they were saved.
import type { Monitor } from '../core/poll/monitor.ts'
import type { ServerConfig } from '../core/types/index.ts'

export interface DemoServers {
  servers: ServerConfig[]
  simulator: { stop(): Promise<void> }
}

export interface ServerApplier {
  apply(configs: ServerConfig[], listed: number): Promise<void>
  /** True while the demo is what the monitor polls. */
  isDemo(): boolean
  /** Stops the demo simulator if it runs (on quit). */
  stop(): Promise<void>
}

/** `running`: the demo the monitor was started with, if any. */
export function createServerApplier(monitor: Pick<Monitor, 'setServers'>, startDemo: () => Promise<DemoServers>, running: DemoServers | null = null): ServerApplier {
  let demo: DemoServers | null = running
  let queue: Promise<void> = Promise.resolve()

  async function applyNow(configs: ServerConfig[], listed: number): Promise<void> {
    if (listed === 0) {
      demo ??= await startDemo()
      monitor.setServers(demo.servers, true)
      return
    }
    monitor.setServers(configs, false)
    const running = demo
    demo = null
    await running?.simulator.stop()
  }

  return {
    apply(configs, listed) {
      const next = queue.then(() => applyNow(configs, listed))
      // A failed change (the simulator would not start) must not block the ones after it.
      queue = next.catch(() => undefined)
      return next
    },
    isDemo: () => demo !== null,
    async stop() {
      await queue
      const running = demo
      demo = null
      await running?.simulator.stop()
    },
  }
}

// The workspace: what the monitor works on, demo or real, as one object. A
// workspace is a data folder (<data>/demo or <data>), its servers (the
// built-in simulator's, or the admin's), its alert state (alerts.json in that
// folder) and its history (history.sqlite in that folder). The saved server
// list decides which one is open: none listed, the demo; any listed (disabled
// ones count: the admin paused them), the real one. Switching swaps all four
// here, in one call, so nothing downstream has to watch the snapshot's demo
// flag to follow.
import { join } from 'node:path'
import type { HistoryService } from '../core/history/history-service.ts'
import { recordIntervalMs } from '../core/history/history-service.ts'
import type { Monitor } from '../core/poll/monitor.ts'
import type { ServerConfig, TextMessage } from '../core/types/index.ts'
import { workspaceDir, type WorkspaceKind } from './data-dir.ts'

/** The alert state, inside the workspace's folder. */
export const ALERT_STATE_FILE = 'alerts.json'

/** The built-in simulator as the host starts it (main/simulator/demo.ts); injected, so nothing here loads the simulator. */
export interface DemoServers {
  servers: ServerConfig[]
  simulator: { stop(): Promise<void> }
}

export interface Workspace {
  kind: WorkspaceKind
  /** <data>/demo or <data>: the history and the alert state are kept here. */
  dataDir: string
  servers: ServerConfig[]
}

export interface WorkspaceOptions {
  /** The app's data folder (the real workspace's; the demo's is <dataDir>/demo). */
  dataDir: string
  monitor: Pick<Monitor, 'setServers' | 'useWorkspace'>
  history: Pick<HistoryService, 'open' | 'close'>
  startDemo: () => Promise<DemoServers>
  /** A sentence when a workspace's history could not be opened, or was damaged and moved aside (then with its catalogue message too). */
  onProblem?: (sentence: string, message?: TextMessage) => void
}

export interface Workspaces {
  /**
   * Applies a saved server list (createServerList's `apply`): `listed` counts
   * every saved server, disabled ones included (0: the demo). Changes run one
   * at a time, in the order they were saved; the first call opens a workspace.
   */
  apply(configs: ServerConfig[], listed: number): Promise<void>
  /** The open workspace; null before the first apply and after close. */
  current(): Workspace | null
  /** Closes the open workspace (its history; the demo simulator, if it runs) once pending changes are done. */
  close(): Promise<void>
}

export function createWorkspaces(options: WorkspaceOptions): Workspaces {
  let current: Workspace | null = null
  let simulator: DemoServers['simulator'] | null = null
  let queue: Promise<void> = Promise.resolve()
  let closed = false

  /** The one switch: history closed, monitor moved (servers + alert state), history opened in the new folder, old simulator stopped. */
  async function enter(kind: WorkspaceKind, configs: ServerConfig[]): Promise<void> {
    // Started first: a demo that cannot start leaves the open workspace as it was.
    const demo = kind === 'demo' ? await options.startDemo() : null
    const servers = demo?.servers ?? configs
    const dataDir = workspaceDir(options.dataDir, kind)
    // Closed before the monitor moves, opened after: no poll of one workspace lands in the other's history.
    options.history.close()
    options.monitor.useWorkspace({ servers, demo: kind === 'demo', alertStatePath: join(dataDir, ALERT_STATE_FILE) })
    current = { kind, dataDir, servers }
    const opened = options.history.open(dataDir, { intervalMs: recordIntervalMs(servers) })
    const problem = opened.ok ? opened.notice : opened.error
    if (problem !== null) options.onProblem?.(problem, opened.ok ? opened.noticeMessage : undefined)
    // Last: the monitor no longer polls it, and a simulator that stops badly must not keep the history closed.
    const previous = simulator
    simulator = demo?.simulator ?? null
    await previous?.stop()
  }

  async function applyNow(configs: ServerConfig[], listed: number): Promise<void> {
    // A save that lands while the app quits must not start a simulator nobody will stop.
    if (closed) return
    const kind: WorkspaceKind = listed === 0 ? 'demo' : 'real'
    if (current?.kind !== kind) return enter(kind, configs)
    // The demo's servers are the simulator's own: a save that leaves the list empty changes nothing.
    if (kind === 'real') {
      options.monitor.setServers(configs)
      current = { ...current, servers: configs }
    }
  }

  return {
    apply(configs, listed) {
      const next = queue.then(() => applyNow(configs, listed))
      // A failed change (the simulator would not start) must not block the ones after it.
      queue = next.catch(() => undefined)
      return next
    },
    current: () => current,
    async close() {
      closed = true
      await queue
      options.history.close()
      current = null
      const running = simulator
      simulator = null
      await running?.stop()
    },
  }
}

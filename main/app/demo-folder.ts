// The demo's made-up numbers live in <data>/demo, real ones in <data>
// (monitorDataDir). When the first real server is saved, or the last one
// removed, the snapshot's demo flag changes: the history then moves to the
// other folder. (The alert state moves inside the monitor, which swaps it in
// the same step as the server list: see MonitorOptions.alerts.statePathFor.)
import { monitorDataDir } from './data-dir.ts'
import type { HistoryHolder } from '../core/history/history-holder.ts'
import type { Snapshot } from '../core/types/index.ts'

export interface DemoFolderFollower {
  /** Resolves once every switch started so far has finished. */
  settled(): Promise<void>
  /** Stops following (the history itself is closed by its owner). */
  stop(): Promise<void>
}

export interface DemoFolderOptions {
  monitor: { onSnapshot(listener: (snapshot: Snapshot) => void): () => void }
  history: Pick<HistoryHolder, 'open'>
  /** The app's data folder (not monitorDataDir'd). */
  dataDir: string
  /** The demo flag the history was opened for. */
  demo: boolean
  /** A sentence when the history in the new folder could not be opened, or was damaged and moved aside. */
  onProblem?: (sentence: string) => void
}

export function followDemoFolder(options: DemoFolderOptions): DemoFolderFollower {
  let demo = options.demo
  let queue: Promise<void> = Promise.resolve()
  let stopped = false

  async function switchTo(next: boolean): Promise<void> {
    if (stopped) return
    const started = await options.history.open(monitorDataDir(options.dataDir, next), next)
    const problem = started.ok ? started.history.store.notice : started.error
    if (problem !== null) options.onProblem?.(problem)
  }

  const unsubscribe = options.monitor.onSnapshot((snapshot) => {
    if (snapshot.demo === demo) return
    demo = snapshot.demo
    // Switches run one after another, in the order the flag changed.
    queue = queue.then(() => switchTo(snapshot.demo)).catch(() => undefined)
  })

  return {
    settled: () => queue,
    async stop() {
      stopped = true
      unsubscribe()
      await queue
    },
  }
}

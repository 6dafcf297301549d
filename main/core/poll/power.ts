// Sleep, wake and the network, as the monitor lives through them. The host
// gives the events (Electron's powerMonitor and online/offline:
// main/electron/power.ts); this decides what they mean:
//
//   suspend        -> history stops recording, polling pauses (a poll in
//                     flight finishes first). Nothing fails while asleep, so
//                     no "unreachable" counts up for the time the machine slept.
//   resume         -> wait for the network (at most networkGraceMs: Wi-Fi
//                     takes seconds to come back, and a poll before that
//                     would count as a failure toward "unreachable"), then
//                     polling resumes with every server polled at once, and
//                     the history records again: the sleep is a gap in it,
//                     marked as time the monitor was not recording.
//   online         -> after a resume: as above. While running: every server
//                     polled at once, so the table is fresh in seconds.
//   unlock         -> every server polled at once (the admin is back).
//
// Backoff: a poll-now is one poll per server; afterwards each server's own
// loop goes on with its backoff (capped as usual). A pause the user chose
// (tray "Pause polling") is kept across sleep: waking never un-pauses it.
import type { HistoryService } from '../history/history-service.ts'
import type { Monitor } from './monitor.ts'
import type { PollerClock } from './poller.ts'

export type PowerEvent = 'suspend' | 'resume' | 'online' | 'offline' | 'unlock'

export interface PowerSource {
  /** Calls the listener with each event; returns the unsubscribe. */
  onEvent(listener: (event: PowerEvent) => void): () => void
  /** Whether the machine has a network connection now (Electron: net.isOnline()). */
  isOnline(): boolean
}

export interface PowerWatchOptions {
  monitor: Pick<Monitor, 'pause' | 'resume' | 'isPaused' | 'pollNow'>
  history: Pick<HistoryService, 'pause' | 'resume'>
  source: PowerSource
  clock: PollerClock
  /** Longest wait for the network after a resume before polling anyway (default 30 s). */
  networkGraceMs?: number
  /** Where a failed poll-now is reported (default: dropped; the snapshot shows each server's error). */
  onError?: (error: unknown) => void
}

/** running: polling as usual; asleep: between suspend and resume; waking: resumed, waiting for the network. */
export type PowerState = 'running' | 'asleep' | 'waking'

export interface PowerWatch {
  state(): PowerState
  /** Resolves once the work started by the events so far (pausing, polling) is done; for tests and quitting. */
  idle(): Promise<void>
  stop(): void
}

export const DEFAULT_NETWORK_GRACE_MS = 30_000

export function watchPower(options: PowerWatchOptions): PowerWatch {
  const { monitor, history, source, clock } = options
  const graceMs = options.networkGraceMs ?? DEFAULT_NETWORK_GRACE_MS
  let state: PowerState = 'running'
  /** The user's own pause, seen at suspend: kept after waking. */
  let pausedByUser = false
  let graceTimer: unknown = null
  // Every step runs after the previous one: a resume never overtakes the pause of its suspend.
  let work: Promise<void> = Promise.resolve()

  function then(step: () => Promise<void> | void): void {
    work = work.then(step).catch((error: unknown) => options.onError?.(error))
  }

  function pollAll(): void {
    then(() => monitor.pollNow())
  }

  function suspend(): void {
    if (state === 'waking') cancelGrace()
    else if (state === 'running') pausedByUser = monitor.isPaused()
    state = 'asleep'
    history.pause()
    then(() => monitor.pause())
  }

  function wake(): void {
    cancelGrace()
    state = 'running'
    if (pausedByUser) {
      then(() => history.resume())
      return
    }
    // Record again only once fresh answers are in: a record of the pre-sleep snapshot would read as current.
    then(async () => {
      try {
        monitor.resume()
        await monitor.pollNow()
      } finally {
        history.resume()
      }
    })
  }

  function cancelGrace(): void {
    if (graceTimer !== null) clock.clearTimeout(graceTimer)
    graceTimer = null
  }

  function onEvent(event: PowerEvent): void {
    switch (event) {
      case 'suspend':
        suspend()
        return
      case 'resume':
        if (state !== 'asleep') return
        if (source.isOnline()) {
          wake()
          return
        }
        state = 'waking'
        graceTimer = clock.setTimeout(() => {
          graceTimer = null
          if (state === 'waking') wake()
        }, graceMs)
        return
      case 'online':
        if (state === 'waking') wake()
        else if (state === 'running' && !monitor.isPaused()) pollAll()
        return
      case 'unlock':
        if (state === 'running' && !monitor.isPaused()) pollAll()
        return
      case 'offline':
        // Polls fail while offline, as they should: an admin whose monitor lost the network is told by the unreachable alerts.
        return
    }
  }

  const unsubscribe = source.onEvent(onEvent)
  return {
    state: () => state,
    idle: () => work,
    stop() {
      cancelGrace()
      unsubscribe()
    },
  }
}

// Electron's side of sleep and network (the decisions are in
// main/core/poll/power.ts): powerMonitor's suspend, resume and unlock-screen,
// and the network, which main can only ask about (net.isOnline(); the
// online/offline events exist only in pages), so it is checked every few
// seconds. lock-screen changes nothing: a locked monitor should still alert.
import { net, powerMonitor } from 'electron'
import type { HistoryService } from '../core/history/history-service.ts'
import type { Monitor } from '../core/poll/monitor.ts'
import { systemClock } from '../core/poll/poller.ts'
import { watchPower, type PowerSource } from '../core/poll/power.ts'

export const NETWORK_CHECK_MS = 3_000

export function electronPowerSource(checkEveryMs = NETWORK_CHECK_MS): PowerSource {
  return {
    isOnline: () => net.isOnline(),
    onEvent(listener) {
      // One line per event: powerMonitor's typed overloads take no union of names.
      const onSuspend = () => listener('suspend')
      const onResume = () => listener('resume')
      const onUnlock = () => listener('unlock')
      powerMonitor.on('suspend', onSuspend)
      powerMonitor.on('resume', onResume)
      powerMonitor.on('unlock-screen', onUnlock)
      let online = net.isOnline()
      const check = setInterval(() => {
        const now = net.isOnline()
        if (now === online) return
        online = now
        listener(now ? 'online' : 'offline')
      }, checkEveryMs)
      // The check must never keep the process alive on quit.
      check.unref()
      return () => {
        clearInterval(check)
        powerMonitor.off('suspend', onSuspend)
        powerMonitor.off('resume', onResume)
        powerMonitor.off('unlock-screen', onUnlock)
      }
    },
  }
}

/** Pauses across sleep and refreshes on wake; returns the teardown. */
export function setupPower(monitor: Monitor, history: HistoryService, onError?: (error: unknown) => void): () => void {
  const watch = watchPower({ monitor, history, source: electronPowerSource(), clock: systemClock, onError })
  return () => watch.stop()
}

// Alerting as the app starts it: the saved thresholds and notifications
// switch loaded, the notice hub that every display listens to, the monitor's
// `alerts` options and the backend's alert services. The alert state itself
// belongs to the workspace (its folder's alerts.json), not to this set-up.
import type { AlertServices } from '../core/contract/alert-handlers.ts'
import type { AlertSettingsStore } from '../core/alerts/alert-settings.ts'
import { createNoticeHub, type NoticeHub } from '../core/alerts/notice-hub.ts'
import type { MonitorOptions } from '../core/poll/monitor.ts'
import type { AppHost } from './host.ts'

export interface AlertsSetup {
  notices: NoticeHub
  /** createMonitor's `alerts`: rules and the notice sink (the workspace gives the monitor its state). */
  monitorOptions: NonNullable<MonitorOptions['alerts']>
  /** createBackend's `alerts`, once the monitor exists. */
  services(monitor: AlertServices['monitor']): AlertServices
}

export function setupAlerts(settings: AlertSettingsStore, showProblem: AppHost['showProblem']): AlertsSetup {
  const loaded = settings.load()
  if (loaded.problem !== null) showProblem('alert-settings', loaded.problem)
  const notices = createNoticeHub({ notificationsEnabled: loaded.notificationsEnabled })
  return {
    notices,
    monitorOptions: { config: loaded.config, onNotice: (notice) => notices.publish(notice) },
    services: (monitor) => ({ monitor, notices, settings, loadProblem: loaded.problem }),
  }
}

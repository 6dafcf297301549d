// Alerting as the two entry points (Electron, served mode) start it: saved
// settings loaded, the notice hub, the monitor's `alerts` options and the
// backend's alert services, from one folder and one settings store.

import { join } from 'node:path'
import type { AlertServices } from '../core/contract/alert-handlers.ts'
import { monitorDataDir } from './data-dir.ts'
import type { Monitor, MonitorOptions } from '../core/poll/monitor.ts'
import { alertSettingsFile, type AlertSettingsStore } from '../core/alerts/alert-settings.ts'
import { createNoticeHub, type NoticeHub } from '../core/alerts/notice-hub.ts'

/** The alert state, inside the monitor's data folder (see monitorDataDir: the demo has its own). */
export const ALERT_STATE_FILE = 'alerts.json'
/** The served mode's thresholds and notifications switch, in the app's data folder whatever the demo flag. */
export const ALERT_CONFIG_FILE = 'alert-config.json'

export interface AlertSetup {
  hub: NoticeHub
  /** Pass as createMonitor's `alerts`. */
  monitorOptions: NonNullable<MonitorOptions['alerts']>
  /** Sentence when the saved settings could not be used; null when fine. */
  problem: string | null
  /** Pass as createBackend's `alerts`, once the monitor exists. */
  services(monitor: AlertServices['monitor']): AlertServices
}

/**
 * The served mode's settings: <appDataDir>/alert-config.json. Versions that
 * kept the demo's thresholds in <appDataDir>/demo are read from there until
 * the file is first saved in its own place.
 */
export function servedAlertSettings(appDataDir: string): AlertSettingsStore {
  return alertSettingsFile(join(appDataDir, ALERT_CONFIG_FILE), join(monitorDataDir(appDataDir, true), ALERT_CONFIG_FILE))
}

/**
 * `dataDir` is the monitor's data folder (already monitorDataDir'd); the
 * settings default to <dataDir>/alert-config.json (Electron passes its store).
 */
export function setupAlerts(dataDir: string, settings: AlertSettingsStore = alertSettingsFile(join(dataDir, ALERT_CONFIG_FILE))): AlertSetup {
  const loaded = settings.load()
  const hub = createNoticeHub({ notificationsEnabled: loaded.notificationsEnabled })
  return {
    hub,
    monitorOptions: { config: loaded.config, statePath: join(dataDir, ALERT_STATE_FILE), onNotice: (notice) => hub.publish(notice) },
    problem: loaded.problem,
    services: (monitor: Pick<Monitor, 'getSnapshot' | 'snooze' | 'unsnooze' | 'setAlertConfig' | 'alertConfig'>) => ({ monitor, notices: hub, settings, loadProblem: loaded.problem }),
  }
}

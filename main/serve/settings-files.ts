// The served mode's settings, as files an admin can also write by hand: the
// server list (--config, else <data>/servers.json), the alert thresholds
// (<data>/alert-config.json) and the history retention
// (<data>/history-config.json). All three stay in <data> whichever workspace,
// demo or real, is open.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { AppHost } from '../app/host.ts'
import { workspaceDir } from '../app/data-dir.ts'
import { alertSettingsFile, type AlertSettingsStore } from '../core/alerts/alert-settings.ts'
import { HISTORY_CONFIG_FILE, historySettingsFile } from '../core/history/history-settings.ts'
import { createFilePersistence } from '../core/servers/file-persistence.ts'

export const SERVERS_FILE = 'servers.json'
export const ALERT_CONFIG_FILE = 'alert-config.json'

/**
 * <data>/alert-config.json. Versions that kept the demo's thresholds in
 * <data>/demo are read from there until the file is first saved in its own place.
 */
export function servedAlertSettings(dataDir: string): AlertSettingsStore {
  return alertSettingsFile(join(dataDir, ALERT_CONFIG_FILE), join(workspaceDir(dataDir, 'demo'), ALERT_CONFIG_FILE))
}

/** Throws a sentence naming the file when the server list is missing (an explicit --config) or malformed. */
export function servedSettings(config: string | null, dataDir: string): Pick<AppHost, 'servers' | 'alertSettings' | 'historySettings'> {
  if (config !== null && !existsSync(config)) throw new Error(`${config}: file not found`)
  return {
    servers: createFilePersistence({ path: config ?? join(dataDir, SERVERS_FILE) }),
    alertSettings: servedAlertSettings(dataDir),
    historySettings: historySettingsFile(join(dataDir, HISTORY_CONFIG_FILE)),
  }
}

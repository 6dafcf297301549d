// The local history as the app starts it: the saved retention loaded, the one
// history service (opened and closed by the workspace), and the backend's
// history services: chart, holders, exports, retention settings.
import type { HistoryServices } from '../core/contract/history-handlers.ts'
import { createHistoryService, type HistoryService } from '../core/history/history-service.ts'
import { retentionSettingsOf } from '../core/history/history-settings.ts'
import type { Snapshot } from '../core/types/index.ts'
import type { AppHost, SaveExport } from './host.ts'

export interface HistorySetup {
  service: HistoryService
  /** createBackend's `history`. */
  services: HistoryServices
  /** The host's way of saving an export, bound to the history; null in the served mode. */
  saveExport: SaveExport | null
}

export function setupHistory(
  monitor: { getSnapshot(): Snapshot },
  host: Pick<AppHost, 'historySettings' | 'showProblem' | 'saveExport' | 'log'>,
): HistorySetup {
  const loaded = host.historySettings.load()
  if (loaded.problem !== null) host.showProblem('history', loaded.problem)
  const log = host.log ?? ((line: string) => console.error(line))
  const service = createHistoryService(monitor, { retention: retentionSettingsOf(loaded.retention), onError: log })
  // The service, not a store: exports read whichever history is open when they run.
  const saveExport = host.saveExport?.(service.store) ?? null
  const services: HistoryServices = {
    store: service.store,
    recordingProblem: () => service.problem(),
    retention: { settings: host.historySettings, loaded, apply: (retention) => service.setRetention(retentionSettingsOf(retention)) },
    ...(saveExport ? { saveExport } : {}),
  }
  return { service, services, saveExport }
}

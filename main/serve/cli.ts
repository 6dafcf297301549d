// `npm run serve`: the monitor in a browser tab, without Electron.
// The admin's servers (--config, else <data>/servers.json, edited in the
// page's Servers view); the demo simulator while that list is empty.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createMonitor } from '../core/poll/monitor.ts'
import { createServerApplier } from '../app/apply-servers.ts'
import { createFilePersistence } from '../core/servers/file-persistence.ts'
import { createServerList } from '../core/servers/server-list.ts'
import { startDemo } from '../simulator/demo.ts'
import type { ServerConfig } from '../core/types/index.ts'
import type { SimulatorHandle } from '../simulator/api.ts'
import { createBackend } from '../core/contract/backend.ts'
import { ALERT_STATE_FILE, servedAlertSettings, setupAlerts } from '../app/alert-setup.ts'
import { monitorDataDir } from '../app/data-dir.ts'
import { createHistoryHolder } from '../core/history/history-holder.ts'
import { HISTORY_CONFIG_FILE, historySettingsFile, retentionSettingsOf } from '../core/history/history-settings.ts'
import { recordIntervalMs } from '../core/history/running-history.ts'
import { followDemoFolder } from '../app/demo-folder.ts'
import { parseServeArgs } from './cli-args.ts'
import { startServeServer } from './server.ts'
import { startMetricsFromCli } from '../metrics/serve-hook.ts'

type FilePersistence = ReturnType<typeof createFilePersistence>

async function loadServers(config: string | null, dataDir: string): Promise<{ servers: ServerConfig[]; simulator: SimulatorHandle | null; persistence: FilePersistence }> {
  if (config !== null && !existsSync(config)) throw new Error(`${config}: file not found`)
  const persistence = createFilePersistence({ path: config ?? join(dataDir, 'servers.json') })
  const records = persistence.read()
  if (records.length === 0) {
    const demo = await startDemo()
    return { servers: demo.servers, simulator: demo.simulator, persistence }
  }
  return { servers: records.filter((record) => record.enabled).map((record) => persistence.toConfig(record)), simulator: null, persistence }
}

async function main(): Promise<void> {
  const parsed = parseServeArgs(process.argv.slice(2))
  if (!parsed.ok) {
    console.error(parsed.error)
    process.exit(2)
  }
  const { options } = parsed
  let loaded
  try {
    loaded = await loadServers(options.config, options.dataDir)
  } catch (error) {
    // The config loader's message names the file and the problem; a stack trace would only bury it.
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
  // Alert state lives beside the history (the demo's in <data>/demo, apart from real ones); thresholds stay in <data>.
  const demo = loaded.simulator !== null
  const alerts = setupAlerts(monitorDataDir(options.dataDir, demo), servedAlertSettings(options.dataDir))
  if (alerts.problem) console.error(alerts.problem)
  const statePathFor = (isDemo: boolean): string => join(monitorDataDir(options.dataDir, isDemo), ALERT_STATE_FILE)
  const monitor = createMonitor({ servers: loaded.servers, demo, alerts: { ...alerts.monitorOptions, statePathFor } })
  monitor.start()
  // Retention from <data>/history-config.json; history and alert state follow the demo flag between <data>/demo and <data>.
  const historySettings = historySettingsFile(join(options.dataDir, HISTORY_CONFIG_FILE))
  const retention = historySettings.load()
  if (retention.problem) console.error(retention.problem)
  const history = createHistoryHolder(monitor, {
    intervalMs: recordIntervalMs(loaded.servers),
    retention: retentionSettingsOf(retention.retention),
    onError: (sentence) => console.error(sentence),
  })
  const started = await history.open(monitorDataDir(options.dataDir, demo), demo)
  if (!started.ok) console.error(started.error)
  else if (started.history.store.notice) console.error(started.history.store.notice)
  const follower = followDemoFolder({ monitor, history, dataDir: options.dataDir, demo, onProblem: (sentence) => console.error(sentence) })
  const applier = createServerApplier(monitor, startDemo, loaded.simulator ? { servers: loaded.servers, simulator: loaded.simulator } : null)
  const servers = createServerList({ persistence: loaded.persistence, apply: (configs, listed) => applier.apply(configs, listed) })
  const historyServices = {
    store: history.store,
    recordingProblem: history.problem,
    retention: { settings: historySettings, loaded: retention, apply: (next: typeof retention.retention) => history.setRetention(retentionSettingsOf(next)) },
  }
  const backend = createBackend({ monitor, servers, alerts: alerts.services(monitor), history: historyServices })
  let server
  try {
    server = await startServeServer({ monitor, backend, history: history.store, port: options.port, token: options.token, staticDir: options.staticDir })
  } catch (error) {
    const inUse = (error as { code?: unknown }).code === 'EADDRINUSE'
    console.error(inUse ? `Port ${options.port} on 127.0.0.1 is already in use: pass --port with another number, or --port 0 for any free one.` : `The server could not start: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  console.log(`Listening on ${server.url}`)
  console.log(`Open ${server.url}/?token=${options.token}`)
  // Prometheus metrics on their own listener (issue 13); off unless --metrics-listen is given.
  const metrics = await startMetricsFromCli(monitor, options.metrics)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    // monitor.stop() also logs out of REST sessions (each holds a 4D Client license), within about 2 s.
    await Promise.allSettled([monitor.stop(), server.close(), applier.stop(), follower.stop(), metrics?.close()])
    await history.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(`The monitor could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})

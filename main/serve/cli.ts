// `npm run serve`: the monitor in a browser tab, without Electron.
// The admin's servers (--config, else <data>/servers.json, edited in the
// page's Servers view); the demo simulator while that list is empty.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createMonitor } from '../core/monitor.ts'
import { createServerApplier } from '../core/servers/apply-servers.ts'
import { createFilePersistence } from '../core/servers/file-persistence.ts'
import { createServerList } from '../core/servers/server-list.ts'
import { startDemo } from '../simulator/demo.ts'
import type { ServerConfig } from '../core/types.ts'
import type { SimulatorHandle } from '../simulator/api.ts'
import { createBackend } from '../core/api/backend.ts'
import { setupAlerts } from '../core/alerts/alert-setup.ts'
import { monitorDataDir } from '../core/history/data-dir.ts'
import { recordIntervalMs, startHistory } from '../core/history/running-history.ts'
import { parseServeArgs } from './cli-args.ts'
import { startServeServer } from './server.ts'

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
  // Alert state and thresholds live beside the history (the demo's in <data>/demo, apart from real ones).
  const alerts = setupAlerts(monitorDataDir(options.dataDir, loaded.simulator !== null))
  if (alerts.problem) console.error(alerts.problem)
  const monitor = createMonitor({ servers: loaded.servers, demo: loaded.simulator !== null, alerts: alerts.monitorOptions })
  monitor.start()
  const started = startHistory(monitorDataDir(options.dataDir, loaded.simulator !== null), monitor, {
    intervalMs: recordIntervalMs(loaded.servers),
    onError: (sentence) => console.error(sentence),
  })
  if (!started.ok) console.error(started.error)
  const history = started.ok ? started.history : null
  if (history?.store.notice) console.error(history.store.notice)
  const applier = createServerApplier(monitor, startDemo, loaded.simulator ? { servers: loaded.servers, simulator: loaded.simulator } : null)
  const servers = createServerList({ persistence: loaded.persistence, apply: (configs, listed) => applier.apply(configs, listed) })
  const backend = createBackend({ monitor, servers, alerts: alerts.services(monitor), history: history ? { store: history.store, recordingProblem: history.recording.problem } : undefined })
  let server
  try {
    server = await startServeServer({ monitor, backend, history: history?.store, port: options.port, token: options.token, staticDir: options.staticDir })
  } catch (error) {
    const inUse = (error as { code?: unknown }).code === 'EADDRINUSE'
    console.error(inUse ? `Port ${options.port} on 127.0.0.1 is already in use: pass --port with another number, or --port 0 for any free one.` : `The server could not start: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  console.log(`Listening on ${server.url}`)
  console.log(`Open ${server.url}/?token=${options.token}`)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await Promise.allSettled([monitor.stop(), server.close(), applier.stop(), history?.close()])
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(`The monitor could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})

// `npm run serve`: the monitor in a browser tab, without Electron.
// Demo simulator when no --config is given, else the admin's servers.
import { createMonitor } from '../core/monitor.ts'
import { loadServersConfig } from '../core/config.ts'
import { startDemo } from '../simulator/demo.ts'
import type { ServerConfig } from '../core/types.ts'
import type { SimulatorHandle } from '../simulator/api.ts'
import { createBackend } from '../core/api/backend.ts'
import { setupAlerts } from '../core/alerts/alert-setup.ts'
import { monitorDataDir } from '../core/history/data-dir.ts'
import { recordIntervalMs, startHistory } from '../core/history/running-history.ts'
import { parseServeArgs } from './cli-args.ts'
import { startServeServer } from './server.ts'

async function loadServers(config: string | null): Promise<{ servers: ServerConfig[]; simulator: SimulatorHandle | null }> {
  if (config === null) {
    const demo = await startDemo()
    return { servers: demo.servers, simulator: demo.simulator }
  }
  return { servers: await loadServersConfig(config), simulator: null }
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
    loaded = await loadServers(options.config)
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
  const backend = createBackend({ monitor, alerts: alerts.services(monitor), history: history ? { store: history.store, recordingProblem: history.recording.problem } : undefined })
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
    await Promise.allSettled([monitor.stop(), server.close(), loaded.simulator?.stop(), history?.close()])
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(`The monitor could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})

// `npm run serve`: the monitor in a browser tab, without Electron. The
// backend is the composition root's (main/app); this host adds its settings
// files, printed problems and the HTTP server on 127.0.0.1.
import { createApp, type App } from '../app/create-app.ts'
import { loadCapacitySettings } from '../core/capacity/capacity-settings.ts'
import { startDemo } from '../simulator/demo.ts'
import { parseServeArgs } from './cli-args.ts'
import { startServeServer, type ServeServer } from './server.ts'
import { servedSettings } from './settings-files.ts'
import { startMetricsFromCli } from '../metrics/serve-hook.ts'
import { errorSentence } from '../core/util/errors.ts'

async function main(): Promise<void> {
  const parsed = parseServeArgs(process.argv.slice(2))
  if (!parsed.ok) {
    console.error(parsed.error)
    process.exit(2)
  }
  const { options } = parsed
  let core: App
  try {
    const settings = servedSettings(options.config, options.dataDir)
    core = await createApp({ ...settings, dataDir: options.dataDir, startDemo, showProblem: (_topic, sentence) => console.error(sentence) })
  } catch (error) {
    // The config loader's message names the file and the problem; a stack trace would only bury it.
    console.error(errorSentence(error))
    process.exit(1)
  }
  let server: ServeServer
  try {
    server = await startServeServer({
      monitor: core.monitor,
      backend: core.backend,
      history: {
        // Read at each download: the open workspace's history, and the settings as saved then.
        get db() {
          return core.history.store.db
        },
        capacitySettings: () => loadCapacitySettings(options.dataDir).settings,
        language: () => core.appearance.view().language,
      },
      port: options.port,
      token: options.token,
      staticDir: options.staticDir,
    })
  } catch (error) {
    const inUse = (error as { code?: unknown }).code === 'EADDRINUSE'
    console.error(
      inUse
        ? `Port ${options.port} on 127.0.0.1 is already in use: pass --port with another number, or --port 0 for any free one.`
        : `The server could not start: ${errorSentence(error)}`,
    )
    process.exit(1)
  }
  console.log(`Listening on ${server.url}`)
  console.log(`Open ${server.url}/?token=${options.token}`)
  // Prometheus metrics on their own listener (issue 13); off unless --metrics-listen is given.
  const metrics = await startMetricsFromCli(core.monitor, options.metrics)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await Promise.allSettled([core.stop(), server.close(), metrics?.close()])
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(`The monitor could not start: ${errorSentence(error)}`)
  process.exit(1)
})

// Prometheus metrics from the desktop app (issue 13): the served mode's
// listener (main/metrics/listener.ts), started from the `metrics` block of
// desktop.json instead of flags. Off by default. The admin writes the address
// and the token in the file (the token as {"env": "NAME"} keeps it out of the
// file); the tray's check box turns the listener on and off and the choice is
// saved. Plain Node: the Electron glue only shows the item and the sentences.

import type { Monitor } from '../core/poll/monitor.ts'
import { errorSentence } from '../core/util/errors.ts'
import { resolveMetricsConfig } from '../metrics/metrics-config.ts'
import { listenerStartProblem } from '../metrics/serve-hook.ts'
import { startMetricsListener, type MetricsListener } from '../metrics/listener.ts'
import { desktopSettingsPath, type DesktopSettingsFile } from './desktop-settings.ts'

export interface DesktopMetrics {
  /** The saved choice (the listener may still be down: see running()). */
  enabled(): boolean
  running(): boolean
  /** e.g. "http://127.0.0.1:9470/metrics" while running, else the address from the settings. */
  where(): string
  /** Saves the choice and starts or stops the listener; rejects with a sentence, and then nothing is saved. */
  set(enabled: boolean): Promise<void>
  /** Stops the listener, keeping the choice (quit). */
  stop(): Promise<void>
}

export interface DesktopMetricsOptions {
  monitor: Pick<Monitor, 'getSnapshot' | 'onSnapshot'>
  settings: DesktopSettingsFile
  /** The folder of desktop.json: named in sentences, and relative TLS paths start there. */
  dataDir: string
  env?: NodeJS.ProcessEnv
  version?: string
}

/**
 * Opens the metrics part of the desktop settings and, when it is on, starts
 * the listener. `startProblem` is the sentence for a listener that was on and
 * could not start (the choice stays on: fixing the cause and restarting is enough).
 */
export async function setupDesktopMetrics(options: DesktopMetricsOptions): Promise<DesktopMetrics & { startProblem: string | null }> {
  const file = desktopSettingsPath(options.dataDir)
  let listener: MetricsListener | null = null

  async function start(): Promise<void> {
    const settings = options.settings.read().metrics
    if (settings.token === undefined)
      throw new Error(
        `Prometheus metrics need a token: add "token": {"env": "NAME"} (or a text of 16 characters or more) to "metrics" in ${file}, then try again.`,
      )
    const resolved = resolveMetricsConfig(
      { listen: settings.listen, token: settings.token, ...(settings.tls ? { tls: settings.tls } : {}) },
      `${file} "metrics"`,
      options.dataDir,
      options.env ?? process.env,
    )
    if (!resolved.ok) throw new Error(resolved.error)
    const { host, port } = resolved.options
    try {
      listener = await startMetricsListener({ monitor: options.monitor, version: options.version, ...resolved.options })
    } catch (error) {
      throw new Error(listenerStartProblem(error, `${host}:${port}`, `change "metrics"."listen" in ${file}`))
    }
  }

  async function stopListener(): Promise<void> {
    const running = listener
    listener = null
    await running?.close()
  }

  let startProblem: string | null = null
  if (options.settings.read().metrics.enabled) {
    try {
      await start()
    } catch (error) {
      startProblem = errorSentence(error)
    }
  }

  return {
    startProblem,
    enabled: () => options.settings.read().metrics.enabled,
    running: () => listener !== null,
    where: () => (listener ? `${listener.url}/metrics` : options.settings.read().metrics.listen),
    async set(enabled) {
      if (enabled) {
        if (listener === null) await start()
      } else {
        await stopListener()
      }
      options.settings.update({ metrics: { ...options.settings.read().metrics, enabled } })
    },
    stop: stopListener,
  }
}

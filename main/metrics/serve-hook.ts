// What `npm run serve` does with the metrics flags: start the listener, say
// where it is, and stop the process with a sentence when it cannot listen.
// One call from main/serve/cli.ts, so the composition root stays free to move.
// The desktop app words its start problems with the same listenerStartProblem.

import { isIP } from 'node:net'
import type { Monitor } from '../core/poll/monitor.ts'
import type { MetricsListenOptions } from './listen-options.ts'
import { startMetricsListener, type MetricsListener } from './listener.ts'
import { errorSentence } from '../core/util/errors.ts'

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'))
}

export async function startMetricsFromCli(
  monitor: Pick<Monitor, 'getSnapshot' | 'onSnapshot'>,
  options: MetricsListenOptions | null,
): Promise<MetricsListener | null> {
  if (options === null) return null
  try {
    const listener = await startMetricsListener({ monitor, ...options })
    console.log(`Metrics on ${listener.url}/metrics (Bearer token required)`)
    if (!options.tls && !isLoopback(options.host)) {
      console.warn(
        `Metrics listen on ${options.host} over plain http: the token crosses the network in clear; add --metrics-tls-cert and --metrics-tls-key.`,
      )
    }
    return listener
  } catch (error) {
    console.error(
      listenerStartProblem(
        error,
        `${options.host}:${options.port}`,
        'pass another --metrics-listen (or "listen" in the --metrics-config file)',
      ),
    )
    process.exit(1)
  }
}

/** Why the listener did not start on `where`, ending with what the admin should do (`fix`) when the address is at fault. */
export function listenerStartProblem(error: unknown, where: string, fix: string): string {
  const code = (error as { code?: unknown }).code
  if (code === 'EADDRINUSE') return `The metrics port ${where} is already in use: ${fix}.`
  if (code === 'EADDRNOTAVAIL') return `The metrics address ${where} is not an address of this machine: ${fix}.`
  return `The metrics listener could not start on ${where}: ${errorSentence(error)}`
}

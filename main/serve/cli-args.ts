// Flags of `npm run serve`, parsed into options or a sentence for the user.
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { homedir } from 'node:os'
import { parseFlags } from '../core/util/cli-flags.ts'
import { appDataDir } from '../app/data-dir.ts'
import { METRICS_USAGE, type MetricsListenOptions } from '../metrics/listen-options.ts'
import { parseMetricsOptions } from '../metrics/metrics-config.ts'

export interface ServeCliOptions {
  /** servers.json; null runs the built-in demo simulator. */
  config: string | null
  port: number
  token: string
  staticDir: string
  /** Folder of the local history and alert state (default: the app's data folder, as Electron's userData). */
  dataDir: string
  /** The Prometheus metrics listener (main/metrics/); null when --metrics-listen is absent. */
  metrics: MetricsListenOptions | null
}

export type ParsedArgs = { ok: true; options: ServeCliOptions } | { ok: false; error: string }

export const DEFAULT_PORT = 8470
/** out/renderer of this checkout, wherever the command is run from. */
export const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, '../../out/renderer')

export const USAGE =
  'Usage: node main/serve/cli.ts [--config servers.json] [--port 8470] [--token T] [--static DIR] [--data DIR] ' + METRICS_USAGE

export function parseServeArgs(argv: string[]): ParsedArgs {
  const parsed = parseFlags(argv, {
    config: { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string' },
    static: { type: 'string' },
    data: { type: 'string' },
    'metrics-listen': { type: 'string' },
    'metrics-token': { type: 'string' },
    'metrics-token-env': { type: 'string' },
    'metrics-tls-cert': { type: 'string' },
    'metrics-tls-key': { type: 'string' },
    'metrics-config': { type: 'string' },
  })
  if (!parsed.ok) {
    return { ok: false, error: `${parsed.error}\n${USAGE}` }
  }
  const { values } = parsed
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535 || values.port?.trim() === '') {
    return { ok: false, error: `--port must be a whole number from 0 to 65535, not "${values.port}".\n${USAGE}` }
  }
  if (values.token !== undefined && values.token.length === 0) {
    return { ok: false, error: `--token must not be empty; omit it to get a random one.\n${USAGE}` }
  }
  const metrics = parseMetricsOptions(values)
  if (!metrics.ok) return { ok: false, error: `${metrics.error}\n${USAGE}` }
  return {
    ok: true,
    options: {
      config: values.config ?? null,
      port,
      token: values.token ?? randomBytes(32).toString('base64url'),
      staticDir: values.static === undefined ? DEFAULT_STATIC_DIR : resolve(values.static),
      dataDir:
        values.data === undefined ? appDataDir({ platform: process.platform, env: process.env, home: homedir() }) : resolve(values.data),
      metrics: metrics.options,
    },
  }
}

// Flags of `npm run -s check`, parsed into a request or a sentence (which the
// check prints as UNKNOWN, exit 3, as the Monitoring Plugins guidelines ask).

import { parseFlags } from '../core/util/cli-flags.ts'
import { parseCondition, type Condition } from './thresholds.ts'

export interface CheckArgs {
  config: string
  machine?: string
  product?: string
  warning: Condition | null
  critical: Condition | null
  timeoutMs: number
  json: boolean
}

export const CHECK_USAGE =
  'Usage: npm run -s check -- --config servers.json [--machine M] [--product P] [--warning 80%|3] [--critical 95%|1] [--timeout 10] [--json]'

export const DEFAULT_TIMEOUT_S = 10
const MAX_TIMEOUT_S = 3600

export function parseCheckArgs(argv: string[]): { ok: true; args: CheckArgs } | { ok: false; error: string } {
  const parsed = parseFlags(argv, {
    config: { type: 'string' },
    machine: { type: 'string' },
    product: { type: 'string' },
    warning: { type: 'string', short: 'w' },
    critical: { type: 'string', short: 'c' },
    timeout: { type: 'string', short: 't' },
    json: { type: 'boolean' },
  })
  if (!parsed.ok) {
    return { ok: false, error: `${parsed.error} ${CHECK_USAGE}` }
  }
  const { values } = parsed
  if (values.config === undefined || values.config.trim() === '')
    return { ok: false, error: `--config servers.json is required. ${CHECK_USAGE}` }
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout)
  if (!Number.isFinite(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_S || values.timeout?.trim() === '') {
    return { ok: false, error: `--timeout must be a number of seconds from 1 to ${MAX_TIMEOUT_S}, not "${values.timeout}".` }
  }
  const warning = values.warning === undefined ? null : parseCondition(values.warning, '--warning')
  if (warning !== null && 'error' in warning) return { ok: false, error: warning.error }
  const critical = values.critical === undefined ? null : parseCondition(values.critical, '--critical')
  if (critical !== null && 'error' in critical) return { ok: false, error: critical.error }
  return {
    ok: true,
    args: {
      config: values.config,
      ...(values.machine !== undefined ? { machine: values.machine } : {}),
      ...(values.product !== undefined ? { product: values.product } : {}),
      warning,
      critical,
      timeoutMs: Math.round(timeout * 1000),
      json: values.json === true,
    },
  }
}

// The metrics listener's command-line flags, checked into options or a
// sentence naming the flag at fault. Kept apart from main/serve/cli-args.ts so
// any host (the served mode, later the desktop app's setting) words the same
// problems the same way.

import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { DEFAULT_METRICS_HOST } from './listener.ts'

export interface MetricsListenFlags {
  'metrics-listen'?: string
  'metrics-token'?: string
  'metrics-token-env'?: string
  'metrics-tls-cert'?: string
  'metrics-tls-key'?: string
}

export interface MetricsListenOptions {
  host: string
  port: number
  token: string
  tls?: { cert: string; key: string }
}

export const METRICS_USAGE =
  '[--metrics-listen [HOST:]PORT --metrics-token T | --metrics-token-env NAME [--metrics-tls-cert FILE --metrics-tls-key FILE] | --metrics-config metrics.json]'

/** "9470", "127.0.0.1:9470", "0.0.0.0:9470", "[::1]:9470", "collector.example:9470". `what` names the flag or field in sentences. */
export function parseListenAddress(text: string, what = '--metrics-listen'): { host: string; port: number } | { error: string } {
  const trimmed = text.trim()
  const match = /^(?:\[([^\]]+)\]:|([^:[\]]*):)?(\d{1,5})$/.exec(trimmed)
  const port = match ? Number(match[3]) : NaN
  if (!match || !Number.isInteger(port) || port > 65535) {
    return { error: `${what} must be HOST:PORT or PORT (e.g. 127.0.0.1:9470), not "${text}".` }
  }
  const bracketed = match[1]
  if (bracketed !== undefined && isIP(bracketed) !== 6) return { error: `${what}: "${bracketed}" in brackets must be an IPv6 address.` }
  const host = bracketed ?? (match[2] || DEFAULT_METRICS_HOST)
  return { host, port }
}

/** null when --metrics-listen is absent (the listener is off); the other flags then must be absent too. */
export function parseMetricsFlags(
  flags: MetricsListenFlags,
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; options: MetricsListenOptions | null } | { ok: false; error: string } {
  const listen = flags['metrics-listen']
  if (listen === undefined) {
    const stray = (['metrics-token', 'metrics-token-env', 'metrics-tls-cert', 'metrics-tls-key'] as const).find(
      (name) => flags[name] !== undefined,
    )
    return stray ? { ok: false, error: `--${stray} has no effect without --metrics-listen HOST:PORT.` } : { ok: true, options: null }
  }
  const address = parseListenAddress(listen)
  if ('error' in address) return { ok: false, error: address.error }
  const token = tokenOf(flags, env)
  if ('error' in token) return { ok: false, error: token.error }
  const tls = tlsOf(flags)
  if (tls !== null && 'error' in tls) return { ok: false, error: tls.error }
  return { ok: true, options: { ...address, token: token.token, ...(tls ? { tls } : {}) } }
}

function tokenOf(flags: MetricsListenFlags, env: NodeJS.ProcessEnv): { token: string } | { error: string } {
  const value = flags['metrics-token']
  const name = flags['metrics-token-env']
  if (value !== undefined && name !== undefined) return { error: 'Give either --metrics-token or --metrics-token-env, not both.' }
  if (name !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { error: `--metrics-token-env must be an environment variable name, not "${name}".` }
    const fromEnv = env[name]
    if (!fromEnv) return { error: `--metrics-token-env names ${name}, but that environment variable is not set or empty.` }
    return { token: fromEnv }
  }
  if (value === undefined)
    return { error: '--metrics-listen needs a credential for the scrapers: --metrics-token T or --metrics-token-env NAME.' }
  return literalToken(value, '--metrics-token')
}

/** The length rule for a token written out (flag or config file); one from the environment is the admin's business. */
export function literalToken(value: string, what: string): { token: string } | { error: string } {
  if (value.length < 16) return { error: `${what} must be at least 16 characters (e.g. openssl rand -base64 32).` }
  return { token: value }
}

function tlsOf(flags: MetricsListenFlags): { cert: string; key: string } | { error: string } | null {
  const certPath = flags['metrics-tls-cert']
  const keyPath = flags['metrics-tls-key']
  if (certPath === undefined && keyPath === undefined) return null
  if (certPath === undefined || keyPath === undefined) return { error: 'Give both --metrics-tls-cert and --metrics-tls-key, or neither.' }
  const cert = readPem(certPath, '--metrics-tls-cert')
  if (typeof cert !== 'string') return cert
  const key = readPem(keyPath, '--metrics-tls-key')
  if (typeof key !== 'string') return key
  return { cert, key }
}

export function readPem(path: string, flag: string): string | { error: string } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return {
      error: `${flag}: ${path} cannot be read${code === 'ENOENT' ? ' (file not found)' : typeof code === 'string' ? ` (${code})` : ''}.`,
    }
  }
  // The file's content is never quoted: a key file must not end up in a log.
  if (!text.includes('-----BEGIN ')) return { error: `${flag}: ${path} is not a PEM file (no "-----BEGIN" line).` }
  return text
}

// The metrics listener written in a config file instead of flags: the served
// mode's `--metrics-config metrics.json`, and the `metrics` block of the
// desktop app's desktop.json. The token follows the server list's rules for
// secrets (main/core/ingest/config-secrets.ts): a text, or {"env": "NAME"}
// read from the environment when the listener starts, so the file need not
// hold the secret. Every problem is one sentence naming the file and field,
// never quoting a value (it may be the token).
//
//   { "listen": "127.0.0.1:9470", "token": {"env": "METRICS_TOKEN"},
//     "tls": { "cert": "metrics.crt", "key": "metrics.key" } }

import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { z } from 'zod'
import { resolveSecret, secretSchema } from '../core/ingest/config-secrets.ts'
import { describeJsonErrorPosition } from '../core/util/json-position.ts'
import {
  literalToken,
  parseListenAddress,
  parseMetricsFlags,
  readPem,
  type MetricsListenFlags,
  type MetricsListenOptions,
} from './listen-options.ts'

/** The fields a config gives the listener; the desktop adds `enabled` (main/app/desktop-settings.ts). */
export const metricsConfigFields = {
  listen: z.string().min(1).max(300),
  token: secretSchema,
  /** PEM files; a relative path is taken from the config file's folder. */
  tls: z.strictObject({ cert: z.string().min(1).max(4096), key: z.string().min(1).max(4096) }).optional(),
}

export const metricsConfigSchema = z.strictObject(metricsConfigFields)
export type MetricsConfig = z.infer<typeof metricsConfigSchema>

export type MetricsOptionsResult = { ok: true; options: MetricsListenOptions } | { ok: false; error: string }

/** "token: must be ..." from zod's first issue: the field's path and zod's message, which never quotes the value. */
export function describeConfigIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'is not a metrics configuration'
  const field = issue.path.map(String).join('.')
  const where = field === '' ? 'the file' : `"${field}"`
  if (issue.code === 'unrecognized_keys') return `${where} has an unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`
  if (issue.code === 'too_small' && issue.origin === 'string') return `${where} must not be empty`
  if (issue.code === 'invalid_type') return `${where} must be ${issue.expected === 'object' ? 'a JSON object' : `a ${issue.expected}`}`
  return `${where} ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`
}

/** Listener options from a checked config; `source` starts every sentence, `baseDir` anchors relative TLS paths. */
export function resolveMetricsConfig(
  config: MetricsConfig,
  source: string,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): MetricsOptionsResult {
  const address = parseListenAddress(config.listen, `${source}: "listen"`)
  if ('error' in address) return { ok: false, error: address.error }
  let token: string
  try {
    token = resolveSecret(config.token, env, `${source}: "token"`)
  } catch (error) {
    return { ok: false, error: `${(error as Error).message}: set it, or write the token in the file.` }
  }
  if (typeof config.token === 'string') {
    const checked = literalToken(token, `${source}: "token"`)
    if ('error' in checked) return { ok: false, error: checked.error }
  }
  let tls: MetricsListenOptions['tls']
  if (config.tls) {
    const cert = readPem(resolve(baseDir, config.tls.cert), `${source}: "tls.cert"`)
    if (typeof cert !== 'string') return { ok: false, error: cert.error }
    const key = readPem(resolve(baseDir, config.tls.key), `${source}: "tls.key"`)
    if (typeof key !== 'string') return { ok: false, error: key.error }
    tls = { cert, key }
  }
  return { ok: true, options: { ...address, token, ...(tls ? { tls } : {}) } }
}

/** Reads and checks a metrics config file. */
export function readMetricsConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): MetricsOptionsResult {
  let text: string
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const cause =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a folder' : typeof code === 'string' ? code : 'unreadable'
    return { ok: false, error: `--metrics-config: ${path} cannot be read (${cause}).` }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, error: `${path}: not valid JSON ${describeJsonErrorPosition(text)}` }
  }
  const parsed = metricsConfigSchema.safeParse(value)
  if (!parsed.success) return { ok: false, error: `${path}: ${describeConfigIssue(parsed.error)}` }
  return resolveMetricsConfig(parsed.data, path, dirname(resolve(path)), env)
}

/** The served mode's metrics options: from --metrics-config, or from the flags; never both. */
export function parseMetricsOptions(
  flags: MetricsListenFlags & { 'metrics-config'?: string },
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; options: MetricsListenOptions | null } | { ok: false; error: string } {
  const file = flags['metrics-config']
  if (file === undefined) return parseMetricsFlags(flags, env)
  const other = (['metrics-listen', 'metrics-token', 'metrics-token-env', 'metrics-tls-cert', 'metrics-tls-key'] as const).find(
    (name) => flags[name] !== undefined,
  )
  if (other) return { ok: false, error: `Give the metrics listener either --metrics-config or --${other} and its flags, not both.` }
  return readMetricsConfigFile(file, env)
}

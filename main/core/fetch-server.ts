// One poll of one 4D Server: request, bounded read, JSON, validation. Every
// failure comes back as a sentence that names its cause; nothing is thrown.

import { STATUS_CODES } from 'node:http'
import type { ServerConfig, ServerPayload } from './types.ts'
import { describeRestError, parsePayload, unwrapRestResult } from './payload-schema.ts'

export const DEFAULT_INTERVAL_MS = 5000
export const DEFAULT_TIMEOUT_MS = 4000
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024

export type PollOutcome =
  | { ok: true; payload: ServerPayload; latencyMs: number; warnings: string[] }
  | { ok: false; error: string; latencyMs: number; retryAfterMs: number | null }

export interface FetchDeps {
  fetch: typeof fetch
  now: () => number
}

/** The interval, and a timeout never longer than it, so a server's polls cannot pile up. */
export function pollTiming(config: Pick<ServerConfig, 'intervalMs' | 'timeoutMs'>): { intervalMs: number; timeoutMs: number } {
  const intervalMs = positiveOr(config.intervalMs, DEFAULT_INTERVAL_MS)
  const timeoutMs = Math.min(positiveOr(config.timeoutMs, DEFAULT_TIMEOUT_MS), intervalMs)
  return { intervalMs, timeoutMs }
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback
}

/** Thrown inside this module only, to end a poll with a finished sentence. */
class PollFailure extends Error {
  retryAfterMs: number | null
  constructor(message: string, retryAfterMs: number | null = null) {
    super(message)
    this.retryAfterMs = retryAfterMs
  }
}

export async function fetchServer(config: ServerConfig, deps: FetchDeps): Promise<PollOutcome> {
  const startedAt = deps.now()
  const { timeoutMs } = pollTiming(config)
  try {
    const body = await requestJson(config, deps, timeoutMs)
    const value = config.kind === 'rest-function' ? unwrapped(body, config.token) : body
    const parsed = parsePayload(value)
    if (!parsed.ok) throw new PollFailure(parsed.error)
    const warnings = parsed.payload.invalidSummary ? [parsed.payload.invalidSummary] : []
    return { ok: true, payload: parsed.payload, latencyMs: deps.now() - startedAt, warnings }
  } catch (error) {
    const message = error instanceof PollFailure ? error.message : describeFetchError(error, config.url, timeoutMs)
    const retryAfterMs = error instanceof PollFailure ? error.retryAfterMs : null
    return { ok: false, error: message, latencyMs: deps.now() - startedAt, retryAfterMs }
  }
}

function unwrapped(body: unknown, token: string | undefined): unknown {
  const result = unwrapRestResult(body)
  if (!result.ok) throw new PollFailure(redact(result.error, token))
  return result.value
}

async function requestJson(config: ServerConfig, deps: FetchDeps, timeoutMs: number): Promise<unknown> {
  const url = parseUrl(config.url)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (config.token) {
    refusePlainHttpCredentials(url, config)
    headers['authorization'] = `Bearer ${config.token}`
  }
  const post = config.kind === 'rest-function'
  if (post) headers['content-type'] = 'application/json'
  const response = await deps.fetch(url, {
    method: post ? 'POST' : 'GET',
    headers,
    body: post ? '[]' : undefined,
    // A redirect could carry the token to another host or down to plain http: report it instead of following.
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  })
  const maxBytes = positiveOr(config.maxBodyBytes, DEFAULT_MAX_BODY_BYTES)
  if (!response.ok) throw await httpFailure(response, deps.now(), maxBytes, config.token)
  return parseJson(await readBody(response, maxBytes), config.token)
}

function parseUrl(text: string): URL {
  try {
    const url = new URL(text)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url
  } catch {
    // reported below
  }
  throw new PollFailure(`invalid URL "${text}": expected an http or https URL`)
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

function refusePlainHttpCredentials(url: URL, config: ServerConfig): void {
  if (url.protocol !== 'http:' || isLoopback(url.hostname) || config.allowPlainHttpCredentials) return
  throw new PollFailure(
    `refusing to send the token over plain http to ${url.hostname}: use https, or allow plain http for this server explicitly`,
  )
}

async function httpFailure(response: Response, now: number, maxBytes: number, token: string | undefined): Promise<PollFailure> {
  const status = response.status
  const label = `HTTP ${status} ${STATUS_CODES[status] ?? response.statusText}`.trim()
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now)
  if (status === 401 || status === 403) {
    await discardBody(response)
    return new PollFailure(`${label}: authentication failed, check the token`, retryAfterMs)
  }
  if (status >= 300 && status < 400) {
    await discardBody(response)
    const location = redact(response.headers.get('location') ?? '', token)
    return new PollFailure(`${label}: the endpoint redirects${location ? ` to ${location}` : ''}; configure that URL instead`, retryAfterMs)
  }
  const detail = await restErrorDetail(response, maxBytes)
  return new PollFailure(detail ? `${label}: ${redact(detail, token)}` : label, retryAfterMs)
}

/** 4D REST answers errors with a JSON `__ERROR` array worth showing; any other error body is not. */
async function restErrorDetail(response: Response, maxBytes: number): Promise<string | null> {
  try {
    const body: unknown = JSON.parse(await readBody(response, Math.min(maxBytes, 64 * 1024)))
    if (typeof body !== 'object' || body === null) return null
    return describeRestError((body as Record<string, unknown>)['__ERROR'])
  } catch {
    return null
  }
}

async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined)
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - now)
}

/** Reads the body, counting decompressed bytes, and stops as soon as the limit is passed. */
async function readBody(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = `response larger than ${formatBytes(maxBytes)}`
  const declared = Number(response.headers.get('content-length'))
  // Content-Length counts the bytes on the wire, which are never more than decompressed ones.
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discardBody(response)
    throw new PollFailure(tooLarge)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new PollFailure(tooLarge)
    }
    chunks.push(value)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}

function parseJson(text: string, token: string | undefined): unknown {
  if (text.trim() === '') throw new PollFailure('invalid JSON: empty body')
  try {
    return JSON.parse(text)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new PollFailure(`invalid JSON: ${shorten(redact(detail, token).replace(/\s+/g, ' '), 100)}`)
  }
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** Text that comes from the server may echo the token back: it never reaches a message. */
function redact(message: string, token: string | undefined): string {
  return token ? message.split(token).join('***') : message
}

/** "4 s", "1.5 s", "200 ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${Number((ms / 1000).toFixed(1))} s`
}

/** "5 MiB", "512 KiB", "300 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`
  return `${bytes} bytes`
}

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown certificate authority',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: "certificate does not match the host name",
}

/** undici reports network failures as `TypeError: fetch failed` with the real cause beneath. */
function rootCause(error: unknown): { code: string | null; message: string; name: string } {
  let current: unknown = error
  for (let depth = 0; depth < 5; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause
    if (cause === undefined || cause === null) break
    current = cause
  }
  const code = (current as { code?: unknown } | null)?.code
  return {
    code: typeof code === 'string' ? code : null,
    message: current instanceof Error ? current.message : String(current),
    name: current instanceof Error ? current.name : '',
  }
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name
  return name === 'TimeoutError' || name === 'AbortError'
}

/** Turns anything fetch or the body stream threw into a sentence naming the cause. */
export function describeFetchError(error: unknown, url: string, timeoutMs: number): string {
  if (isTimeout(error)) return `timed out after ${formatDuration(timeoutMs)}`
  const cause = rootCause(error)
  if (isTimeout(cause)) return `timed out after ${formatDuration(timeoutMs)}`
  const host = hostOf(url)
  switch (cause.code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `host not found: ${host}`
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'connection reset'
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timed out after ${formatDuration(timeoutMs)}`
    case 'EHOSTUNREACH':
      return `host unreachable: ${host}`
    case 'ENETUNREACH':
      return `network unreachable for ${host}`
  }
  if (cause.code && (TLS_REASONS[cause.code] || cause.code.startsWith('ERR_SSL') || cause.code.startsWith('ERR_TLS') || cause.code.includes('CERT'))) {
    return `TLS error: ${TLS_REASONS[cause.code] ?? cause.message}`
  }
  return `request failed: ${cause.message}${cause.code ? ` (${cause.code})` : ''}`
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return url
  }
}

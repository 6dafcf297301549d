// Reading a server's answer: a body bounded in decompressed bytes, JSON with
// short error sentences, and HTTP errors worded for the admin.

import { STATUS_CODES } from 'node:http'
import type { ServerAuth } from '../types/index.ts'
import { describeRestError } from './payload-schema.ts'
import { authFailureMessage, redact } from './auth.ts'
import { PollFailure } from './poll-failure.ts'
import { errorSentence } from '../util/errors.ts'

export interface FailureContext {
  serverName: string
  auth: ServerAuth
  secrets: readonly string[]
  now: () => number
  maxBytes: number
}

export async function httpFailure(response: Response, context: FailureContext): Promise<PollFailure> {
  const status = response.status
  const label = `HTTP ${status} ${STATUS_CODES[status] ?? response.statusText}`.trim()
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), context.now())
  if (status === 401 || status === 403) {
    const detail = await restErrorDetail(response, context.maxBytes)
    if (detail !== null && MISSING_PRIVILEGES.test(detail))
      return new PollFailure(`${label}: ${forceLoginMessage(context.serverName)}`, retryAfterMs)
    return new PollFailure(`${label}: ${authFailureMessage(context.serverName, context.auth)}`, retryAfterMs)
  }
  if (status >= 300 && status < 400) {
    await discardBody(response)
    const location = redact(response.headers.get('location') ?? '', context.secrets)
    return new PollFailure(`${label}: the endpoint redirects${location ? ` to ${location}` : ''}; configure that URL instead`, retryAfterMs)
  }
  const detail = await restErrorDetail(response, context.maxBytes)
  return new PollFailure(detail ? `${label}: ${redact(detail, context.secrets)}` : label, retryAfterMs)
}

/** How 4D words a refusal for want of privileges (force login mode), as opposed to wrong credentials. */
const MISSING_PRIVILEGES = /\b(privileges?|permission)\b/i

/**
 * In force login mode (the default of new projects since 4D 20 R6) a REST
 * session without privileges may not call an exposed function at all.
 */
export function forceLoginMessage(serverName: string): string {
  return (
    `${serverName} refused the function call: its REST server is in force login mode, where a session without privileges may not call functions; ` +
    `use the HTTP request handler variant (kind http-json, no license needed), or a 4D REST login whose user gets privileges`
  )
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

export async function discardBody(response: Response): Promise<void> {
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
export async function readBody(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = `response larger than ${formatBytes(maxBytes)}`
  const declared = Number(response.headers.get('content-length'))
  // Content-Length counts the bytes on the wire, which are never more than decompressed ones.
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discardBody(response)
    throw new PollFailure(tooLarge)
  }
  if (!response.body) return ''
  // Uncompressed with a declared length within the limit: the body cannot grow past it
  // (the HTTP parser stops at Content-Length), so one native read replaces the counting loop.
  const encoding = (response.headers.get('content-encoding') ?? 'identity').trim().toLowerCase()
  if (Number.isFinite(declared) && response.headers.has('content-length') && encoding === 'identity') return response.text()
  // A fetch body is bytes (Fetch standard); Node's types leave its chunks as any.
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
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

export function parseJson(text: string, secrets: readonly string[]): unknown {
  if (text.trim() === '') throw new PollFailure('invalid JSON: empty body')
  try {
    return JSON.parse(text)
  } catch (error) {
    const detail = errorSentence(error)
    throw new PollFailure(`invalid JSON: ${shorten(redact(detail, secrets).replace(/\s+/g, ' '), 100)}`)
  }
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
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

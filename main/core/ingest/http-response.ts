// Reading a server's answer: a body bounded in decompressed bytes, JSON with
// short error sentences, and HTTP errors worded for the admin.

import { STATUS_CODES } from 'node:http'
import type { ServerAuth } from '../types/index.ts'
import { describeRestError } from './payload-schema.ts'
import { redact } from './auth.ts'
import { authFailed, emptyBody, forceLogin, htmlInsteadOfJson, httpStatus, invalidJson, redirects, responseTooLarge } from './error-text.ts'
import { PollFailure } from './poll-failure.ts'
import { jsonErrorPlace } from '../util/json-position.ts'

export { formatDuration } from './error-text.ts'

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
    if (detail !== null && MISSING_PRIVILEGES.test(detail)) return new PollFailure(forceLogin(label, context.serverName), retryAfterMs)
    const auth = context.auth.type === 'none' ? 'none' : context.auth.type === 'bearer' ? 'token' : 'password'
    return new PollFailure(authFailed(label, context.serverName, auth), retryAfterMs)
  }
  if (status >= 300 && status < 400) {
    await discardBody(response)
    const location = redact(response.headers.get('location') ?? '', context.secrets)
    return new PollFailure(redirects(label, location), retryAfterMs)
  }
  const detail = await restErrorDetail(response, context.maxBytes)
  return new PollFailure(httpStatus(label, detail ? redact(detail, context.secrets) : null, retryAfterMs, MAX_RETRY_AFTER_MS), retryAfterMs)
}

/** The longest a Retry-After holds a server's polls back: a server cannot silence itself for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000

/** How 4D words a refusal for want of privileges (force login mode), as opposed to wrong credentials. */
const MISSING_PRIVILEGES = /\b(privileges?|permission)\b/i

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
  const tooLarge = responseTooLarge(formatBytes(maxBytes))
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

/**
 * The body as JSON. A refusal names the place and the cause, never the text:
 * V8's own message quotes the body around the error ("Unexpected token 'K',
 * "{"x": Kq4B..."), and that text may be a token a server echoed.
 */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw new PollFailure(emptyBody())
  try {
    return JSON.parse(text)
  } catch {
    if (HTML_START.test(text)) throw new PollFailure(htmlInsteadOfJson())
    throw new PollFailure(invalidJson(jsonErrorPlace(text)))
  }
}

/** A login page, a proxy's error page or a web server's default page, rather than the endpoint. */
const HTML_START = /^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<\?xml|<[a-z]+[\s>])/i

/** "5 MiB", "512 KiB", "300 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`
  return `${bytes} bytes`
}

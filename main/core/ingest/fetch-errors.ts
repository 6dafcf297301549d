// Whatever fetch, node:https or a body stream threw, as a sentence naming the cause.

import { formatDuration } from './http-response.ts'
import { isTrustCode, trustReason, TrustError } from './tls-trust.ts'
import { errorSentence } from '../util/errors.ts'

/** undici reports network failures as `TypeError: fetch failed` with the real cause beneath. */
export function rootCause(error: unknown): { code: string | null; message: string; name: string; error: unknown } {
  let current: unknown = error
  for (let depth = 0; depth < 5; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause
    if (cause === undefined || cause === null) break
    current = cause
  }
  const code = (current as { code?: unknown } | null)?.code
  return {
    code: typeof code === 'string' ? code : null,
    message: errorSentence(current),
    name: current instanceof Error ? current.name : '',
    error: current,
  }
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name
  return name === 'TimeoutError' || name === 'AbortError'
}

/** The certificate-trust code under a fetch failure, if that is what it was. */
export function trustCodeOf(error: unknown): string | null {
  const { code } = rootCause(error)
  return isTrustCode(code) ? code : null
}

export function describeFetchError(error: unknown, url: string, timeoutMs: number): string {
  if (isTimeout(error)) return `timed out after ${formatDuration(timeoutMs)}`
  const cause = rootCause(error)
  if (cause.error instanceof TrustError) return cause.message
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
  if (cause.code !== null && isTrustCode(cause.code)) return `certificate of ${host} is not trusted (${trustReason(cause.code)})`
  if (cause.code && (cause.code.startsWith('ERR_SSL') || cause.code.startsWith('ERR_TLS') || cause.code.includes('CERT'))) {
    return `TLS error: ${cause.message}`
  }
  return `request failed: ${cause.message}${cause.code ? ` (${cause.code})` : ''}`
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '')
  } catch {
    return url
  }
}

// Whatever fetch, node:https or a body stream threw, as a sentence naming the
// cause (in English and as a catalogue message, error-text.ts).

import {
  connectionReset,
  hostNotFound,
  hostUnreachable,
  networkUnreachable,
  refused,
  requestFailed,
  timedOut,
  tlsError,
  untrusted,
  type ErrorText,
} from './error-text.ts'
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
  return describeFetchErrorText(error, url, timeoutMs).text
}

export function describeFetchErrorText(error: unknown, url: string, timeoutMs: number): ErrorText {
  if (isTimeout(error)) return timedOut(timeoutMs)
  const cause = rootCause(error)
  if (cause.error instanceof TrustError) return cause.error.errorText
  if (isTimeout(cause)) return timedOut(timeoutMs)
  const host = hostOf(url)
  switch (cause.code) {
    case 'ECONNREFUSED':
      return refused()
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return hostNotFound(host)
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return connectionReset()
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return timedOut(timeoutMs)
    case 'EHOSTUNREACH':
      return hostUnreachable(host)
    case 'ENETUNREACH':
      return networkUnreachable(host)
  }
  if (cause.code !== null && isTrustCode(cause.code)) return untrusted(host, trustReason(cause.code), undefined)
  if (cause.code && (cause.code.startsWith('ERR_SSL') || cause.code.startsWith('ERR_TLS') || cause.code.includes('CERT'))) {
    return tlsError(cause.message)
  }
  return requestFailed(`${cause.message}${cause.code ? ` (${cause.code})` : ''}`)
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '')
  } catch {
    return url
  }
}

// The sentences a failed poll ends with, each made twice from the same values:
// as English text (lastError: CLI, logs, exports, metrics, the check) and as a
// message id with parameters (renderer/src/i18n/locales, section
// "serverErrors") that the page says in the user's language. Durations travel
// in ms (params named *Ms) so each language writes its own units and digits.
// Sub-sentences that quote a server, a library or the payload validator
// (`detail`, `reason`) stay English inside the translated frame.

import type { TextMessage } from '../types/index.ts'

/** A sentence in English and as a message of the catalogue. */
export interface ErrorText {
  text: string
  message: TextMessage
}

const id = (name: string): string => `serverErrors.${name}`

function local(text: string, name: string, params: TextMessage['params'] = {}): ErrorText {
  return { text, message: { id: id(name), params } }
}

/** "4 s", "1.5 s", "200 ms"; "5 min", "1 h", "30 d" for the long waits a Retry-After may ask. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(1))} s`
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`
  if (ms < 2 * 86_400_000) return `${Number((ms / 3_600_000).toFixed(1))} h`
  return `${Number((ms / 86_400_000).toFixed(1))} d`
}

export const timedOut = (durationMs: number): ErrorText => local(`timed out after ${formatDuration(durationMs)}`, 'timeout', { durationMs })
export const refused = (): ErrorText => local('connection refused', 'refused')
export const connectionReset = (): ErrorText => local('connection reset', 'reset')
export const hostNotFound = (host: string): ErrorText => local(`host not found: ${host}`, 'hostNotFound', { host })
export const hostUnreachable = (host: string): ErrorText => local(`host unreachable: ${host}`, 'hostUnreachable', { host })
export const networkUnreachable = (host: string): ErrorText => local(`network unreachable for ${host}`, 'networkUnreachable', { host })
export const tlsError = (detail: string): ErrorText => local(`TLS error: ${detail}`, 'tls', { detail })
export const requestFailed = (detail: string): ErrorText => local(`request failed: ${detail}`, 'requestFailed', { detail })
export const unexpectedFailure = (detail: string): ErrorText => local(`poll failed unexpectedly: ${detail}`, 'unexpected', { detail })
/** What the endpoint kind found unusable in the answer (payload validation, a metrics page without the sample). */
export const unusableAnswer = (detail: string): ErrorText => local(detail, 'unusable', { detail })

export function untrusted(host: string, reason: string, fingerprint: string | null | undefined): ErrorText {
  const base = `certificate of ${host} is not trusted (${reason})`
  if (fingerprint === undefined) return local(base, 'untrusted', { host, reason })
  if (fingerprint === null) return local(`${base}; its fingerprint could not be read`, 'untrustedUnread', { host, reason })
  return local(`${base}; its SHA-256 fingerprint is ${fingerprint}; trust it by pinning this fingerprint`, 'untrustedPin', {
    host,
    reason,
    fingerprint,
  })
}

export function fingerprintMismatch(host: string, expected: string, received: string): ErrorText {
  return local(`certificate fingerprint mismatch for ${host}: expected ${expected}, received ${received}`, 'mismatch', {
    host,
    expected,
    received,
  })
}

export function caFileUnreadable(file: string, code: string | null): ErrorText {
  if (code === null) return local(`cannot read the CA file ${file}`, 'caFile', { file })
  return local(`cannot read the CA file ${file} (${code})`, 'caFileCode', { file, code })
}

export const pinNotSha256 = (host: string): ErrorText =>
  local(`the pinned fingerprint for ${host} is not a SHA-256 fingerprint (32 bytes in hex)`, 'badPin', { host })

export const responseTooLarge = (size: string): ErrorText => local(`response larger than ${size}`, 'tooLarge', { size })
export const emptyBody = (): ErrorText => local('invalid JSON: empty body', 'emptyBody')
export const htmlInsteadOfJson = (): ErrorText => local('invalid JSON: the endpoint answered an HTML page, not JSON; check the URL', 'html')

/** Where the body stops being JSON, from util/json-position (a line and column, never the text). */
export function invalidJson(position: { line: number; column: number; atEnd: boolean } | null): ErrorText {
  const stops = 'invalid JSON: the body stops being valid JSON'
  if (position === null) return local(`${stops} at an unknown place`, 'jsonUnknown')
  const { line, column } = position
  if (position.atEnd) return local(`${stops} at its end (line ${line}, column ${column}): it stops too early`, 'jsonEnd', { line, column })
  return local(`${stops} at line ${line}, column ${column}`, 'jsonAt', { line, column })
}

export const invalidUrl = (url: string): ErrorText => local(`invalid URL "${url}": expected an http or https URL`, 'invalidUrl', { url })
export const urlWithCredentials = (): ErrorText =>
  local("the URL of this server contains a user name or password; remove it and set the server's authentication instead", 'urlCredentials')

export function plainHttpRefused(token: boolean, host: string): ErrorText {
  const what = token ? 'the token' : 'the user name and password'
  return local(
    `refusing to send ${what} over plain http to ${host}: use https, or allow plain http for this server explicitly`,
    token ? 'plainHttpToken' : 'plainHttpPassword',
    { host },
  )
}

/** How the server answered when it was not 2xx: the status line ("HTTP 503 Service Unavailable"), then why. */
export function authFailed(status: string, server: string, auth: 'none' | 'token' | 'password'): ErrorText {
  const check =
    auth === 'none'
      ? 'the server asks for credentials and none are configured'
      : `check ${auth === 'token' ? 'the token' : 'the user name and password'}`
  return local(
    `${status}: authentication failed for ${server}: ${check}`,
    { none: 'authNone', token: 'authToken', password: 'authPassword' }[auth],
    {
      status,
      server,
    },
  )
}

export function forceLogin(status: string, server: string): ErrorText {
  return local(
    `${status}: ${server} refused the function call: its REST server is in force login mode, where a session without privileges may not call functions; ` +
      `use the HTTP request handler variant (kind http-json, no license needed), or a 4D REST login whose user gets privileges`,
    'forceLogin',
    { status, server },
  )
}

export function redirects(status: string, location: string): ErrorText {
  if (location === '') return local(`${status}: the endpoint redirects; configure that URL instead`, 'redirectNowhere', { status })
  return local(`${status}: the endpoint redirects to ${location}; configure that URL instead`, 'redirect', { status, location })
}

/**
 * Any other status, with 4D's own error text when it sent one, and what a
 * Retry-After did to the next try (capped at `capMs`, as the poller caps it).
 */
export function httpStatus(status: string, detail: string | null, retryAfterMs: number | null, capMs: number): ErrorText {
  const head = detail ? `${status}: ${detail}` : status
  const name = detail ? 'httpDetail' : 'http'
  const params: TextMessage['params'] = detail ? { status, detail } : { status }
  if (retryAfterMs === null || retryAfterMs <= 0) return local(head, name, params)
  const asked = formatDuration(retryAfterMs)
  const wait = { ...params, waitMs: retryAfterMs }
  if (retryAfterMs <= capMs)
    return local(`${head}; the server asked to wait ${asked} (Retry-After): the next try is in ${asked}`, `${name}Retry`, wait)
  return local(
    `${head}; the server asked to wait ${asked} (Retry-After), longer than the monitor waits: the next try is in ${formatDuration(capMs)}`,
    `${name}RetryCapped`,
    { ...wait, nextMs: capMs },
  )
}

export function restLoginFailed(inner: ErrorText): ErrorText {
  return local(`4D REST login failed: ${inner.text}`, 'restLoginFailed', { detail: inner.text })
}

export const restLoginRefused = (server: string): ErrorText =>
  local(`4D REST login failed: authentication failed for ${server}: check the user name and password`, 'restLoginRefused', { server })

export const restNoCookie = (server: string): ErrorText =>
  local(
    `4D REST login to ${server} set no session cookie, so every poll would open a new session and hold a new license; check that the server keeps REST sessions`,
    'restNoCookie',
    { server },
  )

/** The same sentence with every secret replaced, in the English text and in each text parameter. */
export function redactErrorText(error: ErrorText, redact: (text: string) => string): ErrorText {
  return { text: redact(error.text), message: redactMessage(error.message, redact) }
}

/** Every text parameter of a message redacted, its parts (sentences inside it) too. */
export function redactMessage(message: TextMessage, redact: (text: string) => string): TextMessage {
  const params = Object.fromEntries(
    Object.entries(message.params).map(([name, value]) => [name, typeof value === 'string' ? redact(value) : value]),
  )
  if (!message.parts) return { id: message.id, params }
  const parts = Object.fromEntries(
    Object.entries(message.parts).map(([name, part]) => [
      name,
      Array.isArray(part) ? part.map((item) => redactMessage(item, redact)) : redactMessage(part, redact),
    ]),
  )
  return { id: message.id, params, parts }
}

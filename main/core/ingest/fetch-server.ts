// One poll of one 4D Server: request, bounded read, parse, validation. Every
// failure comes back as a sentence that names its cause; nothing is thrown,
// and no secret (token, password, session cookie) is ever part of a sentence.
// What to ask and how to read the answer is the endpoint kind's (./kinds);
// the parts around it live beside this file: auth, REST sessions, TLS trust.

import type { ServerAuth, ServerConfig, ServerPayload, TextMessage } from '../types/index.ts'
import { authFailureMessage, authHeaders, authOf, plainHttpRefusal, plainHttpRefusalText, redact, secretsOf } from './auth.ts'
import { withCookies, type CookieJar } from './cookie-jar.ts'
import { describeFetchErrorText, hostOf, trustCodeOf } from './fetch-errors.ts'
import { invalidUrl, redactErrorText, redactMessage, unusableAnswer, untrusted, urlWithCredentials, type ErrorText } from './error-text.ts'
import { holdsLicense } from './warning-text.ts'
import { discardBody, httpFailure, parseJson, readBody, type FailureContext } from './http-response.ts'
import { PollFailure } from './poll-failure.ts'
import { kindOf, type EndpointKindDefinition } from './kinds/index.ts'
import type { KindAnswer } from './kinds/kind.ts'
import {
  defaultRestSessions,
  LOGOUT_PATH,
  logoutRestSession,
  sendWithRestSession,
  sessionKey,
  type RestSessionStore,
} from './rest-session.ts'
import { tlsFetch } from './tls-fetch.ts'
import { peerFingerprint, trustReason } from './tls-trust.ts'

export { describeFetchError } from './fetch-errors.ts'
export { formatBytes, formatDuration, MAX_RETRY_AFTER_MS, parseRetryAfter } from './http-response.ts'
export { defaultRestSessions, RestSessionStore } from './rest-session.ts'

export const DEFAULT_INTERVAL_MS = 5000
export const DEFAULT_TIMEOUT_MS = 4000
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024

export type PollOutcome =
  | {
      ok: true
      payload: ServerPayload
      latencyMs: number
      warnings: string[]
      /** `warnings` as catalogue messages (warning-text.ts), one for each. */
      warningMessages?: TextMessage[]
      restLogins?: number
    }
  | {
      ok: false
      error: string
      /** The same sentence as a catalogue message (error-text.ts), for the page to say in its language. */
      errorMessage?: TextMessage
      latencyMs: number
      retryAfterMs: number | null
      restLogins?: number
    }

export interface FetchDeps {
  fetch: typeof fetch
  now: () => number
  /** Where REST login sessions are kept between polls (default: one store shared by the process). */
  restSessions?: RestSessionStore
  /** This server's cookies, kept between polls so the server sees one web session (see cookie-jar.ts). */
  cookieJar?: CookieJar
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

/** The sentence shown while the monitor holds a license through its own REST session. */
export function holdsLicenseWarning(serverName: string): string {
  return holdsLicense(serverName).text
}

/** What one poll needs to know, worked out once. */
interface PollPlan {
  config: ServerConfig
  url: URL
  auth: ServerAuth
  secrets: string[]
  timeoutMs: number
  maxBytes: number
  transport: typeof fetch
  signal: AbortSignal
  deps: FetchDeps
}

export async function fetchServer(config: ServerConfig, deps: FetchDeps): Promise<PollOutcome> {
  const startedAt = deps.now()
  const { timeoutMs } = pollTiming(config)
  const auth = authOf(config)
  const secrets = secretsOf(auth)
  const store = deps.restSessions ?? defaultRestSessions
  const logins = (): number | undefined => (auth.type === 'rest-login' ? store.logins(config) : undefined)
  const deadline = pollDeadline(timeoutMs)
  const signal = deadline.signal
  try {
    const url = parseUrl(config.url)
    const refusal = plainHttpRefusalText(url, auth, config)
    if (refusal) throw new PollFailure(refusal)
    const transport = withCookies(config.tls && url.protocol === 'https:' ? tlsFetch(config.tls) : deps.fetch, deps.cookieJar, deps.now)
    const plan: PollPlan = {
      config,
      url,
      auth,
      secrets,
      timeoutMs,
      maxBytes: positiveOr(config.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
      transport,
      signal,
      deps,
    }
    const { payload, warnings, warningMessages } = await poll(plan, store)
    return { ok: true, payload, warnings, warningMessages, latencyMs: deps.now() - startedAt, ...withLogins(logins()) }
  } catch (error) {
    const failure = error instanceof PollFailure ? error.errorText : await describeFailure(error, config, timeoutMs, signal)
    const retryAfterMs = error instanceof PollFailure ? error.retryAfterMs : null
    // The last line of defence: whatever a server or a library echoed, no secret leaves this function,
    // neither in the English sentence nor in a parameter of its message.
    const cookies = deps.cookieJar?.sessionValues(new URL(config.url), deps.now()) ?? []
    const clean = redactErrorText(failure, (text) => redact(text, [...secrets, ...cookies]))
    return {
      ok: false,
      error: clean.text,
      errorMessage: clean.message,
      latencyMs: deps.now() - startedAt,
      retryAfterMs,
      ...withLogins(logins()),
    }
  } finally {
    deadline.clear()
  }
}

/**
 * The poll's timeout, cleared as soon as the poll is over. AbortSignal.timeout
 * would still fire seconds after a finished poll, and undici then builds an
 * abort error with its stack for a request long done (bench:poll saw ~0.2 ms a poll).
 */
function pollDeadline(timeoutMs: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs)
  timer.unref()
  return { signal: controller.signal, clear: () => clearTimeout(timer) }
}

function withLogins(count: number | undefined): { restLogins?: number } {
  return count === undefined ? {} : { restLogins: count }
}

interface PolledAnswer {
  payload: ServerPayload
  warnings: string[]
  warningMessages: TextMessage[]
}

async function poll(plan: PollPlan, store: RestSessionStore): Promise<PolledAnswer> {
  const response = await send(plan, store)
  const failure = failureContext(plan)
  if (!response.ok) throw await httpFailure(response, failure)
  const text = await readBody(response, plan.maxBytes)
  const parsed = readAnswer(kindOf(plan.config.kind), text, plan.config.maxRecords)
  if (!parsed.ok) throw new PollFailure(unusableAnswer(redact(parsed.error, plan.secrets)))
  const clean = (value: string) => redact(value, plan.secrets)
  const warnings = parsed.warnings.map(clean)
  // A kind that words a warning without its message leaves it English: the messages then stay out, never misaligned.
  const messages = parsed.warningMessages?.length === warnings.length ? parsed.warningMessages.map((m) => redactMessage(m, clean)) : null
  const payload = markOwnSession(withoutSecretsInWorkerError(parsed.payload, plan.secrets), plan)
  if (plan.auth.type !== 'rest-login' && !payload.holdsLicense) return { payload, warnings, warningMessages: messages ?? [] }
  const own = holdsLicense(plan.config.name)
  return {
    payload: { ...payload, holdsLicense: true },
    warnings: [...warnings, own.text],
    warningMessages: messages ? [...messages, own.message] : [],
  }
}

/** The endpoint's own error text is shown as a warning: it goes through the same redaction as every sentence. */
function withoutSecretsInWorkerError(payload: ServerPayload, secrets: readonly string[]): ServerPayload {
  return payload.workerError === undefined ? payload : { ...payload, workerError: redact(payload.workerError, secrets) }
}

/** Records whose session ID is the monitor's own session cookie: licenses this monitor holds itself. */
function markOwnSession(payload: ServerPayload, plan: PollPlan): ServerPayload {
  const own = plan.deps.cookieJar?.sessionValues(plan.url, plan.deps.now()) ?? []
  if (own.length === 0) return payload
  // A jar holds one or two session cookies: comparing with each is cheaper than hashing every record's ID for a Set.
  const tokens: number[] = []
  for (const record of payload.records) {
    const id = record.session?.ID
    if (id != null && own.includes(id)) tokens.push(record.token)
  }
  return tokens.length === 0 ? payload : { ...payload, holdsLicense: true, monitorTokens: tokens }
}

function readAnswer(kind: EndpointKindDefinition, text: string, maxRecords: number | undefined): KindAnswer {
  // JSON is parsed here, so every JSON kind words a broken body the same way (by position, never quoting it).
  return kind.answer === 'json' ? kind.parse(parseJson(text), maxRecords === undefined ? {} : { maxRecords }) : kind.parse(text)
}

function failureContext(plan: PollPlan): FailureContext {
  return { serverName: plan.config.name, auth: plan.auth, secrets: plan.secrets, now: plan.deps.now, maxBytes: plan.maxBytes }
}

/** The request of this server's kind, with its credentials. */
function send(plan: PollPlan, store: RestSessionStore): Promise<Response> {
  const { config, auth } = plan
  const asked = kindOf(config.kind).request(plan.url)
  const headers: Record<string, string> = { ...asked.headers, ...authHeaders(auth) }
  const once = (redirect: 'error' | 'manual', cookie?: string): Promise<Response> =>
    plan.transport(asked.url, {
      method: asked.method,
      headers: cookie ? { ...headers, cookie } : headers,
      body: asked.body,
      redirect,
      signal: plan.signal,
    })
  // A redirect could carry credentials to another host or down to plain http: it is never followed.
  // 'error' keeps undici on its fast path ('manual' costs about 1 ms a request, bench:poll); only
  // when a server does redirect is the request repeated with 'manual', to name the Location.
  const request = async (cookie?: string): Promise<Response> => {
    try {
      return await once('error', cookie)
    } catch (error) {
      if (isRedirectRefusal(error)) return once('manual', cookie)
      throw error
    }
  }
  const key = sessionKey(config)
  if (auth.type !== 'rest-login' || key === null) return request()
  const exchange = { fetch: plan.transport, now: plan.deps.now, signal: plan.signal, url: plan.url, auth, failure: failureContext(plan) }
  return sendWithRestSession(store, key, exchange, request)
}

/** undici's answer to `redirect: 'error'` when the server redirects. */
function isRedirectRefusal(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause
  return error instanceof TypeError && cause instanceof Error && cause.message === 'unexpected redirect'
}

function parseUrl(text: string): URL {
  let url: URL | null = null
  try {
    url = new URL(text)
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new PollFailure(invalidUrl(text))
  if (url.username || url.password) {
    throw new PollFailure(urlWithCredentials())
  }
  return url
}

/** A certificate failure through plain fetch: read the certificate's fingerprint so the user can pin it. */
async function describeFailure(error: unknown, config: ServerConfig, timeoutMs: number, signal: AbortSignal): Promise<ErrorText> {
  const code = trustCodeOf(error)
  if (code === null || config.tls) return describeFetchErrorText(error, config.url, timeoutMs)
  const fingerprint = await peerFingerprint(new URL(config.url), signal).catch(() => null)
  return untrusted(hostOf(config.url), trustReason(code), fingerprint || null)
}

/** Ends a REST login session now (e.g. on quit or when the server is removed), freeing its 4D Client license. */
export async function endRestSession(config: ServerConfig, deps: FetchDeps): Promise<boolean> {
  const url = new URL(config.url)
  if (plainHttpRefusal(url, authOf(config), config)) return false
  const transport = config.tls && url.protocol === 'https:' ? tlsFetch(config.tls) : deps.fetch
  return logoutRestSession(deps.restSessions ?? defaultRestSessions, config, { fetch: transport, timeoutMs: pollTiming(config).timeoutMs })
}

/**
 * Ends a REST session that only its cookie holds (rest-function without a
 * login: in 4D's default login mode that session holds a 4D Client license
 * until 4D's idle timeout, 60 minutes by default). Best effort; false when
 * there is nothing to end or the server did not say yes.
 */
export async function endCookieSession(config: ServerConfig, jar: CookieJar, deps: FetchDeps): Promise<boolean> {
  const url = new URL(config.url)
  if (config.kind !== 'rest-function' || sessionKey(config) !== null || jar.header(url, deps.now()) === null) return false
  if (plainHttpRefusal(url, authOf(config), config)) return false
  const transport = config.tls && url.protocol === 'https:' ? tlsFetch(config.tls) : deps.fetch
  try {
    const response = await withCookies(
      transport,
      jar,
      deps.now,
    )(new URL(LOGOUT_PATH, url.origin), {
      method: 'POST',
      headers: { accept: 'application/json', ...authHeaders(authOf(config)) },
      redirect: 'manual',
      signal: AbortSignal.timeout(pollTiming(config).timeoutMs),
    })
    await discardBody(response)
    jar.dropOrigin(url)
    return response.ok
  } catch {
    return false
  }
}

/** For tests and the settings UI's "Test connection": how the message for a 401 reads for this server. */
export function authenticationFailedMessage(config: ServerConfig): string {
  return authFailureMessage(config.name, authOf(config))
}

// One simulated 4D Server on the wire: its own HTTP listener, like a real 4D
// web server, with the run-time faults of api.ts and request counters.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { FaultMode, SimLoginMode, SimServerAuth } from './api.ts'
import { CLIENT_PRODUCT_ID } from './catalog.ts'
import type { LicenseModel, ModelServer } from './license-model.ts'
import { METRICS_CONTENT_TYPE, METRICS_PATH, metricsText } from './metrics.ts'
import { contractObject, invalidJsonText, streamOversized, usageArray, withBrokenRecords } from './payloads.ts'
import { SimAuth } from './sim-auth.ts'
import { WebSessions, type WebSession } from './web-sessions.ts'

export const JSON_PATH = '/license-usage'
export const ARRAY_PATH = '/license-usage/array'
export const REST_PREFIX = '/rest/$catalog/'
export const REST_FUNCTION = 'licenseUsage'
export const LOGIN_PATH = '/rest/$directory/login'
export const LOGOUT_PATH = '/rest/$directory/logout'
const MAX_REST_BODY_BYTES = 64 * 1024

type Endpoint = 'json' | 'array' | 'rest' | 'metrics' | 'login' | 'logout'

export interface SimServerOptions {
  model: LicenseModel
  server: ModelServer
  host: string
  auth: SimServerAuth
  /** PEM key and certificate: listen over https. */
  tls?: { key: string; cert: string } | undefined
  now: () => number
  slowMs: number
  /** 4D's REST user login mode: 'default' (any REST call holds a license) or 'force' (a session needs a login first). */
  loginMode: SimLoginMode
  /** Idle timeout of a web session (4D's default: 60 minutes). */
  idleMinutes: number
  /** The server's own UTC offset for the times it writes. */
  utcOffsetMinutes: number
}

export class SimHttpServer {
  fault: FaultMode = 'none'
  port = 0
  readonly stats = { requests: 0, received: 0, inFlight: 0, maxInFlight: 0 }
  readonly auth: SimAuth
  readonly sessions: WebSessions
  private readonly options: SimServerOptions
  private http: Server | null = null
  private pending: Promise<void> = Promise.resolve()
  private readonly slowTimers = new Set<NodeJS.Timeout>()
  private listenError: Error | null = null
  private closed = false

  constructor(options: SimServerOptions) {
    this.options = options
    this.auth = new SimAuth(options.auth)
    this.sessions = new WebSessions({
      mode: options.loginMode,
      idleMinutes: options.idleMinutes,
      onEnd: (session) => this.sessionEnded(session),
    })
  }

  /** Listens on `port` (0 = ephemeral) and keeps that port for later re-listens. */
  async listen(port: number): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.handle(req, res)
    const http: Server = this.options.tls ? createHttpsServer(this.options.tls, handler) : createServer(handler)
    // Clients of a simulator reconnect often; keep-alive sockets must not pin a 'down' server.
    http.keepAliveTimeout = 2_000
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(port, this.options.host, () => {
        http.off('error', reject)
        resolve()
      })
    })
    const address = http.address()
    if (address && typeof address === 'object') this.port = address.port
    this.http = http
  }

  setFault(fault: FaultMode): void {
    if (this.closed) throw new Error(`Server "${this.options.server.name}" has stopped; its fault can no longer change.`)
    const wasDown = this.fault === 'down'
    this.fault = fault
    if (fault === 'down' && !wasDown) this.enqueue(() => this.closeListener())
    if (fault !== 'down' && wasDown) {
      this.enqueue(async () => {
        try {
          this.listenError = null
          await this.listen(this.port)
        } catch (error) {
          // The port was taken while we were down: stay unreachable and say why in settled().
          this.listenError = new Error(
            `Server "${this.options.server.name}" could not listen again on port ${this.port}: ${(error as Error).message}`,
          )
        }
      })
    }
  }

  async settled(): Promise<void> {
    await this.pending
    if (this.listenError) throw this.listenError
  }

  async close(): Promise<void> {
    this.closed = true
    await this.pending
    await this.closeListener()
  }

  private enqueue(change: () => Promise<void>): void {
    this.pending = this.pending.then(change, change)
  }

  private async closeListener(): Promise<void> {
    const http = this.http
    this.http = null
    for (const timer of this.slowTimers) clearTimeout(timer)
    this.slowTimers.clear()
    if (!http) return
    const closed = new Promise<void>((resolve) => http.close(() => resolve()))
    // Connection refused for new clients, and no answer for the ones already connected.
    http.closeAllConnections()
    await closed
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.countRequest(res)
    if (this.fault !== 'slow') {
      void this.answer(req, res)
      return
    }
    const timer = setTimeout(() => {
      this.slowTimers.delete(timer)
      void this.answer(req, res)
    }, this.options.slowMs)
    this.slowTimers.add(timer)
    // The client gave up: drop the pending answer instead of writing to a dead socket.
    res.once('close', () => {
      clearTimeout(timer)
      this.slowTimers.delete(timer)
    })
  }

  private countRequest(res: ServerResponse): void {
    const stats = this.stats
    stats.received++
    stats.inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    let done = false
    const end = (answered: boolean): void => {
      if (done) return
      done = true
      stats.inFlight--
      if (answered) stats.requests++
    }
    res.once('finish', () => end(true))
    res.once('close', () => end(false))
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res)
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: `The simulator failed to answer: ${(error as Error).message}` })
      else res.destroy()
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (res.destroyed) return
    const path = requestPath(req.url)
    const endpoint = endpointOf(path)
    if (!endpoint) {
      sendJson(res, 404, {
        error: `No endpoint at ${req.url ?? '/'}; try ${JSON_PATH}, ${ARRAY_PATH}, ${METRICS_PATH} or POST ${REST_PREFIX}${REST_FUNCTION}.`,
      })
      return
    }
    const verb = endpoint === 'rest' || endpoint === 'login' || endpoint === 'logout' ? 'POST' : 'GET'
    if (req.method !== verb) {
      res.setHeader('Allow', verb)
      this.sendError(res, endpoint, 405, `${req.method ?? 'This method'} is not allowed on ${path}; use ${verb}.`)
      return
    }
    // Every request to 4D's web server runs in a web session: one without a known cookie opens a new one.
    // The Prometheus exporter is a web server of its own, without sessions.
    const session = endpoint === 'metrics' ? null : this.openSession(req, res)
    if (this.fault === 'http500') {
      this.sendError(res, endpoint, 500, 'Simulated internal server error.')
      return
    }
    if (session === null) {
      this.sendMetricsIfAllowed(req, res)
      return
    }
    if (endpoint === 'login') {
      this.login(req, res, session)
      return
    }
    if (endpoint === 'logout') {
      this.logout(res, session)
      return
    }
    const refusal = this.auth.refusal(req, endpoint === 'rest', session.id)
    if (refusal) {
      res.setHeader('WWW-Authenticate', refusal.challenge)
      this.sendError(res, endpoint, 401, refusal.message)
      return
    }
    if (this.fault === 'http401') {
      this.sendError(res, endpoint, 401, 'Simulated authentication failure.')
      return
    }
    if (endpoint === 'rest') {
      if (!(await this.checkRestCall(req, res, path))) return
      if (this.sessions.mode === 'force' && !session.privileged) {
        // 4D's force login mode: a guest session may make descriptive requests and log in, nothing else.
        this.sendError(
          res,
          'rest',
          403,
          `No permission to execute the function ${REST_FUNCTION}: this session has no privileges (force login mode); log in first.`,
        )
        return
      }
      this.holdLicense(req, session)
    }
    this.sendUsage(res, endpoint)
  }

  private sendMetricsIfAllowed(req: IncomingMessage, res: ServerResponse): void {
    const refusal = this.auth.refusal(req, false, '')
    if (refusal) {
      res.setHeader('WWW-Authenticate', refusal.challenge)
      this.sendError(res, 'metrics', 401, refusal.message)
      return
    }
    if (this.fault === 'http401') {
      this.sendError(res, 'metrics', 401, 'Simulated authentication failure.')
      return
    }
    this.sendMetrics(res)
  }

  private openSession(req: IncomingMessage, res: ServerResponse): WebSession {
    const { session, created } = this.sessions.resolve(req, this.options.now())
    if (created) res.setHeader('Set-Cookie', this.sessions.cookie(session))
    return session
  }

  /** 4D's $directory/login: {"result": true} and the session gets privileges (and a license), or a 401 with {"result": false}. */
  private login(req: IncomingMessage, res: ServerResponse, session: WebSession): void {
    if (!this.auth.restLoginRequired) {
      this.sendError(res, 'login', 404, 'This simulated server has no REST login; start it with restLogin.')
      return
    }
    if (!this.auth.login(req, session.id)) {
      sendJson(res, 401, { result: false })
      return
    }
    session.privileged = true
    session.userName = this.options.auth.restLogin?.username ?? null
    this.holdLicense(req, session)
    res.setHeader('Set-Cookie', this.sessions.cookie(session))
    sendJson(res, 200, { result: true })
  }

  /** $directory/logout ends the session, which frees its license at once. */
  private logout(res: ServerResponse, session: WebSession): void {
    const loggedIn = this.auth.isLoggedIn(session.id)
    this.sessions.end(session.id)
    sendJson(res, 200, { result: loggedIn })
  }

  /**
   * A REST session holds one 4D Client license, listed in this server's own
   * License usage as a "rest" session whose sessionID is the cookie's value.
   * Taken again if the license went (a simulated departure); none when the pool is full.
   */
  private holdLicense(req: IncomingMessage, session: WebSession): void {
    const { model, server } = this.options
    if (session.licenseToken !== null && server.licenses.some((l) => l.record.token === session.licenseToken)) return
    session.licenseToken = null
    if (!model.products.some((p) => p.productId === CLIENT_PRODUCT_ID)) return
    const held = model.retain(server.id, CLIENT_PRODUCT_ID, 'rest')
    if (!held) return
    held.record.session['sessionID'] = session.id
    held.record.session['userName'] = session.userName ?? 'guest'
    held.record.session['IPAddress'] = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '')
    held.record.session['isDatastore'] = false
    session.licenseToken = held.record.token
  }

  private sessionEnded(session: WebSession): void {
    this.auth.drop(session.id)
    if (session.licenseToken !== null) this.options.model.release(this.options.server.id, session.licenseToken)
  }

  /** As after a restart: every session, login and session license goes. */
  forgetSessions(): void {
    this.sessions.endAll()
    this.auth.forget()
  }

  private sendMetrics(res: ServerResponse): void {
    const text = metricsText(this.options.model, this.options.server, this.options.now())
    res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' })
    res.end(text)
  }

  /** A REST call must name our exposed function and pass a JSON array of arguments (or nothing). */
  private async checkRestCall(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const name = path.slice(REST_PREFIX.length)
    if (name !== REST_FUNCTION) {
      this.sendError(res, 'rest', 404, `The function "${name}" is not an exposed function of the datastore.`)
      return false
    }
    const body = await readBody(req, MAX_REST_BODY_BYTES)
    if (body === null) {
      this.sendError(res, 'rest', 413, `The request body is over ${MAX_REST_BODY_BYTES} bytes.`)
      return false
    }
    if (body.trim() === '') return true
    try {
      if (Array.isArray(JSON.parse(body))) return true
    } catch {
      // fall through to the error below
    }
    this.sendError(res, 'rest', 400, 'The request body must be a JSON array of function arguments.')
    return false
  }

  private sendUsage(res: ServerResponse, endpoint: Endpoint): void {
    const { model, server, now } = this.options
    const time = now()
    const offset = this.options.utcOffsetMinutes
    const usage = this.fault === 'badRecords' ? withBrokenRecords(model, server, time, offset) : usageArray(model, server, offset)
    const contract = (): Record<string, unknown> => contractObject(model, server, time, usage)
    const body = endpoint === 'array' ? usage : endpoint === 'rest' ? { result: contract() } : contract()
    if (this.fault === 'oversized') {
      res.writeHead(200, jsonHeaders())
      void streamOversized(res, body)
      return
    }
    if (this.fault === 'invalidJson') {
      res.writeHead(200, jsonHeaders())
      res.end(invalidJsonText(body))
      return
    }
    sendJson(res, 200, body)
  }

  /** REST errors look like 4D's ({"__ERROR":[...]}); handler endpoints send {"error": "..."}. */
  private sendError(res: ServerResponse, endpoint: Endpoint, status: number, message: string): void {
    if (endpoint !== 'rest' && endpoint !== 'login') {
      sendJson(res, status, { error: message })
      return
    }
    sendJson(res, status, { __ERROR: [{ message, componentSignature: 'dbmg', errCode: 1800 }] })
  }
}

function jsonHeaders(): Record<string, string> {
  return { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...jsonHeaders(), 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

function requestPath(rawUrl: string | undefined): string {
  let path = new URL(rawUrl ?? '/', 'http://simulator').pathname
  try {
    path = decodeURIComponent(path) // some clients send $catalog as %24catalog
  } catch {
    // keep the raw path: it simply matches no endpoint
  }
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

function endpointOf(path: string): Endpoint | null {
  if (path === JSON_PATH) return 'json'
  if (path === ARRAY_PATH) return 'array'
  if (path === METRICS_PATH) return 'metrics'
  if (path === LOGIN_PATH) return 'login'
  if (path === LOGOUT_PATH) return 'logout'
  if (path.startsWith(REST_PREFIX) && path.length > REST_PREFIX.length) return 'rest'
  return null
}

/** The body as text, or null when it is over `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

// The browser-served mode: the renderer plus a two-route API on 127.0.0.1,
// guarded by a token. Same data as the Electron app, no Electron needed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { bearerToken, cookieToken, sessionCookie, tokenMatches, UNAUTHORISED_MESSAGE } from './auth.ts'
import { createBackend, dispatchCall, type Backend } from '../core/contract/backend.ts'
import { readJsonBody } from './body.ts'
import { createEventStreams, type EventStreams } from './events.ts'
import { EXPORT_PATH, serveExport, type ExportSource } from './export-route.ts'
import { REPORT_PATH, serveReport } from './report-route.ts'
import { refuseForeignRequest } from './request-guards.ts'
import { sendError, sendJson, setSecurityHeaders } from './responses.ts'
import type { SnapshotSource } from './snapshot-source.ts'
import { serveStatic } from './static-files.ts'
import { errorSentence } from '../core/util/errors.ts'

export interface ServeServerOptions {
  monitor: SnapshotSource
  /** The contract's calls and pushes; built from `monitor` alone when absent. */
  backend?: Backend
  /** 0 picks a free port. */
  port: number
  token: string
  /** Folder of the built renderer (out/renderer). */
  staticDir: string
  /** Comment lines keep proxies and browsers from timing out an idle stream (default 15 s). */
  heartbeatMs?: number
  /** The local history, for GET /api/export (answers 503 when absent). */
  history?: ExportSource
}

export interface ServeServer {
  /** http://127.0.0.1:<port> */
  url: string
  port: number
  close(): Promise<void>
}

interface Context {
  options: ServeServerOptions
  backend: Backend
  port: number
  events: EventStreams
}

export async function startServeServer(options: ServeServerOptions): Promise<ServeServer> {
  if (options.token.length === 0) throw new Error('The serve token is empty: pass a non-empty --token or omit it for a random one.')
  const server = createServer()
  const backend = options.backend ?? createBackend({ monitor: options.monitor })
  const events = createEventStreams(backend, options.heartbeatMs ?? 15_000)
  const context: Context = { options, backend, port: 0, events }
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(context, req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy()
      else sendError(res, 500, `Internal error: ${errorSentence(error)}`, true)
    })
  })
  await listen(server, options.port)
  context.port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${context.port}`,
    port: context.port,
    close: () => close(server, context.events),
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function close(server: Server, events: EventStreams): Promise<void> {
  return new Promise((resolve) => {
    events.closeAll()
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

async function handle(context: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  setSecurityHeaders(res)
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/')
  const refusal = refuseForeignRequest(req, context.port)
  if (refusal !== null) {
    sendError(res, 403, refusal, isApi)
    return
  }
  const isCall = url.pathname.startsWith(CALL_PREFIX)
  if (isCall ? req.method !== 'POST' : req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', isCall ? 'POST' : 'GET, HEAD')
    sendError(res, 405, `Method ${req.method} is not allowed on ${url.pathname}.`, isApi)
    return
  }
  const { token } = context.options
  const queryToken = url.searchParams.get('token')

  if (url.pathname === '/' && queryToken !== null) {
    exchangeToken(context, res, queryToken)
    return
  }
  if (isApi) {
    const authorised = [cookieToken(req, context.port), bearerToken(req), queryToken].some((t) => tokenMatches(t, token))
    if (!authorised) {
      sendError(res, 401, UNAUTHORISED_MESSAGE, true)
      return
    }
    return routeApi(context, url.pathname, req, res)
  }
  if (!tokenMatches(cookieToken(req, context.port), token)) {
    sendError(res, 401, UNAUTHORISED_MESSAGE, false)
    return
  }
  return serveStatic(res, context.options.staticDir, url.pathname)
}

/** `/?token=T`: a right token becomes a cookie and the token leaves the address bar. */
function exchangeToken(context: Context, res: ServerResponse, queryToken: string): void {
  if (!tokenMatches(queryToken, context.options.token)) {
    sendError(res, 401, UNAUTHORISED_MESSAGE, false)
    return
  }
  res.writeHead(302, { 'Set-Cookie': sessionCookie(context.port, context.options.token), Location: '/', 'Cache-Control': 'no-store' })
  res.end()
}

/** `POST /api/call/<name>` with a JSON array of arguments: the served mode's ipcRenderer.invoke. */
const CALL_PREFIX = '/api/call/'

async function routeCall(context: Context, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonBody(req)
  if (!body.ok) {
    sendError(res, body.status, body.error, true)
    return
  }
  if (!Array.isArray(body.value)) {
    sendError(res, 400, 'The body of a call must be a JSON array of its arguments.', true)
    return
  }
  sendJson(res, 200, await dispatchCall(context.backend, name, body.value))
}

/** The call's name, or null when its percent-encoding is not UTF-8 (decodeURIComponent throws "URI malformed"). */
function callName(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded)
  } catch {
    return null
  }
}

async function routeApi(context: Context, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (pathname.startsWith(CALL_PREFIX)) {
    const name = callName(pathname.slice(CALL_PREFIX.length))
    if (name === null) {
      sendError(
        res,
        400,
        'The call name in the URL has a malformed percent-encoding (such as %E0%A4%A); send the name as plain letters.',
        true,
      )
      return
    }
    return routeCall(context, name, req, res)
  }
  if (pathname === '/api/snapshot') {
    sendJson(res, 200, context.options.monitor.getSnapshot())
    return
  }
  if (pathname === EXPORT_PATH) return serveExport(req, res, context.options.history)
  if (pathname === REPORT_PATH) {
    serveReport(req, res, context.options.history)
    return
  }
  if (pathname === '/api/events') {
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' })
      return void res.end()
    }
    context.events.open(req, res)
    return
  }
  sendError(
    res,
    404,
    `There is no API route ${pathname}: use /api/snapshot, /api/events, /api/export, /api/capacity-report or POST /api/call/<name>.`,
    true,
  )
}

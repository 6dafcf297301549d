// The metrics listener: its own port, its own credential, two routes.
// Scrapers cannot do the served page's cookie dance, and a metrics token must
// not open the page (which can edit the server list), so /metrics never
// shares the page's listener or token.

import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Monitor } from '../core/poll/monitor.ts'
import { tokenMatches } from '../serve/auth.ts'
import { createMetricsCollector, type MetricsCollector } from './collector.ts'
import { errorSentence } from '../core/util/errors.ts'

export const DEFAULT_METRICS_HOST = '127.0.0.1'

export interface MetricsListenerOptions {
  monitor: Pick<Monitor, 'getSnapshot' | 'onSnapshot'>
  /** 127.0.0.1 unless the admin names another address. */
  host?: string
  /** 0 picks a free port. */
  port: number
  /** Sent by the scraper as `Authorization: Bearer <token>`, or as the password of HTTP Basic (any user name). */
  token: string
  /** PEM texts: the listener speaks https with them. */
  tls?: { cert: string; key: string }
  /** A collector built elsewhere (tests, the desktop app); one is made from `monitor` when absent. */
  collector?: MetricsCollector
  version?: string
}

export interface MetricsListener {
  /** e.g. http://127.0.0.1:9470 */
  url: string
  port: number
  close(): Promise<void>
}

/** Bearer, or Basic whose password is the token: Prometheus' `authorization` and `basic_auth` both work. */
export function credentialOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? ''
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (bearer) return bearer[1] ?? null
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (!basic?.[1]) return null
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? null : decoded.slice(colon + 1)
}

/** OpenMetrics only when the scraper names it; every other Accept gets the classic text format. */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return /application\/openmetrics-text/i.test(accept ?? '')
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  })
  res.end(res.req.method === 'HEAD' ? undefined : body)
}

export async function startMetricsListener(options: MetricsListenerOptions): Promise<MetricsListener> {
  if (options.token.length === 0) throw new Error('The metrics listener needs a token: give --metrics-token or --metrics-token-env.')
  const collector = options.collector ?? createMetricsCollector({ monitor: options.monitor, version: options.version })
  const ownsCollector = options.collector === undefined

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/metrics' && path !== '/-/healthy') {
      send(res, 404, 'Not found: this listener answers /metrics and /-/healthy only.\n')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, `Method ${req.method} is not allowed: use GET.\n`, { Allow: 'GET, HEAD' })
      return
    }
    if (!tokenMatches(credentialOf(req), options.token)) {
      send(res, 401, 'Not authorised: send the metrics token as Authorization: Bearer <token> (or as the HTTP Basic password).\n', {
        'WWW-Authenticate': 'Bearer realm="4D License Monitor metrics", Basic realm="4D License Monitor metrics"',
      })
      return
    }
    if (path === '/-/healthy') {
      send(res, 200, '4D License Monitor metrics listener is healthy.\n')
      return
    }
    const scrape = await collector.scrape(wantsOpenMetrics(req.headers.accept))
    send(res, 200, scrape.body, { 'Content-Type': scrape.contentType })
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      // The sentence is ours (a failed scrape), never a secret: the token is compared, not formatted.
      if (!res.headersSent) send(res, 500, `The scrape failed: ${errorSentence(error)}\n`)
      else res.destroy()
    })
  }
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(listener)
  // A scraper that opens a connection and sends nothing must not hold a socket for long.
  server.headersTimeout = 10_000
  server.requestTimeout = 15_000
  const host = options.host ?? DEFAULT_METRICS_HOST
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    if (ownsCollector) collector.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    async close() {
      if (ownsCollector) collector.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

// Checks that run before authentication: a page on another site, or a DNS
// name rebound to 127.0.0.1, must not reach the API even with a cookie.
import type { IncomingMessage } from 'node:http'

/** The Host values this server answers to: loopback by address or by name, on its own port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

/** Sentence explaining why the request is refused, or null when Host and Origin are ours. */
export function refuseForeignRequest(req: IncomingMessage, port: number): string | null {
  const host = req.headers.host?.toLowerCase()
  if (!host || !allowedHosts(port).has(host)) {
    return `Host "${host ?? ''}" is not this server: open http://127.0.0.1:${port}/ instead (requests through other names are refused to block DNS rebinding).`
  }
  const origin = req.headers.origin
  // Browsers omit Origin on same-origin GETs, so absence is fine; any other origin (including "null") is not.
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return `Requests from origin "${origin}" are refused: only pages served by this monitor may call it.`
  }
  return null
}

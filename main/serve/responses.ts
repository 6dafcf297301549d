// Response helpers shared by every route, so no answer leaves without the
// security headers (including error pages, which a browser renders too).
import type { ServerResponse } from 'node:http'

/** Same policy as renderer/index.html: the served renderer gets no more than the Electron one. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(res.req.method === 'HEAD' ? undefined : text)
}

/** JSON error for API callers, a tiny page for people; both carry the same sentence. */
export function sendError(res: ServerResponse, status: number, message: string, asJson: boolean): void {
  if (asJson) {
    sendJson(res, status, { error: message })
    return
  }
  const page =
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>4D License Monitor</title></head>` +
    `<body><h1>4D License Monitor</h1><p>${escapeHtml(message)}</p></body></html>\n`
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page),
    'Cache-Control': 'no-store',
  })
  res.end(res.req.method === 'HEAD' ? undefined : page)
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

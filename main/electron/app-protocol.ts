// The app:// protocol: serves the built renderer (out/renderer) and nothing
// else, with the same Content-Security-Policy as the served mode. A privileged
// standard scheme gives the page a real origin (app://renderer), so module
// scripts load and the navigation and IPC checks have one origin to compare.
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { protocol } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../serve/responses.ts'
import { APP_HOST, APP_SCHEME, RENDERER_DIR } from './app-paths.ts'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

/** Must run before the app is ready: Chromium fixes scheme privileges at start. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves the renderer on app://renderer/ for the default session (the one our window uses). */
export function setupAppProtocol(root: string = RENDERER_DIR): void {
  protocol.handle(APP_SCHEME, serveRendererFiles(root))
}

/** Headers on every answer, errors included: the page never runs without its CSP. */
function securityHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  })
}

function refusal(status: 404 | 405, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') })
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

/**
 * The file a URL names inside `root`, or null. The pathname is decoded first
 * and checked after: "..%2f" only becomes a parent folder once decoded.
 */
export function rendererFilePath(root: string, url: URL): string | null {
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') return null
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  // A NUL or a backslash has no business in a bundle path; on Windows "\" would be a separator.
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const path = resolve(root, `.${pathname}`)
  return isInside(root, path) ? path : null
}

/** The protocol handler: GET/HEAD of a file under `root`; 404 for anything else, including a symlink out. */
export function serveRendererFiles(root: string): (request: Request) => Promise<Response> {
  const rootPath = resolve(root)
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Only GET and HEAD are served.')
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return refusal(404, 'Not found.')
    }
    const path = rendererFilePath(rootPath, url)
    if (path === null) return refusal(404, 'Not found.')
    try {
      const real = await realpath(path)
      if (!isInside(await realpath(rootPath), real) || !(await stat(real)).isFile()) return refusal(404, 'Not found.')
      const body = await readFile(real)
      const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream'
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: securityHeaders(type) })
    } catch {
      return refusal(404, 'Not found.')
    }
  }
}

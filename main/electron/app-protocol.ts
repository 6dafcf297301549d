// The app:// protocol: serves the built renderer (out/renderer) and nothing
// else, with the same Content-Security-Policy as the served mode. A privileged
// standard scheme gives the page a real origin (app://renderer), so module
// scripts load and the navigation and IPC checks have one origin to compare.
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { protocol } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../serve/responses.ts'
import { contentTypeOf, resolveStaticFile } from '../serve/static-files.ts'
import { APP_HOST, APP_SCHEME, RENDERER_DIR } from './app-paths.ts'

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

/**
 * The file a URL names inside `root`, or null. The pathname is decoded first
 * and checked after: "..%2f" only becomes a parent folder once decoded.
 */
export async function rendererFilePath(root: string, url: URL): Promise<string | null> {
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') return null
  // The served mode's resolver: decoded first, then checked inside root, symlinks included.
  return resolveStaticFile(root, url.pathname)
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
    const path = await rendererFilePath(rootPath, url)
    if (path === null) return refusal(404, 'Not found.')
    try {
      const body = await readFile(path)
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: securityHeaders(contentTypeOf(path)) })
    } catch {
      return refusal(404, 'Not found.')
    }
  }
}

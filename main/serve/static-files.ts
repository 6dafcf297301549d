// Serves the built renderer. Every path is resolved and then checked to lie
// inside the static folder (after symlinks too), so "../" in any spelling stays out.
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { sendError } from './responses.ts'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

export const NOT_BUILT_MESSAGE = 'The renderer is not built: run npx electron-vite build (npm run serve does it for you).'

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate)
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel))
}

/** The file a URL path names inside root, or null when it would leave root or cannot be decoded. */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const rootReal = await realpath(root).catch(() => resolve(root))
  const wanted = resolve(rootReal, '.' + (decoded.endsWith('/') ? decoded + 'index.html' : decoded))
  if (!isInside(rootReal, wanted)) return null
  const real = await realpath(wanted).catch(() => null)
  if (real === null || !isInside(rootReal, real)) return null
  const info = await stat(real).catch(() => null)
  return info?.isFile() ? real : null
}

/** Answers a static request; 404 for anything missing or outside, 503 when the renderer was never built. */
export async function serveStatic(res: ServerResponse, root: string, urlPath: string): Promise<void> {
  const file = await resolveStaticFile(root, urlPath)
  if (file === null) {
    const indexMissing = urlPath === '/' || (await stat(join(root, 'index.html')).catch(() => null)) === null
    if (indexMissing) sendError(res, 503, NOT_BUILT_MESSAGE, false)
    else sendError(res, 404, `Nothing is served at ${urlPath}.`, false)
    return
  }
  const info = await stat(file)
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': info.size,
    // Revalidate every time: the served copy is rebuilt in place by electron-vite.
    'Cache-Control': 'no-cache',
  })
  if (res.req.method === 'HEAD') {
    res.end()
    return
  }
  const stream = createReadStream(file)
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}

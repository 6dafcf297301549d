// Where the built app's pieces are, and which URLs are our own renderer.
// Bundled by electron-vite into out/main/index.js, so ".." is out/.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const OUT_DIR = resolve(import.meta.dirname, '..')

export const PRELOAD_PATH = join(OUT_DIR, 'preload', 'index.cjs')
export const RENDERER_HTML_PATH = join(OUT_DIR, 'renderer', 'index.html')

/**
 * True only for the file URL of our index.html. Parsed and compared by
 * protocol and pathname, never by prefix: "file:///app/index.html.evil" or a
 * sibling file must not pass. Query and hash are the renderer's own business.
 */
export function isOwnRendererUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  const own = pathToFileURL(RENDERER_HTML_PATH)
  return parsed.protocol === own.protocol && parsed.host === own.host && parsed.pathname === own.pathname
}

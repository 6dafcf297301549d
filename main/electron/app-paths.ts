// Where the built app's pieces are, and which URLs are our own renderer.
// Bundled by electron-vite into out/main/index.js, so ".." is out/.
import { join, resolve } from 'node:path'

const OUT_DIR = resolve(import.meta.dirname, '..')

export const PRELOAD_PATH = join(OUT_DIR, 'preload', 'index.cjs')
/** The built renderer: the only folder the app:// protocol serves. */
export const RENDERER_DIR = join(OUT_DIR, 'renderer')

/**
 * The renderer is served as app://renderer/... (main/electron/app-protocol.ts),
 * not from file://: with the fuse grantFileProtocolExtraPrivileges off, file://
 * pages lose their privileges and Chromium blocks their module scripts.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'renderer'
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * True exactly for URLs of our renderer's origin, app://renderer. Parsed and
 * compared by scheme and host, never by prefix: "app://renderer.evil/",
 * "app://evil@renderer/", "app://renderer:81/" and file:// must not pass.
 * (URL.origin is "null" for a scheme Node does not know, so it is not used.)
 */
export function isOwnRendererUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
}

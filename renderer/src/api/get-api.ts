import type { RendererApi } from './connection.ts'
import { createBrowserApi } from './browser-api.ts'

let browserApi: RendererApi | null = null

/**
 * The backend as the stores see it: the preload's `window.licenseMonitor` in
 * Electron, else (browser-served mode) one shared HTTP + server-sent-events
 * implementation against the page's own origin.
 */
export function getApi(): RendererApi {
  const preload = globalThis.window?.licenseMonitor
  if (preload) return preload
  browserApi ??= createBrowserApi()
  return browserApi
}

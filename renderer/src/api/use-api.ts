import type { RendererApi } from './connection.ts'
import { createBrowserApi } from './browser-api.ts'

let browserApi: RendererApi | null = null

/**
 * The backend as the stores see it, and the only way they reach it: the
 * preload's `window.licenseMonitor` in Electron, else (browser-served mode)
 * one shared HTTP + server-sent-events implementation against the page's own
 * origin. Tests hand a store a fake through its `start(api)` / `use(api)`.
 */
export function useApi(): RendererApi {
  const preload = window.licenseMonitor
  if (preload) return preload
  browserApi ??= createBrowserApi()
  return browserApi
}

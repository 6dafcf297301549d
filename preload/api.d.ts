// What the preload puts on `window` for the renderer (types only).
import type { MonitorApi } from '../main/core/contract/contract.ts'

declare global {
  interface Window {
    /** Present in the Electron app; absent in the browser-served mode, where renderer/src/api/browser-api.ts stands in. */
    licenseMonitor?: MonitorApi
  }
}

export {}

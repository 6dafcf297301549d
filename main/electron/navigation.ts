// Navigation and new-window rules for every web contents in the app: nothing
// leaves our own renderer page, and links open outside only from an allow-list.
import { shell, type WebContents } from 'electron'
import { isOwnRendererUrl } from './app-paths.ts'

/** Origins whose http(s) links may open in the user's browser. Empty until the UI links somewhere. */
export const EXTERNAL_LINK_ORIGINS: readonly string[] = []

export function isAllowedExternalLink(url: string, allowList: readonly string[] = EXTERNAL_LINK_ORIGINS): boolean {
  try {
    const parsed = new URL(url)
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && allowList.includes(parsed.origin)
  } catch {
    return false
  }
}

export function guardNavigation(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalLink(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    if (!isOwnRendererUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isOwnRendererUrl(event.url)) event.preventDefault()
  })
  // No <webview> is ever wanted (webviewTag is off too; this is the second lock).
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

// Navigation and new-window rules for every web contents in the app: nothing
// leaves our own renderer origin (app://renderer), no new window ever opens,
// and links open outside only from the allow-list in external-links.ts.
import type { WebContents } from 'electron'
import { isOwnRendererUrl } from './app-paths.ts'
import { openExternalLink } from './external-links.ts'

export function guardNavigation(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalLink(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    if (!isOwnRendererUrl(event.url)) event.preventDefault()
  })
  // A redirect inside our origin is ours (the protocol handler never redirects); any other is refused.
  contents.on('will-redirect', (event) => {
    if (!isOwnRendererUrl(event.url)) event.preventDefault()
  })
  // No <webview> is ever wanted (webviewTag is off too; this is the second lock).
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

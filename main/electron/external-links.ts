// Links that may leave the app for the user's browser: http(s) only, and only
// to the project's documentation. Everything else is refused, so a page that
// somehow got script could not use the browser as a launcher.
import { shell } from 'electron'

/** Origins (scheme + host + port) whose links open in the user's browser. */
export const EXTERNAL_LINK_ORIGINS: readonly string[] = ['https://developer.4d.com']

/** True for an http(s) URL whose origin is on the allow-list; compared after parsing, never by prefix. */
export function isAllowedExternalLink(url: string, allowList: readonly string[] = EXTERNAL_LINK_ORIGINS): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false
  // Credentials in a link ("https://user@host/") are never something the docs need.
  if (parsed.username !== '' || parsed.password !== '') return false
  return allowList.includes(parsed.origin)
}

/** Opens an allowed link in the user's browser; returns whether it did. */
export function openExternalLink(url: string, allowList: readonly string[] = EXTERNAL_LINK_ORIGINS): boolean {
  if (!isAllowedExternalLink(url, allowList)) return false
  // The URL was parsed and matched against the allow-list just above (Electronegativity flags every openExternal for review).
  void shell.openExternal(url)
  return true
}

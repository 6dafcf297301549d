// Who the monitor says it is to a server, and the rules that keep the
// secrets in: never over plain http to another machine unless the admin says
// so for that server, and never in a sentence the user or a log can see.

import { plainHttpRefused, type ErrorText } from './error-text.ts'
import type { ServerAuth, ServerConfig } from '../types/index.ts'
import { redactSecrets } from '../util/redact.ts'

/** The configured authentication; the older top-level `token` is a Bearer token. */
export function authOf(config: Pick<ServerConfig, 'auth' | 'token'>): ServerAuth {
  if (config.auth) return config.auth
  if (config.token) return { type: 'bearer', token: config.token }
  return { type: 'none' }
}

/** Every form in which this auth's secrets could travel, so each can be masked. */
export function secretsOf(auth: ServerAuth): string[] {
  switch (auth.type) {
    case 'none':
      return []
    case 'bearer':
      return [auth.token]
    case 'basic':
      return [auth.password, basicCredentials(auth.username, auth.password), encodeURIComponent(auth.password)]
    case 'rest-login':
      return [auth.password, encodeURIComponent(auth.password)]
  }
}

/** Text that came from a server or a library may echo a secret back: it never reaches a message (see util/redact.ts). */
export function redact(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets)
}

function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
}

/** Headers sent on every request; a REST login's headers go only to the login request. */
export function authHeaders(auth: ServerAuth): Record<string, string> {
  if (auth.type === 'bearer') return { authorization: `Bearer ${auth.token}` }
  if (auth.type === 'basic') return { authorization: `Basic ${basicCredentials(auth.username, auth.password)}` }
  return {}
}

/** What the user should check when the server refuses the credentials. */
export function credentialsWord(auth: ServerAuth): string {
  return auth.type === 'bearer' ? 'the token' : 'the user name and password'
}

export function authFailureMessage(serverName: string, auth: ServerAuth): string {
  if (auth.type === 'none') return `authentication failed for ${serverName}: the server asks for credentials and none are configured`
  return `authentication failed for ${serverName}: check ${credentialsWord(auth)}`
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** A sentence when sending this auth to `url` would expose it on the network; null when it may go. */
export function plainHttpRefusal(url: URL, auth: ServerAuth, config: Pick<ServerConfig, 'allowPlainHttpCredentials'>): string | null {
  return plainHttpRefusalText(url, auth, config)?.text ?? null
}

/** The same, with its catalogue message (error-text.ts). */
export function plainHttpRefusalText(
  url: URL,
  auth: ServerAuth,
  config: Pick<ServerConfig, 'allowPlainHttpCredentials'>,
): ErrorText | null {
  if (auth.type === 'none' || url.protocol !== 'http:' || isLoopback(url.hostname) || config.allowPlainHttpCredentials) return null
  return plainHttpRefused(auth.type === 'bearer', url.hostname)
}

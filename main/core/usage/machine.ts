import type { ServerConfig, ServerPayload } from '../types/index.ts'

/**
 * Which machine a server runs on, and so which license pool it draws from:
 * the payload's own `server.machine` wins (the server knows best), then the
 * admin's label, then the URL's host.
 */
export function resolveMachine(config: Pick<ServerConfig, 'url' | 'machine'>, payload: ServerPayload | null): string {
  const reported = payload?.server.machine?.trim()
  if (reported) return reported
  const label = config.machine?.trim()
  if (label) return label
  try {
    return new URL(config.url).hostname || config.url
  } catch {
    return config.url
  }
}

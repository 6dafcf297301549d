import type { ServerConfig, ServerPayload } from '../types/index.ts'
import { hostMachineId } from './machine-id.ts'

/**
 * Which machine a server runs on, and so which license pool it draws from:
 * the payload's own `server.machine` wins (the server knows best), then the
 * admin's label, then what the URL's host says: as resolved when the server
 * list was loaded or saved (`hostMachine`), else the host normalised
 * (machine-id.ts: case, trailing dot, loopback addresses as one).
 */
export function resolveMachine(config: Pick<ServerConfig, 'url' | 'machine' | 'hostMachine'>, payload: ServerPayload | null): string {
  const reported = payload?.server.machine?.trim()
  if (reported) return reported
  const label = config.machine?.trim()
  if (label) return label
  if (config.hostMachine) return config.hostMachine
  try {
    return hostMachineId(new URL(config.url).hostname) || config.url
  } catch {
    return config.url
  }
}

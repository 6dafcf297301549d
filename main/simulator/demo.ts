// Demo mode: what the app polls when no server is configured. Three
// simulated servers on two machines, ticking, one per endpoint shape.

import type { ServerConfig } from '../core/types/index.ts'
import type { SimulatorHandle } from './api.ts'
import { serverConfigsFor } from './server-configs.ts'
import { startSimulator } from './simulator.ts'

export async function startDemo(
  options: { seed?: number; tickMs?: number } = {},
): Promise<{ simulator: SimulatorHandle; servers: ServerConfig[] }> {
  const simulator = await startSimulator({ servers: 3, machines: 2, seed: options.seed ?? 42 })
  simulator.startTicking(options.tickMs ?? 3_000)
  return { simulator, servers: serverConfigsFor(simulator.servers()) }
}

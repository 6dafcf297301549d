// Command-line arguments of the simulator CLI, validated into options with
// a sentence for each mistake (the CLI prints it and exits 2).

import { parseArgs } from 'node:util'
import type { SimLoginMode } from './api.ts'

export interface SimulatorCliOptions {
  servers: number
  machines: number
  seed: number
  /** First port; 0 = ephemeral ports. */
  port: number
  token: string | undefined
  /** 0 = no ticking. */
  tickMs: number
  /** 0 = an ephemeral port. */
  controlPort: number
  /** 4D's REST user login mode at start; POST /login-mode changes it at run time. */
  loginMode: SimLoginMode
  help: boolean
}

export type ParsedCli = { ok: true; options: SimulatorCliOptions } | { ok: false; error: string }

export const USAGE = `Usage: node main/simulator/cli.ts [--servers 3] [--machines 2] [--seed 42] [--port 0]
                                [--token T] [--tick-ms 3000] [--control-port 0] [--login-mode default|force]
  --servers N       simulated 4D Servers (1-200)
  --machines N      machines they are spread over, round-robin (1 or more)
  --seed N          PRNG seed: the same seed plays the same clients
  --port N          first port; server i listens on N + i (0 = ephemeral ports)
  --token T         require Authorization: Bearer T on every endpoint and on the control API
  --tick-ms N       step the simulation every N ms (0 = never)
  --control-port N  port of the control API on 127.0.0.1 (0 = ephemeral)
  --login-mode M    REST user login mode: default (a REST call holds a license) or force (a session needs a login)`

function integer(raw: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, not "${raw}".`)
  }
  return value
}

export function parseSimulatorArgs(argv: readonly string[]): ParsedCli {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        servers: { type: 'string' },
        machines: { type: 'string' },
        seed: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        'tick-ms': { type: 'string' },
        'control-port': { type: 'string' },
        'login-mode': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
    const servers = integer(values.servers, 'servers', 1, 200, 3)
    const port = integer(values.port, 'port', 0, 65535, 0)
    if (port > 0 && port + servers - 1 > 65535) {
      throw new Error(`--port ${port} leaves no room for ${servers} servers (the last would listen on ${port + servers - 1}, above 65535).`)
    }
    if (values.token !== undefined && values.token.trim() === '') throw new Error('--token must not be empty.')
    const loginMode = values['login-mode'] ?? 'default'
    if (loginMode !== 'default' && loginMode !== 'force') throw new Error(`--login-mode must be default or force, not "${loginMode}".`)
    return {
      ok: true,
      options: {
        servers,
        machines: integer(values.machines, 'machines', 1, 200, 2),
        seed: integer(values.seed, 'seed', -(2 ** 31), 2 ** 32 - 1, 42),
        port,
        token: values.token,
        tickMs: integer(values['tick-ms'], 'tick-ms', 0, 86_400_000, 3_000),
        controlPort: integer(values['control-port'], 'control-port', 0, 65535, 0),
        loginMode,
        help: values.help ?? false,
      },
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
}

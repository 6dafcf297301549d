// startSimulator: several simulated 4D Servers, each on its own 127.0.0.1
// listener, drawing licenses from per-machine pools (see api.ts).

import type { LicenseRecord } from '../core/types/index.ts'
import type { FaultMode, SimLoginMode, SimServerInfo, SimSessionKind, SimTruth, SimulatorHandle, SimulatorOptions } from './api.ts'
import { DEFAULT_PRODUCTS } from './catalog.ts'
import { LicenseModel, toLicenseRecord, type HeldLicense, type ModelServer, type WireRecord } from './license-model.ts'
import { DEFAULT_UTC_OFFSET_MINUTES, servedRecord } from './payloads.ts'
import { createRandom } from './prng.ts'
import { METRICS_PATH } from './metrics.ts'
import { ARRAY_PATH, JSON_PATH, LOGIN_PATH, REST_FUNCTION, REST_PREFIX, SimHttpServer } from './sim-server.ts'
import { DEFAULT_IDLE_MINUTES } from './web-sessions.ts'

export type { SimulatorHandle, SimulatorOptions } from './api.ts'

export const FAULT_MODES: readonly FaultMode[] = ['none', 'down', 'slow', 'http500', 'http401', 'invalidJson', 'badRecords', 'oversized']
export const LOGIN_MODES: readonly SimLoginMode[] = ['default', 'force']

/** The handle startSimulator returns: api.ts's, with its optional parts always present. */
export type LocalSimulator = Omit<SimulatorHandle, 'servers'> &
  Required<Pick<SimulatorHandle, 'settled' | 'restSessions' | 'forgetRestSessions' | 'restart' | 'move' | 'usedRange' | 'setLoginMode'>> & {
    /** Every URL is present here, metrics and login included. */
    servers(): Required<SimServerInfo>[]
  }

export async function startSimulator(options: SimulatorOptions = {}): Promise<LocalSimulator> {
  const serverCount = positiveInteger(options.servers ?? 3, 'servers')
  const host = options.host ?? '127.0.0.1'
  const now = options.now ?? Date.now
  const model = new LicenseModel({
    servers: serverCount,
    machines: positiveInteger(options.machines ?? 2, 'machines'),
    ...(options.answers ? { answers: options.answers } : {}),
    products: options.products ?? DEFAULT_PRODUCTS,
    random: createRandom(options.seed ?? 42),
    now,
  })
  model.fillInitial(options.initialClients)
  const offset = options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES
  const loginMode = options.loginMode ?? 'default'
  if (!LOGIN_MODES.includes(loginMode)) throw new Error(`Unknown login mode "${loginMode}"; expected one of ${LOGIN_MODES.join(', ')}.`)
  /** What a correct poller makes of a held license as this server sends it. */
  const asServed = (server: ModelServer, held: HeldLicense): LicenseRecord => {
    const served = servedRecord(model, server, held.record, offset)
    return {
      ...toLicenseRecord({ kind: held.kind, record: served as WireRecord }),
      globalProductUsedCount: served.globalProductUsedCount ?? null,
    }
  }

  const listeners = new Map<string, SimHttpServer>()
  try {
    for (const [i, server] of model.servers.entries()) {
      const auth = options.perServer?.[server.id] ?? { token: options.token, basicAuth: options.basicAuth, restLogin: options.restLogin }
      const listener = new SimHttpServer({
        model,
        server,
        host,
        auth,
        tls: options.tls,
        now,
        slowMs: options.slowMs ?? 10_000,
        loginMode,
        idleMinutes: options.sessionIdleMinutes ?? DEFAULT_IDLE_MINUTES,
        utcOffsetMinutes: offset,
      })
      listeners.set(server.id, listener)
      await listener.listen(options.port ? options.port + i : 0)
    }
  } catch (error) {
    await Promise.all([...listeners.values()].map((l) => l.close()))
    throw new Error(`The simulator could not listen on ${host}: ${(error as Error).message}`)
  }

  let ticker: NodeJS.Timeout | null = null
  const listenerOf = (serverId: string): SimHttpServer => {
    model.server(serverId) // throws the helpful error for an unknown id
    return listeners.get(serverId) as SimHttpServer
  }

  return {
    servers: () => model.servers.map((s) => serverInfo(s, host, listenerOf(s.id).port, options.tls !== undefined)),
    setFault(serverId, fault) {
      if (!FAULT_MODES.includes(fault)) throw new Error(`Unknown fault "${fault}"; expected one of ${FAULT_MODES.join(', ')}.`)
      listenerOf(serverId).setFault(fault)
    },
    retain(serverId: string, productId: number, kind?: SimSessionKind): LicenseRecord | null {
      const held = model.retain(serverId, productId, kind)
      return held ? asServed(model.server(serverId), held) : null
    },
    release: (serverId, token) => model.release(serverId, token),
    step: () => model.step(),
    move: (fromServerId, toServerId, productId) => model.move(fromServerId, toServerId, productId),
    usedRange: (machine, productId, fromMs, toMs) => model.usedRange(machine, productId, fromMs, toMs),
    startTicking(ms) {
      if (ticker) clearInterval(ticker)
      ticker = setInterval(() => model.step(), positiveInteger(ms, 'tick interval'))
      ticker.unref() // a demo ticker alone must not keep the process alive
    },
    stopTicking() {
      if (ticker) clearInterval(ticker)
      ticker = null
    },
    truth(): SimTruth {
      const truth = model.truth()
      for (const server of truth.servers) {
        const listener = listenerOf(server.id)
        const modelServer = model.server(server.id)
        server.fault = listener.fault
        server.records = modelServer.licenses.map((held) => asServed(modelServer, held))
        server.usage = modelServer.licenses.map((held) => structuredClone(servedRecord(model, modelServer, held.record, offset)))
        server.webSessions = listener.sessions.list(now())
        server.loginMode = listener.sessions.mode
      }
      return truth
    },
    requestStats(serverId) {
      const { requests, maxInFlight, received, inFlight } = listenerOf(serverId).stats
      return { requests, maxInFlight, received, inFlight }
    },
    restSessions(serverId) {
      const auth = listenerOf(serverId).auth
      return { opened: auth.opened, active: auth.active() }
    },
    forgetRestSessions: (serverId) => listenerOf(serverId).forgetSessions(),
    restart(serverId) {
      // The server's own state only: the model's arrival and departure logic is untouched.
      const server = model.server(serverId)
      server.licenses.length = 0
      server.nextToken = 1
      listenerOf(serverId).forgetSessions()
    },
    setLoginMode(serverId, mode) {
      if (!LOGIN_MODES.includes(mode)) throw new Error(`Unknown login mode "${mode}"; expected one of ${LOGIN_MODES.join(', ')}.`)
      listenerOf(serverId).sessions.mode = mode
    },
    async settled() {
      await Promise.all([...listeners.values()].map((l) => l.settled()))
    },
    async stop() {
      if (ticker) clearInterval(ticker)
      ticker = null
      await Promise.all([...listeners.values()].map((l) => l.close()))
    },
  }
}

function serverInfo(
  server: { id: string; name: string; machine: string },
  host: string,
  port: number,
  https: boolean,
): Required<SimServerInfo> {
  const base = `${https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    id: server.id,
    name: server.name,
    machine: server.machine,
    port,
    jsonUrl: base + JSON_PATH,
    arrayUrl: base + ARRAY_PATH,
    restUrl: base + REST_PREFIX + REST_FUNCTION,
    metricsUrl: base + METRICS_PATH,
    loginUrl: base + LOGIN_PATH,
  }
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`The simulator's ${what} must be a positive integer, not ${value}.`)
  return value
}

// A small HTTP API beside the simulator so a person (curl) or a test in
// another process can take servers down, restart them, retain and release
// licenses, step.
// Bound to loopback only; guarded by the simulator's token when one is set.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { FaultMode, SimLoginMode, SimSessionKind, SimulatorHandle } from './api.ts'
import { FAULT_MODES, LOGIN_MODES } from './simulator.ts'

const KINDS: readonly SimSessionKind[] = ['remote', 'rest', 'sql', 'web']
const MAX_BODY_BYTES = 16 * 1024

export interface ControlApi {
  url: string
  close(): Promise<void>
}

class BadRequest extends Error {
  status: number
  constructor(message: string, status = 400) {
    super(message)
    this.status = status
  }
}

type Body = Record<string, unknown>
type Route = (body: Body) => Promise<{ status?: number; body: unknown }>

function routesFor(sim: SimulatorHandle): Record<string, { method: 'GET' | 'POST'; run: Route }> {
  return {
    '/truth': { method: 'GET', run: async () => ({ body: sim.truth() }) },
    '/fault': {
      method: 'POST',
      run: async (body) => {
        const serverId = text(body, 'serverId')
        const fault = body['fault'] as FaultMode
        if (!FAULT_MODES.includes(fault)) throw new BadRequest(`"fault" must be one of ${FAULT_MODES.join(', ')}, not ${shown(fault)}.`)
        sim.setFault(serverId, fault)
        await sim.settled?.()
        return { body: { serverId, fault } }
      },
    },
    '/login-mode': {
      method: 'POST',
      run: async (body) => {
        const serverId = text(body, 'serverId')
        const mode = body['mode'] as SimLoginMode
        if (!LOGIN_MODES.includes(mode)) throw new BadRequest(`"mode" must be one of ${LOGIN_MODES.join(', ')}, not ${shown(mode)}.`)
        if (!sim.setLoginMode) throw new BadRequest('This simulator cannot switch the login mode.', 501)
        sim.setLoginMode(serverId, mode)
        return { body: { serverId, mode } }
      },
    },
    '/retain': {
      method: 'POST',
      run: async (body) => {
        const kind = body['kind']
        if (kind !== undefined && !KINDS.includes(kind as SimSessionKind))
          throw new BadRequest(`"kind" must be one of ${KINDS.join(', ')}.`)
        const record = sim.retain(text(body, 'serverId'), whole(body, 'productId'), kind as SimSessionKind | undefined)
        if (!record) return { status: 409, body: { error: `The machine's pool for product ${String(body['productId'])} is full.` } }
        return { body: { record } }
      },
    },
    '/release': {
      method: 'POST',
      run: async (body) => {
        const serverId = text(body, 'serverId')
        const token = whole(body, 'token')
        if (!sim.release(serverId, token))
          return { status: 404, body: { error: `Server ${serverId} holds no license with token ${token}.` } }
        return { body: { released: true } }
      },
    },
    '/restart': {
      method: 'POST',
      run: async (body) => {
        const serverId = text(body, 'serverId')
        if (!sim.restart) throw new BadRequest('This simulator cannot restart a server.', 501)
        sim.restart(serverId)
        return { body: { serverId, restarted: true } }
      },
    },
    '/step': {
      method: 'POST',
      run: async () => {
        sim.step()
        return { body: { stepped: true } }
      },
    },
  }
}

/** A body value for an error message; JSON.stringify(undefined) is undefined (though typed string), so an absent value reads "missing". */
function shown(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value)
}

function text(body: Body, key: string): string {
  const value = body[key]
  if (typeof value !== 'string' || value === '') throw new BadRequest(`"${key}" must be a non-empty string.`)
  return value
}

function whole(body: Body, key: string): number {
  const value = body[key]
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new BadRequest(`"${key}" must be a whole number.`)
  return value
}

async function readJsonBody(req: IncomingMessage): Promise<Body> {
  let raw = ''
  for await (const chunk of req) {
    raw += String(chunk)
    if (raw.length > MAX_BODY_BYTES) throw new BadRequest(`The request body is over ${MAX_BODY_BYTES} bytes.`, 413)
  }
  if (raw.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new BadRequest('The request body is not valid JSON.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BadRequest('The request body must be a JSON object.')
  return parsed as Body
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body, null, 2)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) })
  res.end(payload)
}

export async function startControlApi(sim: SimulatorHandle, options: { port?: number; token?: string } = {}): Promise<ControlApi> {
  const routes = routesFor(sim)
  const server = createServer((req, res) => {
    void (async () => {
      const route = routes[new URL(req.url ?? '/', 'http://control').pathname]
      if (!route) {
        send(res, 404, {
          error: `No control endpoint at ${req.url}; try GET /truth, POST /fault, /login-mode, /retain, /release, /restart or /step.`,
        })
        return
      }
      if (req.method !== route.method) {
        send(res, 405, { error: `Use ${route.method} for ${req.url}.` })
        return
      }
      if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
        send(res, 401, { error: 'The control API needs the simulator token as Authorization: Bearer.' })
        return
      }
      try {
        const result = await route.run(req.method === 'POST' ? await readJsonBody(req) : {})
        send(res, result.status ?? 200, result.body)
      } catch (error) {
        // Errors from the simulator itself (unknown server or product) are the caller's mistake too.
        send(res, error instanceof BadRequest ? error.status : 400, { error: (error as Error).message })
      }
    })()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = address && typeof address === 'object' ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

// What the simulated servers hold: one license pool per machine and product,
// shared by every server of that machine, as on a real 4D deployment.
// No I/O here: the HTTP side only reads `serversById` and the wire records.

import type { LicenseRecord } from '../core/types/index.ts'
import type { SimAnswerShape, SimProductSpec, SimSessionKind, SimTruth } from './api.ts'
import { defaultKindFor, CLIENT_PRODUCT_ID, machineName, REASONS, serverName } from './catalog.ts'
import type { Random } from './prng.ts'
import { changeState, hasState, makeSession, toSessionInfo, type WireSession } from './sessions.ts'

/** A `License usage` record exactly as served; newer releases may add keys. */
export interface WireRecord {
  productId: number
  productName: string
  productUsedCount: number
  productBalance: number
  globalProductUsedCount: number
  token: number
  time: string
  reason: string
  session: WireSession
  [unknownField: string]: unknown
}

export interface HeldLicense {
  kind: SimSessionKind
  record: WireRecord
}

export interface ModelServer {
  id: string
  name: string
  machine: string
  nextToken: number
  licenses: HeldLicense[]
}

/** The true count of one machine's pool from `at` on (until the next change): the ground truth per instant. */
export interface PoolChange {
  at: number
  machine: string
  productId: number
  used: number
}

/** Changes kept (at least) for tests and benchmarks to compare against; older ones are dropped (a demo runs for days). */
export const MAX_POOL_CHANGES = 50_000

export interface ModelOptions {
  servers: number
  machines: number
  answers?: SimAnswerShape
  products: readonly SimProductSpec[]
  random: Random
  now: () => number
}

export class LicenseModel {
  readonly servers: ModelServer[]
  readonly products: readonly SimProductSpec[]
  readonly machines: string[]
  private readonly random: Random
  private readonly now: () => number
  /** Every change of a machine's pool count, oldest first (at most MAX_POOL_CHANGES). */
  readonly changes: PoolChange[] = []
  /** How the servers shape their answers (payloads.ts reads it). */
  readonly answers: Required<SimAnswerShape>

  constructor(options: ModelOptions) {
    this.products = options.products
    this.random = options.random
    this.now = options.now
    this.answers = { globalCounts: 'shared', serverBlock: true, licenseNumbers: false, ...options.answers }
    // A machine without a server holds no pool worth showing.
    const machineCount = Math.max(1, Math.min(options.machines, options.servers))
    this.machines = Array.from({ length: machineCount }, (_, i) => machineName(i))
    this.servers = Array.from({ length: options.servers }, (_, i) => ({
      id: `s${i + 1}`,
      name: serverName(i),
      machine: this.machines[i % machineCount] as string,
      nextToken: 1,
      licenses: [],
    }))
  }

  /** The license number of a machine's License info: one per machine, as each machine has its own license. */
  licenseNumber(machine: string): string {
    return `LN-${String(100_001 + this.machines.indexOf(machine))}`
  }

  server(serverId: string): ModelServer {
    const server = this.servers.find((s) => s.id === serverId)
    if (!server) throw new Error(`No simulated server has id "${serverId}" (known: ${this.servers.map((s) => s.id).join(', ')}).`)
    return server
  }

  product(productId: number): SimProductSpec {
    const product = this.products.find((p) => p.productId === productId)
    if (!product) throw new Error(`The simulator has no product with id ${productId}.`)
    return product
  }

  /** Licenses of a product held right now by every server of a machine. */
  machineCount(machine: string, productId: number): number {
    let count = 0
    for (const server of this.servers) {
      if (server.machine === machine) count += serverCount(server, productId)
    }
    return count
  }

  retain(serverId: string, productId: number, kind?: SimSessionKind): HeldLicense | null {
    const server = this.server(serverId)
    const product = this.product(productId)
    const global = this.machineCount(server.machine, productId)
    if (global >= product.allowed) return null
    const sessionKind = kind ?? defaultKindFor(productId)
    const time = new Date(this.now()).toISOString()
    const record: WireRecord = {
      productId,
      productName: product.productName,
      productUsedCount: serverCount(server, productId) + 1,
      productBalance: product.allowed - (global + 1),
      globalProductUsedCount: global + 1,
      token: server.nextToken++,
      time,
      reason: REASONS[sessionKind],
      session: makeSession(sessionKind, this.random, time),
    }
    this.maybeAddUnknownField(record)
    const held = { kind: sessionKind, record }
    server.licenses.push(held)
    this.logChange(server.machine, productId)
    return held
  }

  release(serverId: string, token: number): boolean {
    const server = this.server(serverId)
    const index = server.licenses.findIndex((l) => l.record.token === token)
    if (index < 0) return false
    const [gone] = server.licenses.splice(index, 1)
    if (gone) this.logChange(server.machine, gone.record.productId)
    return true
  }

  /**
   * A client leaves one server and another joins a sibling on the same
   * machine, in the same instant: the machine's count does not change, but a
   * monitor that reads the two servers at different moments sees it counted
   * twice or not at all (issue 16). Returns false when there was nothing to move.
   */
  move(fromServerId: string, toServerId: string, productId?: number): boolean {
    const from = this.server(fromServerId)
    const to = this.server(toServerId)
    if (from.machine !== to.machine)
      throw new Error(`Servers "${from.id}" and "${to.id}" do not share a machine; a move stays within one pool.`)
    const candidates = from.licenses.filter((l) => productId === undefined || l.record.productId === productId)
    if (candidates.length === 0) return false
    const leaving = candidates[this.random.int(0, candidates.length - 1)] as HeldLicense
    this.release(from.id, leaving.record.token)
    return this.retain(to.id, leaving.record.productId, leaving.kind) !== null
  }

  /** Lowest and highest true count of a machine's pool over [fromMs, toMs], from the change log; null before any change. */
  usedRange(machine: string, productId: number, fromMs: number, toMs: number): { min: number; max: number } | null {
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    let before: PoolChange | undefined
    for (const change of this.changes) {
      if (change.machine !== machine || change.productId !== productId) continue
      if (change.at < fromMs) before = change
      else if (change.at <= toMs) {
        min = Math.min(min, change.used)
        max = Math.max(max, change.used)
      }
    }
    // The count in force when the window opened counts too.
    if (before) {
      min = Math.min(min, before.used)
      max = Math.max(max, before.used)
    }
    return max === Number.NEGATIVE_INFINITY ? null : { min, max }
  }

  /** About half of each machine's pools at start, spread over its servers; or `perServer` arrivals on each server. */
  fillInitial(perServer: number | undefined): void {
    if (perServer !== undefined) {
      for (const server of this.servers) {
        for (let i = 0; i < perServer; i++) this.arrive(server)
      }
      return
    }
    for (const machine of this.machines) {
      const servers = this.servers.filter((s) => s.machine === machine)
      for (const product of this.products) {
        const target = Math.round(product.allowed / 2)
        for (let i = 0; i < target; i++) {
          const server = servers[i % servers.length] as ModelServer
          this.retain(server.id, product.productId, this.kindFor(product.productId))
        }
      }
    }
  }

  /** A few departures, arrivals and session state changes on every server. */
  step(): void {
    for (const server of this.servers) {
      const departures = Math.min(this.random.int(0, 2), server.licenses.length)
      for (let i = 0; i < departures; i++) {
        server.licenses.splice(this.random.int(0, server.licenses.length - 1), 1)
      }
      const arrivals = this.random.int(0, 2)
      for (let i = 0; i < arrivals; i++) this.arrive(server)
      for (const license of server.licenses) {
        if (hasState(license.record.session) && this.random.chance(0.1)) changeState(license.record.session, this.random)
      }
    }
    this.moveWithinMachines()
  }

  /** One client moves between two servers of each machine that has several (see move()). */
  moveWithinMachines(): void {
    for (const machine of this.machines) {
      const servers = this.servers.filter((s) => s.machine === machine)
      if (servers.length < 2) continue
      const from = servers[this.random.int(0, servers.length - 1)] as ModelServer
      const others = servers.filter((s) => s !== from)
      this.move(from.id, (others[this.random.int(0, others.length - 1)] as ModelServer).id)
    }
  }

  private logChange(machine: string, productId: number): void {
    this.changes.push({ at: this.now(), machine, productId, used: this.machineCount(machine, productId) })
    // Trimmed in batches: one splice per thousand changes, not one per change.
    if (this.changes.length > MAX_POOL_CHANGES + 1_000) this.changes.splice(0, this.changes.length - MAX_POOL_CHANGES)
  }

  truth(): SimTruth {
    return {
      machines: this.machines.map((machine) => ({
        machine,
        servers: this.servers.filter((s) => s.machine === machine).map((s) => s.id),
        products: this.products.map((p) => ({
          productId: p.productId,
          productName: p.productName,
          allowed: p.allowed,
          used: this.machineCount(machine, p.productId),
        })),
      })),
      servers: this.servers.map((server) => ({
        id: server.id,
        name: server.name,
        machine: server.machine,
        fault: 'none',
        records: server.licenses.map(toLicenseRecord),
        usage: server.licenses.map((l) => structuredClone(l.record)),
      })),
    }
  }

  /** A client of a product weighted by pool size; refused when the pool is full. */
  private arrive(server: ModelServer): void {
    const total = this.products.reduce((sum, p) => sum + p.allowed, 0)
    if (total <= 0) return
    let ticket = this.random.next() * total
    const product = this.products.find((p) => (ticket -= p.allowed) < 0) ?? (this.products[0] as SimProductSpec)
    this.retain(server.id, product.productId, this.kindFor(product.productId))
  }

  private kindFor(productId: number): SimSessionKind {
    // Some 4D Client licenses are REST sessions (web apps, remote datastores).
    if (productId === CLIENT_PRODUCT_ID && this.random.chance(0.25)) return 'rest'
    return defaultKindFor(productId)
  }

  /** Newer 4D releases add fields; consumers must ignore what they do not know. */
  private maybeAddUnknownField(record: WireRecord): void {
    if (!this.random.chance(0.15)) return
    if (record.session['type'] === 'remote' && this.random.chance(0.5)) {
      record.session['licenseToken'] = this.random.int(1000, 99999)
    } else {
      record['retainOrigin'] = this.random.pick(['server', 'client', 'component'])
    }
  }
}

function serverCount(server: ModelServer, productId: number): number {
  return server.licenses.reduce((n, l) => (l.record.productId === productId ? n + 1 : n), 0)
}

/** The normalised form of a held license, as a correct poller would produce it. */
export function toLicenseRecord(license: HeldLicense): LicenseRecord {
  const r = license.record
  return {
    productId: r.productId,
    productName: r.productName,
    productUsedCount: r.productUsedCount,
    productBalance: r.productBalance,
    globalProductUsedCount: r.globalProductUsedCount,
    token: r.token,
    time: r.time,
    reason: r.reason,
    session: toSessionInfo(license.kind, r.session),
  }
}

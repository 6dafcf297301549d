// Builds Snapshots for history tests: servers with a status, and the licenses
// each holds. Counts, shares and statuses follow from the licenses.
import type { LicenseHeld, MachineUsage, ProductUsage, ServerStatusKind, Snapshot } from '../../../main/core/types/index.ts'

export interface ServerSpec {
  name: string
  machine: string
  status?: ServerStatusKind
}

export interface LicenseSpec {
  server: string
  token: number
  productId?: number
  user?: string
  since?: string | null
  /** The session's key (a digest of its ID in the app); absent: the record has no session ID. */
  sessionKey?: string
}

export const PRODUCT_NAMES: Record<number, string> = { 1: '4D Client', 2: '4D SQL Server', 3: '4D Web Server' }

export function snapshot(servers: ServerSpec[], licenses: LicenseSpec[], limit = 10): Snapshot {
  const machines = [...new Set(servers.map((s) => s.machine))].map((machine) => machineUsage(machine, servers, licenses, limit))
  return {
    generatedAt: new Date(0).toISOString(),
    demo: false,
    machines,
    servers: servers.map((s) => ({
      id: s.name.toLowerCase(),
      name: s.name,
      machine: s.machine,
      url: `http://127.0.0.1/${s.name}`,
      status: s.status ?? 'up',
      latencyMs: 1,
      lastSuccessAt: null,
      lastError: null,
      warnings: [],
      version: null,
    })),
  }
}

function machineUsage(machine: string, servers: ServerSpec[], licenses: LicenseSpec[], limit: number): MachineUsage {
  const own = servers.filter((s) => s.machine === machine)
  const names = new Set(own.map((s) => s.name))
  const mine = licenses.filter((l) => names.has(l.server))
  const productIds = [...new Set([1, ...mine.map((l) => l.productId ?? 1)])].sort((a, b) => a - b)
  const stale = own.some((s) => (s.status ?? 'up') !== 'up')
  return { machine, servers: own.map((s) => s.name), products: productIds.map((id) => productUsage(id, own, mine, limit, stale)) }
}

function productUsage(productId: number, own: ServerSpec[], mine: LicenseSpec[], limit: number, stale: boolean): ProductUsage {
  const held = mine.filter((l) => (l.productId ?? 1) === productId)
  const used = held.length
  return {
    productId,
    productName: PRODUCT_NAMES[productId] ?? `Product ${productId}`,
    used,
    limit,
    remaining: limit - used,
    utilization: used / limit,
    unlimited: false,
    limitSource: 'licenseInfo',
    status: used >= limit ? 'exhausted' : 'ok',
    shares: own.map((s) => ({ server: s.name, used: held.filter((l) => l.server === s.name).length })),
    flags: [],
    stale,
    licenses: held.map((l) => licenseHeld(l, productId)),
  }
}

function licenseHeld(l: LicenseSpec, productId: number): LicenseHeld {
  return {
    server: l.server,
    token: l.token,
    productId,
    since: l.since === undefined ? null : l.since,
    reason: 'CLIENT',
    sessionType: 'remote',
    userName: l.user ?? `user${l.token}`,
    clientMachine: `PC-${l.token}`,
    ipAddress: `10.0.0.${l.token % 250}`,
    state: 'active',
    hostType: 'windows',
    ...(l.sessionKey === undefined ? {} : { sessionKey: l.sessionKey }),
  }
}

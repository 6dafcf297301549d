// Snapshots shaped like the backend's, for the renderer tests and screenshots.
import type { LicenseHeld, MachineUsage, ProductUsage, ServerSummary, Snapshot } from '../../main/core/types/index.ts'

export const NOW = Date.parse('2026-11-28T09:15:00.000Z')

const USERS = ['maria', 'joao', 'ana', 'pedro', 'lucia', 'rafael', 'beatriz', 'carlos', 'sofia', 'tiago', 'ines', 'miguel']

export function license(overrides: Partial<LicenseHeld> & Pick<LicenseHeld, 'server' | 'token' | 'productId'>): LicenseHeld {
  return {
    since: new Date(NOW - 17 * 60_000).toISOString(),
    reason: 'remote connection',
    sessionType: 'remote',
    userName: 'maria',
    clientMachine: 'PC-FIN-07',
    ipAddress: '10.0.3.17',
    state: 'active',
    hostType: 'windows',
    ...overrides,
  }
}

function licensesFor(productId: number, count: number, servers: string[], firstToken: number): LicenseHeld[] {
  return Array.from({ length: count }, (_, i) =>
    license({
      server: servers[i % servers.length] as string,
      token: firstToken + i,
      productId,
      userName: USERS[i % USERS.length],
      clientMachine: `PC-${String(10 + i).padStart(3, '0')}`,
      ipAddress: `10.0.3.${20 + i}`,
      state: i % 5 === 3 ? 'sleeping' : i % 7 === 4 ? 'postponed' : 'active',
      since: new Date(NOW - (i * 37 + 3) * 60_000).toISOString(),
    }),
  )
}

export function product(overrides: Partial<ProductUsage> & Pick<ProductUsage, 'productId' | 'productName'>): ProductUsage {
  const used = overrides.used ?? 0
  const limit = overrides.limit === undefined ? 10 : overrides.limit
  return {
    used,
    limit,
    remaining: limit === null ? null : limit - used,
    utilization: limit === null ? null : used / limit,
    unlimited: false,
    limitSource: 'licenseInfo',
    status: 'ok',
    shares: [],
    flags: [],
    stale: false,
    licenses: [],
    ...overrides,
  }
}

function pooled(
  productId: number,
  productName: string,
  used: number,
  limit: number | null,
  servers: string[],
  extra: Partial<ProductUsage> = {},
): ProductUsage {
  const licenses = licensesFor(productId, used, servers, productId * 100)
  const shares = servers.map((server) => ({ server, used: licenses.filter((l) => l.server === server).length })).filter((s) => s.used > 0)
  return product({ productId, productName, used, limit, licenses, shares, ...extra })
}

export function machines(): MachineUsage[] {
  const app01 = ['Accounting', 'HR']
  const app02 = ['Warehouse']
  return [
    {
      machine: 'srv-app-01',
      servers: app01,
      products: [
        pooled(808464441, '4D Client', 8, 10, app01, { status: 'warning' }),
        pooled(808464945, '4D Web Server', 1, 3, app01),
        pooled(808465464, '4D SQL Server', 5, 5, app01, {
          status: 'exhausted',
          flags: ['Accounting reports a limit of 5 and HR reports 6 for 4D SQL Server; showing 5.'],
        }),
        pooled(808465209, '4D Client Web', 2, null, app01, { unlimited: true, limitSource: 'licenseInfo', status: 'ok' }),
      ],
    },
    {
      machine: 'srv-app-02',
      servers: app02,
      products: [
        pooled(808464441, '4D Client', 9, 10, app02, { status: 'critical', stale: true }),
        pooled(808465207, '4D View', 2, null, app02, { limitSource: 'unknown', status: 'unknown', stale: true }),
      ],
    },
  ]
}

export function servers(): ServerSummary[] {
  return [
    server({ id: 'accounting', name: 'Accounting', machine: 'srv-app-01', latencyMs: 42, version: '20 R10' }),
    server({
      id: 'hr',
      name: 'HR',
      machine: 'srv-app-01',
      latencyMs: 118,
      version: '20 R8',
      warnings: ['3 of 120 records invalid: productId missing'],
    }),
    server({
      id: 'warehouse',
      name: 'Warehouse',
      machine: 'srv-app-02',
      status: 'down',
      latencyMs: 4003,
      version: '19 R8',
      lastSuccessAt: new Date(NOW - 6 * 60_000).toISOString(),
      lastError: 'Warehouse did not answer within 4 s (timeout).',
    }),
  ]
}

export function server(overrides: Partial<ServerSummary> & Pick<ServerSummary, 'id' | 'name'>): ServerSummary {
  return {
    machine: 'srv-app-01',
    url: `http://${overrides.id}.example:8080/license-usage`,
    status: 'up',
    latencyMs: 40,
    lastSuccessAt: new Date(NOW - 2_000).toISOString(),
    lastError: null,
    warnings: [],
    version: null,
    ...overrides,
  }
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return { generatedAt: new Date(NOW).toISOString(), demo: false, machines: machines(), servers: servers(), ...overrides }
}

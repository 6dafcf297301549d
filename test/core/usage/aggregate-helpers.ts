// Builders for aggregation tests: each test spells out the numbers that matter and leaves the rest to these defaults.
import type {
  LicenseInfoProduct,
  LicenseRecord,
  ServerPayload,
  ServerState,
  ServerStatusKind,
  SessionInfo,
} from '../../../main/core/types/index.ts'

export const CLIENT = 808464441 // "0009", 4D Client
export const SQL = 1001
export const WEB = 808464945

export function session(fields: Partial<SessionInfo> = {}): SessionInfo {
  return {
    type: 'remote',
    userName: 'maria',
    machineName: 'PC-FIN-07',
    systemUserName: null,
    IPAddress: '10.0.3.17',
    hostType: 'windows',
    creationDateTime: null,
    state: 'active',
    ID: null,
    ...fields,
  }
}

export function record(fields: Partial<LicenseRecord> & Pick<LicenseRecord, 'token'>): LicenseRecord {
  return {
    productId: CLIENT,
    productName: '4D Client',
    productUsedCount: null,
    productBalance: null,
    globalProductUsedCount: null,
    time: '2026-11-28T09:00:00.000Z',
    reason: 'remote connection',
    session: session(),
    ...fields,
  }
}

/** n records of one product with consecutive tokens. */
export function records(n: number, first: number, fields: Partial<LicenseRecord> = {}): LicenseRecord[] {
  return Array.from({ length: n }, (_, i) => record({ ...fields, token: first + i }))
}

export function info(id: number, name: string, allowedCount: number | null, usedCount: number | null = null): LicenseInfoProduct {
  return { id, name, usedCount, allowedCount }
}

export function payload(recs: LicenseRecord[], infoProducts: LicenseInfoProduct[] | null = null): ServerPayload {
  return {
    server: { name: null, machine: null, version: '20 R10' },
    time: null,
    licenseInfo: infoProducts ? { products: infoProducts } : null,
    records: recs,
    invalidCount: 0,
    totalCount: recs.length,
    invalidSummary: null,
  }
}

export function server(name: string, machine: string, data: ServerPayload | null, status: ServerStatusKind = 'up'): ServerState {
  return {
    id: name.toLowerCase(),
    name,
    url: `http://${machine}:8080/license-usage`,
    machine,
    status,
    latencyMs: data ? 12 : null,
    lastSuccessAt: data ? '2026-11-28T09:15:02.311Z' : null,
    lastAttemptAt: '2026-11-28T09:15:02.311Z',
    lastError: data ? null : 'Connection refused',
    warnings: [],
    consecutiveFailures: data ? 0 : 3,
    version: null,
    payload: data,
  }
}

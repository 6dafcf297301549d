// Builders for machine-round tests: servers of one machine, read at given moments on the monitor's clock.
import { aggregate } from '../../../main/core/usage/aggregate.ts'
import type { LicenseRecord, ServerPayload, ServerState, ServerStatusKind } from '../../../main/core/types/index.ts'

export const CLIENT = 808464441
export const T0 = Date.parse('2026-11-28T09:15:00.000Z')
export const iso = (ms: number) => new Date(T0 + ms).toISOString()

/** A record retained at `atMs` (after T0), with the machine-wide count at that moment when given. */
export function held(token: number, atMs: number, global: number | null = null): LicenseRecord {
  return {
    productId: CLIENT,
    productName: '4D Client',
    productUsedCount: null,
    productBalance: global === null ? null : 10 - global,
    globalProductUsedCount: global,
    token,
    time: iso(atMs),
    reason: 'remote connection',
    session: null,
  }
}

export interface Read {
  name: string
  records: LicenseRecord[]
  /** Monitor clock: request and answer, ms after T0. */
  askedMs: number
  answeredMs: number
  /** The server's stamp of its answer (payload time), ms after T0; null for a bare array. */
  stampMs?: number | null
  status?: ServerStatusKind
  intervalMs?: number
}

export function state(read: Read): ServerState {
  const payload: ServerPayload = {
    server: { name: read.name, machine: 'srv-app-01', version: null },
    time: read.stampMs === null ? null : iso(read.stampMs ?? read.answeredMs),
    licenseInfo: { products: [{ id: CLIENT, name: '4D Client', usedCount: null, allowedCount: 10 }] },
    records: read.records,
    invalidCount: 0,
    totalCount: read.records.length,
    invalidSummary: null,
  }
  const status = read.status ?? 'up'
  return {
    id: read.name.toLowerCase(),
    name: read.name,
    url: `http://127.0.0.1/${read.name}`,
    machine: 'srv-app-01',
    status,
    latencyMs: read.answeredMs - read.askedMs,
    lastSuccessAt: iso(read.answeredMs),
    lastAttemptAt: iso(read.askedMs),
    lastError: status === 'down' ? 'connection refused' : null,
    warnings: [],
    consecutiveFailures: status === 'down' ? 1 : 0,
    version: null,
    payload,
    intervalMs: read.intervalMs ?? 5_000,
  }
}

export function tokens(n: number, first: number, atMs = -60_000): LicenseRecord[] {
  return Array.from({ length: n }, (_, i) => held(first + i, atMs))
}

export function clientRow(reads: Read[]) {
  const [machine] = aggregate(reads.map(state))
  return { machine: machine!, row: machine!.products.find((p) => p.productId === CLIENT)! }
}

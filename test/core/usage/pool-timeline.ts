// Test builders for pool evidence: records written the way 4D writes them on a
// machine whose servers share one pool (own and global counts at each retain,
// whole-second times with an offset, no `server` block), from a list of
// retains and releases in order.

import type { LicenseInfoProduct, LicenseRecord, ServerPayload, ServerState } from '../../../main/core/types/index.ts'

export const CLIENT = 808464441 // "0009", 4D Client

export type Step = { retain: string } | { release: string }

interface Options {
  /** Pool size (allowedCount). */
  size: number
  /** Servers whose records carry no globalProductUsedCount (a single 4D Server on its machine sends none). */
  withoutGlobal?: readonly string[]
  /** Seconds between two steps (default 1: every retain in its own second). */
  secondsApart?: number
}

/** Records held at the end, per server, after the steps on one pool. */
export function poolTimeline(steps: readonly Step[], options: Options): Map<string, LicenseRecord[]> {
  const held = new Map<string, LicenseRecord[]>()
  let token = 100
  let second = 0
  for (const step of steps) {
    second += options.secondsApart ?? 1
    if ('release' in step) {
      held.get(step.release)?.shift()
      continue
    }
    const mine = held.get(step.retain) ?? []
    const global = [...held.values()].reduce((sum, list) => sum + list.length, 0) + 1
    if (global > options.size) throw new Error(`test pool of ${options.size} is full`)
    const time = new Date(Date.UTC(2026, 10, 28, 9, 0, second)).toISOString().slice(0, 19) + '+00:00'
    mine.push({
      productId: CLIENT,
      productName: '4D Client',
      productUsedCount: mine.length + 1,
      productBalance: options.size - global,
      globalProductUsedCount: options.withoutGlobal?.includes(step.retain) ? null : global,
      token: token++,
      time,
      reason: 'CLIENT',
      session: null,
    })
    held.set(step.retain, mine)
  }
  return held
}

/** `count` retains on each server in turn, round-robin until each reached its count. */
export function interleaved(counts: Record<string, number>): Step[] {
  const left = { ...counts }
  const steps: Step[] = []
  while (Object.values(left).some((n) => n > 0)) {
    for (const [server, n] of Object.entries(left)) {
      if (n <= 0) continue
      steps.push({ retain: server })
      left[server] = n - 1
    }
  }
  return steps
}

export function bareArrayPayload(records: LicenseRecord[], licenseInfo: ServerPayload['licenseInfo'] = null): ServerPayload {
  return {
    server: { name: null, machine: null, version: null },
    time: null,
    licenseInfo,
    records,
    invalidCount: 0,
    totalCount: records.length,
    invalidSummary: null,
  }
}

export function licenseInfo(allowedCount: number, usedCount: number, licenseNumber?: string): NonNullable<ServerPayload['licenseInfo']> {
  const product: LicenseInfoProduct = { id: CLIENT, name: '4D Client', usedCount, allowedCount }
  return { products: [product], ...(licenseNumber === undefined ? {} : { licenseNumber }) }
}

export function serverState(name: string, machine: string, payload: ServerPayload | null): ServerState {
  return {
    id: name.toLowerCase(),
    name,
    url: `http://${machine}:8080/license-usage`,
    machine,
    status: 'up',
    latencyMs: 10,
    lastSuccessAt: '2026-11-28T09:15:02.311Z',
    lastAttemptAt: '2026-11-28T09:15:02.311Z',
    lastError: null,
    warnings: [],
    consecutiveFailures: 0,
    version: null,
    payload,
  }
}

import { describe, expect, it } from 'vitest'
import { traySummary, TOOLTIP_MAX_LENGTH } from '../../main/core/tray-summary.ts'
import type { MachineUsage, ProductUsage, ServerSummary, Snapshot, UsageStatus } from '../../main/core/types.ts'

function product(productName: string, used: number, limit: number | null, status: UsageStatus): ProductUsage {
  return {
    productId: productName.length, productName, used, limit, remaining: limit === null ? null : limit - used,
    utilization: limit ? used / limit : null, unlimited: false, limitSource: limit === null ? 'unknown' : 'licenseInfo',
    status, shares: [], flags: [], stale: false, licenses: [],
  }
}

function server(name: string, status: ServerSummary['status']): ServerSummary {
  return { id: name, name, machine: 'm', url: 'http://x', status, latencyMs: 1, lastSuccessAt: null, lastError: null, warnings: [], version: null }
}

function snapshot(machines: MachineUsage[], servers: ServerSummary[] = [server('a', 'up')], demo = false): Snapshot {
  return { generatedAt: '2026-11-28T09:00:00.000Z', demo, machines, servers }
}

describe('traySummary', () => {
  it('names each machine with its worst product, and ok machines as ok', () => {
    const summary = traySummary(snapshot([
      { machine: 'srv-app-01', servers: ['a'], products: [product('4D SQL Server', 1, 5, 'ok'), product('4D Client', 8, 10, 'warning')] },
      { machine: 'srv-app-02', servers: ['b'], products: [product('4D Client', 2, 10, 'ok')] },
    ]))
    expect(summary.tooltip).toBe('4D License Monitor — srv-app-01: 4D Client 8/10 (warning); srv-app-02: ok')
    expect(summary.status).toBe('warning')
  })

  it('prefers the worse status, then the higher utilisation, on one machine', () => {
    const summary = traySummary(snapshot([
      { machine: 'm1', servers: ['a'], products: [product('4D Web Server', 2, 3, 'warning'), product('4D Client', 9, 10, 'critical'), product('4D SQL Server', 9, 10, 'warning')] },
      { machine: 'm2', servers: ['b'], products: [product('4D Client', 8, 10, 'warning'), product('4D Web Server', 5, 6, 'warning')] },
    ]))
    expect(summary.tooltip).toBe('4D License Monitor — m1: 4D Client 9/10 (critical); m2: 4D Web Server 5/6 (warning)')
    expect(summary.status).toBe('critical')
  })

  it('shows an unknown limit as ? and counts down servers, which make the status at least unknown', () => {
    const summary = traySummary(snapshot(
      [{ machine: 'm1', servers: ['a'], products: [product('4D Client', 3, null, 'unknown')] }, { machine: 'm2', servers: ['b'], products: [] }],
      [server('a', 'up'), server('b', 'down'), server('c', 'stale')],
    ))
    expect(summary.tooltip).toBe('4D License Monitor — m1: 4D Client 3/? (unknown); m2: no licenses reported; 1 of 3 servers down')
    expect(summary.serversDown).toBe(1)
    const allOk = traySummary(snapshot([{ machine: 'm', servers: ['a'], products: [product('4D Client', 1, 10, 'ok')] }], [server('a', 'up'), server('b', 'down')]))
    expect(allOk.status).toBe('unknown')
  })

  it('says so before any data and in demo mode', () => {
    expect(traySummary(null)).toEqual({ status: 'unknown', tooltip: '4D License Monitor — no data yet', serversDown: 0 })
    expect(traySummary(snapshot([], [], true)).tooltip).toBe('4D License Monitor (demo) — no data yet')
  })

  it('cuts long tooltips to the Windows limit with an ellipsis', () => {
    const machines = Array.from({ length: 12 }, (_, i) => ({ machine: `server-machine-${i}`, servers: ['a'], products: [product('4D Client', 10, 10, 'exhausted' as const)] }))
    const { tooltip, status } = traySummary(snapshot(machines))
    expect(tooltip).toHaveLength(TOOLTIP_MAX_LENGTH)
    expect(tooltip.endsWith('…')).toBe(true)
    expect(status).toBe('exhausted')
  })
})

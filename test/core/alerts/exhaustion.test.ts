// Integration: the simulator fills one machine's 4D Client pool to exhaustion
// and drains it, over real sockets; the monitor polls it on a fake clock (30 s
// between cycles) and the notices it hands out are exactly the four expected.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseAlertConfig } from '../../../main/core/alerts/config.ts'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import type { Notice, Snapshot } from '../../../main/core/types/index.ts'
import { CLIENT_PRODUCT_ID } from '../../../main/simulator/catalog.ts'
import { serverConfigsFor } from '../../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import { FakeClock } from '../fake-clock.ts'

let simulator: LocalSimulator
let monitor: Monitor

beforeEach(async () => {
  simulator = await startSimulator({
    servers: 2,
    machines: 1,
    seed: 3,
    initialClients: 0,
    products: [{ productId: CLIENT_PRODUCT_ID, productName: '4D Client', allowed: 10 }],
  })
})

afterEach(async () => {
  await monitor.stop()
  await simulator.stop()
})

describe('alerts while a pool fills up and drains', () => {
  it('gives exactly one warning, one critical, one exhausted and one resolved notice', async () => {
    const parsed = parseAlertConfig({ warning: { forMs: 0 } })
    if (!parsed.ok) throw new Error(parsed.error)
    const notices: Notice[] = []
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    // Both servers over HTTP JSON: a REST poll would hold one of the ten licenses itself (see one-session.test.ts).
    const servers = serverConfigsFor(simulator.servers()).map((config, i) => ({
      ...config,
      kind: 'http-json' as const,
      url: simulator.servers()[i]!.jsonUrl,
    }))
    monitor = createMonitor({ servers, demo: false, clock, alerts: { config: parsed.config, onNotice: (n) => notices.push(n) } })
    const statuses: string[] = []
    const cycle = async () => {
      await monitor.pollNow()
      const row = monitor.getSnapshot().machines[0]?.products[0]
      statuses.push(row ? `${row.status}${row.recovering ? ` (recovering ${row.recovering.level})` : ''}` : 'none')
      clock.time += 30_000
    }

    const server = simulator.servers()[0]!.id
    const tokens: number[] = []
    await cycle()
    for (let i = 0; i < 10; i++) {
      const held = simulator.retain(server, CLIENT_PRODUCT_ID)
      expect(held, `retain ${i + 1}`).not.toBeNull()
      tokens.push(held!.token)
      await cycle()
    }
    expect(simulator.retain(server, CLIENT_PRODUCT_ID)).toBeNull() // the pool is full
    for (const token of tokens.reverse()) {
      expect(simulator.release(server, token)).toBe(true)
      await cycle()
    }

    expect(notices.map((n) => [n.items.map((item) => `${item.kind}:${item.level}`).join(','), n.title, n.body])).toEqual([
      ['firing:warning', 'Warning: 4D Client on srv-app-01', '4D Client on srv-app-01: 2 of 10 left (80%), full in ~1 min'],
      ['escalated:critical', 'Critical: 4D Client on srv-app-01', '4D Client on srv-app-01: 1 of 10 left (90%), full in < 1 min'],
      ['escalated:exhausted', 'Exhausted: 4D Client on srv-app-01', '4D Client on srv-app-01: no license left, all 10 in use'],
      ['resolved:ok', 'Resolved: 4D Client on srv-app-01', '4D Client on srv-app-01 is back to normal: 3 of 10 left'],
    ])
    // Used 0..10 then 9..0: the row shows the level its numbers meet; the alert hysteresis holds shows as recovering (issue 20).
    expect(statuses).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'warning',
      'critical',
      'exhausted',
      'critical (recovering exhausted)',
      'warning (recovering critical)',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ])
    const last: Snapshot = monitor.getSnapshot()
    expect(last.alerts?.transitions.map((t) => `${t.from.level ?? 'ok'}->${t.to.level ?? 'ok'}`)).toEqual([
      'ok->warning',
      'warning->critical',
      'critical->exhausted',
      'exhausted->critical',
      'critical->ok',
    ])
    expect(last.alerts?.active).toEqual([])
  })
})

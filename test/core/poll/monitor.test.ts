import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseAlertConfig } from '../../../main/core/alerts/config.ts'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import type { ServerConfig, Snapshot } from '../../../main/core/types/index.ts'
import { FakeClock } from '../fake-clock.ts'
import { sendJson, startLocalServer, type LocalServer } from '../local-server.ts'

const TOKEN = 'monitor-secret-token'

function record(token: number) {
  return {
    productId: 1,
    productName: '4D Client',
    token,
    productBalance: 7,
    globalProductUsedCount: 3,
    session: { userName: `user${token}` },
  }
}

/** An endpoint whose answer the test changes between polls. */
async function endpoint(initial: { status: number; body: unknown }) {
  const answer = { ...initial }
  const server = await startLocalServer((_req, res) => sendJson(res, answer.status, answer.body))
  cleanups.push(() => server.close())
  return { server, answer }
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
})

function monitorFor(servers: ServerConfig[], clock: FakeClock, demo = false): Monitor {
  const monitor = createMonitor({ servers, demo, clock })
  cleanups.push(() => monitor.stop())
  return monitor
}

function configOf(server: LocalServer, name: string): ServerConfig {
  return { id: name.toLowerCase(), name, url: server.url(), kind: 'http-json', token: TOKEN, machine: 'srv-app-01' }
}

describe('createMonitor', () => {
  it('builds a snapshot: machines from the aggregation, servers without payload or token', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    const { server } = await endpoint({ status: 200, body: { server: { version: '20 R10' }, usage: [record(1), record(2), record(3)] } })
    const monitor = monitorFor([configOf(server, 'Accounting')], clock, true)

    const before = monitor.getSnapshot()
    expect(before).toMatchObject({ generatedAt: '2026-11-28T09:00:00.000Z', demo: true })
    expect(before.servers).toEqual([
      expect.objectContaining({ id: 'accounting', name: 'Accounting', machine: 'srv-app-01', status: 'stale', lastSuccessAt: null }),
    ])

    await monitor.pollNow()
    const snapshot = monitor.getSnapshot()
    expect(snapshot.machines).toHaveLength(1)
    expect(snapshot.machines[0]?.machine).toBe('srv-app-01')
    expect(snapshot.machines[0]?.products[0]).toMatchObject({ productName: '4D Client', used: 3, limit: 10, remaining: 7 })
    expect(snapshot.servers[0]).toEqual({
      id: 'accounting',
      name: 'Accounting',
      machine: 'srv-app-01',
      url: server.url(),
      status: 'up',
      latencyMs: 0,
      lastSuccessAt: '2026-11-28T09:00:00.000Z',
      lastError: null,
      warnings: [],
      version: '20 R10',
    })
    expect(JSON.stringify(snapshot)).not.toContain(TOKEN)
  })

  it('notifies listeners only when the snapshot changed, ignoring generatedAt', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    const { server, answer } = await endpoint({ status: 200, body: [record(1)] })
    const monitor = monitorFor([configOf(server, 'Accounting')], clock)
    const seen: Snapshot[] = []
    monitor.onSnapshot((s) => seen.push(s))

    await monitor.pollNow()
    expect(seen).toHaveLength(1)
    await monitor.pollNow() // same answer at the same moment: nothing new to show
    expect(seen).toHaveLength(1)

    answer.body = [record(1), record(2)]
    await monitor.pollNow()
    expect(seen).toHaveLength(2)
    expect(seen[1]?.machines[0]?.products[0]?.used).toBe(2)

    answer.status = 500
    clock.time += 1000
    await monitor.pollNow()
    expect(seen).toHaveLength(3)
    expect(seen[2]?.servers[0]).toMatchObject({ status: 'down', lastError: 'HTTP 500 Internal Server Error' })
    expect(seen[2]?.machines[0]?.products[0]).toMatchObject({ used: 2, stale: true })

    clock.time += 1000 // the same failure again, later: generatedAt differs, nothing else
    await monitor.pollNow()
    expect(seen).toHaveLength(3)
  })

  it('keeps notifying the other listeners when one throws, and stops after unsubscribe', async () => {
    const clock = new FakeClock()
    const { server, answer } = await endpoint({ status: 200, body: [record(1)] })
    const monitor = monitorFor([configOf(server, 'Accounting')], clock)
    const first: Snapshot[] = []
    const last: Snapshot[] = []
    monitor.onSnapshot((s) => first.push(s))
    monitor.onSnapshot(() => {
      throw new Error('window closed')
    })
    const unsubscribe = monitor.onSnapshot((s) => last.push(s))

    await monitor.pollNow()
    expect(first).toHaveLength(1)
    expect(last).toHaveLength(1)

    unsubscribe()
    answer.body = []
    await monitor.pollNow()
    expect(first).toHaveLength(2)
    expect(last).toHaveLength(1)
  })

  it('polls on its own once started, and schedules nothing after stop', async () => {
    const clock = new FakeClock()
    const { server } = await endpoint({ status: 200, body: [record(1)] })
    const monitor = monitorFor([{ ...configOf(server, 'Accounting'), intervalMs: 200 }], clock)
    const firstSnapshot = new Promise<Snapshot>((resolve) => monitor.onSnapshot(resolve))
    monitor.start()
    await clock.advance(0)
    expect((await firstSnapshot).servers[0]?.status).toBe('up')
    expect(server.requests).toHaveLength(1)
    expect(clock.pending()).toEqual([200])
    await monitor.stop()
    expect(clock.pending()).toEqual([])
  })

  it('carries the alert level in each row and publishes a snooze at once', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    // productBalance 7 + globalProductUsedCount 3: a pool of 10; 10 records exhaust it.
    const { server } = await endpoint({ status: 200, body: Array.from({ length: 10 }, (_, i) => record(i + 1)) })
    const titles: string[] = []
    const monitor = createMonitor({
      servers: [configOf(server, 'Accounting')],
      demo: false,
      clock,
      alerts: { onNotice: (n) => titles.push(n.title) },
    })
    cleanups.push(() => monitor.stop())
    const seen: Snapshot[] = []
    monitor.onSnapshot((s) => seen.push(s))

    await monitor.pollNow()
    expect(monitor.getSnapshot().machines[0]?.products[0]).toMatchObject({ used: 10, remaining: 0, status: 'exhausted' })
    expect(titles).toEqual(['Exhausted: 4D Client on srv-app-01'])

    monitor.snooze({ kind: 'all' }, clock.now() + 3_600_000)
    expect(seen.at(-1)?.alerts?.snoozedUntil).toBe('2026-11-28T10:00:00.000Z')
    monitor.unsnooze({ kind: 'all' })
    expect(seen.at(-1)?.alerts?.snoozedUntil).toBeNull()
  })

  it('pause stops polling and keeps the data; resume polls again; a new alert config applies from the next poll', async () => {
    const clock = new FakeClock()
    const { server, answer } = await endpoint({ status: 200, body: [record(1)] })
    const monitor = monitorFor([{ ...configOf(server, 'Accounting'), intervalMs: 200 }], clock)
    monitor.start()
    await clock.advance(0)
    expect(server.requests).toHaveLength(1)
    await monitor.pause()
    expect(monitor.isPaused()).toBe(true)
    expect(clock.pending()).toEqual([])
    await clock.advance(1000)
    expect(server.requests).toHaveLength(1)
    expect(monitor.getSnapshot().machines[0]?.products[0]).toMatchObject({ used: 1 })
    // 7 of 10 used is 70%: a warning at once under a 50% threshold with no pending time; nothing under the default 80%.
    answer.body = Array.from({ length: 7 }, (_, i) => record(i + 1))
    const config = monitor.alertConfig()
    monitor.setAlertConfig({
      ...config,
      levels: { ...config.levels, warning: { ...config.levels.warning, utilizationPercent: 50, forMs: 0 } },
    })
    monitor.resume()
    expect(monitor.isPaused()).toBe(false)
    await clock.advance(0)
    expect(server.requests).toHaveLength(2)
    expect(monitor.getSnapshot().machines[0]?.products[0]).toMatchObject({ used: 7, status: 'warning' })
  })

  it('useWorkspace swaps the servers, the demo flag and the saved alert state in one step, keeping the rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-monitor-workspace-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    const { server } = await endpoint({ status: 200, body: { usage: [record(1)] } })
    const rules = parseAlertConfig({ warning: { utilizationPercent: 60 } })
    if (!rules.ok) throw new Error(rules.error)
    const monitor = createMonitor({ servers: [], clock, alerts: { config: rules.config } })
    cleanups.push(() => monitor.stop())
    const demoState = join(dir, 'demo', 'alerts.json')
    monitor.useWorkspace({ servers: [configOf(server, 'Demo')], demo: true, alertStatePath: demoState })
    const until = clock.now() + 3_600_000
    monitor.snooze({ kind: 'all' }, until)
    expect(monitor.getSnapshot()).toMatchObject({
      demo: true,
      servers: [{ name: 'Demo' }],
      alerts: { snoozedUntil: new Date(until).toISOString() },
    })

    monitor.useWorkspace({ servers: [configOf(server, 'Real')], demo: false, alertStatePath: join(dir, 'alerts.json') })
    expect(monitor.getSnapshot()).toMatchObject({ demo: false, servers: [{ name: 'Real' }], alerts: { snoozedUntil: null } })
    expect(monitor.alertConfig(), 'the rules stay').toEqual(rules.config)

    monitor.useWorkspace({ servers: [configOf(server, 'Demo')], demo: true, alertStatePath: demoState })
    expect(monitor.getSnapshot().alerts?.snoozedUntil, 'read back from the demo file').toBe(new Date(until).toISOString())
  })
})

// Sleep, wake and the network through the real monitor and the real history
// (SQLite in a temp folder), polling local HTTP endpoints over real sockets,
// on the fake clock; only the power source is a fake (it is the OS).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Notice } from '../../../main/core/types/index.ts'
import { createHistoryService, type HistoryService } from '../../../main/core/history/history-service.ts'
import { currentLicenses, lastRecordAt } from '../../../main/core/history/queries.ts'
import { createMonitor, type Monitor } from '../../../main/core/poll/monitor.ts'
import { watchPower, type PowerEvent, type PowerSource, type PowerWatch } from '../../../main/core/poll/power.ts'
import type { ServerConfig } from '../../../main/core/types/index.ts'
import { FakeClock, settle } from '../fake-clock.ts'
import { sendJson, startLocalServer, type LocalServer } from '../local-server.ts'

const HOUR = 3_600_000

class FakePowerSource implements PowerSource {
  online = true
  private listeners = new Set<(event: PowerEvent) => void>()
  onEvent(listener: (event: PowerEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  isOnline(): boolean {
    return this.online
  }
  emit(event: PowerEvent): void {
    if (event === 'online') this.online = true
    if (event === 'offline') this.online = false
    for (const listener of this.listeners) listener(event)
  }
}

interface Endpoint {
  server: LocalServer
  requests: number
  status: number
}

const cleanups: Array<() => Promise<void> | void> = []
let dir: string
let clock: FakeClock
let source: FakePowerSource
let notices: Notice[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'power-'))
  clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
  source = new FakePowerSource()
  notices = []
})
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  rmSync(dir, { recursive: true, force: true })
})

async function endpoint(name: string): Promise<Endpoint> {
  const state: Endpoint = { server: null as unknown as LocalServer, requests: 0, status: 200 }
  state.server = await startLocalServer((_req, res) => {
    state.requests++
    if (state.status !== 200) {
      sendJson(res, state.status, { error: 'down' })
      return
    }
    sendJson(res, 200, [
      {
        productId: 1,
        productName: '4D Client',
        token: name === 'a' ? 11 : 22,
        productBalance: 5,
        globalProductUsedCount: 1,
        session: { userName: `user-${name}` },
      },
    ])
  })
  cleanups.push(() => state.server.close())
  return state
}

function config(id: string, server: LocalServer): ServerConfig {
  return { id, name: id.toUpperCase(), url: server.url(), kind: 'http-json', machine: `srv-${id}`, intervalMs: 5_000, timeoutMs: 4_000 }
}

async function setUp(endpoints: Endpoint[]): Promise<{ monitor: Monitor; history: HistoryService; power: PowerWatch }> {
  const servers = endpoints.map((e, i) => config(i === 0 ? 'a' : 'b', e.server))
  const monitor = createMonitor({ servers, clock, alerts: { onNotice: (notice) => notices.push(notice) } })
  const history = createHistoryService(monitor, { clock })
  expect(history.open(dir).ok).toBe(true)
  const power = watchPower({ monitor, history, source, clock })
  cleanups.push(async () => {
    power.stop()
    history.close()
    await monitor.stop()
  })
  monitor.start()
  // Both servers answered and a few records are in.
  await clock.advance(20_000)
  return { monitor, history, power }
}

const total = (endpoints: Endpoint[]) => endpoints.reduce((sum, e) => sum + e.requests, 0)

describe('watchPower', () => {
  it('pauses polling and recording on suspend: an hour asleep sends nothing and records nothing', async () => {
    const endpoints = [await endpoint('a'), await endpoint('b')]
    const { history, power } = await setUp(endpoints)
    source.emit('suspend')
    await power.idle()
    const before = total(endpoints)
    const recordedAt = lastRecordAt(history.store.db)
    expect(clock.pending()).toEqual([])
    await clock.advance(HOUR)
    expect(total(endpoints)).toBe(before)
    expect(lastRecordAt(history.store.db)).toBe(recordedAt)
    expect(power.state()).toBe('asleep')
  })

  it('on resume with the network up, polls every server at once and marks the sleep as not recorded', async () => {
    const endpoints = [await endpoint('a'), await endpoint('b')]
    const { monitor, history, power } = await setUp(endpoints)
    source.emit('suspend')
    await power.idle()
    const lastBeforeSleep = lastRecordAt(history.store.db)!
    await clock.advance(HOUR)
    const before = endpoints.map((e) => e.requests)
    const wokeAt = clock.now()
    source.emit('resume')
    await power.idle()
    // One poll each, right away: the clock has not moved.
    expect(clock.now()).toBe(wokeAt)
    expect(endpoints.map((e) => e.requests)).toEqual(before.map((n) => n + 1))
    expect(monitor.getSnapshot().servers.map((s) => s.lastSuccessAt)).toEqual([
      new Date(wokeAt).toISOString(),
      new Date(wokeAt).toISOString(),
    ])
    // The history records again (next tick), and the hour asleep is a gap: the licenses were unknown over it.
    await clock.advance(5_000)
    expect(lastRecordAt(history.store.db)).toBeGreaterThan(wokeAt)
    const held = [...currentLicenses(history.store.db)]
    expect(held).toHaveLength(2)
    for (const license of held) expect(license.unknownMs).toBeGreaterThanOrEqual(wokeAt - lastBeforeSleep)
  })

  it('waits for the network after a resume, so no stale "unreachable" fires for the sleep', async () => {
    const endpoints = [await endpoint('a'), await endpoint('b')]
    const { monitor, power } = await setUp(endpoints)
    source.emit('offline')
    source.emit('suspend')
    await power.idle()
    await clock.advance(8 * HOUR)
    // Woken without a network: the servers cannot be reached yet.
    for (const e of endpoints) e.status = 503
    source.emit('resume')
    await power.idle()
    expect(power.state()).toBe('waking')
    const before = total(endpoints)
    await clock.advance(20_000)
    expect(total(endpoints)).toBe(before)
    for (const e of endpoints) e.status = 200
    source.emit('online')
    await power.idle()
    expect(power.state()).toBe('running')
    expect(total(endpoints)).toBe(before + 2)
    const snapshot = monitor.getSnapshot()
    expect(snapshot.servers.map((s) => s.status)).toEqual(['up', 'up'])
    expect(snapshot.alerts?.active.filter((a) => a.level === 'unreachable')).toEqual([])
    expect(notices.flatMap((n) => n.items).filter((item) => item.kind === 'unreachable')).toEqual([])
  })

  it('polls anyway once the grace is over, so a real outage after waking is still seen', async () => {
    const endpoints = [await endpoint('a')]
    const { monitor, power } = await setUp(endpoints)
    source.emit('suspend')
    source.online = false
    source.emit('resume')
    await power.idle()
    const before = endpoints[0]!.requests
    await clock.advance(29_000)
    expect(endpoints[0]!.requests).toBe(before)
    await clock.advance(1_000)
    await power.idle()
    expect(endpoints[0]!.requests).toBe(before + 1)
    expect(monitor.isPaused()).toBe(false)
  })

  it('keeps a pause the user chose: waking does not start polling', async () => {
    const endpoints = [await endpoint('a')]
    const { monitor, power } = await setUp(endpoints)
    await monitor.pause()
    source.emit('suspend')
    source.emit('resume')
    await power.idle()
    const before = endpoints[0]!.requests
    await clock.advance(60_000)
    expect(endpoints[0]!.requests).toBe(before)
    expect(monitor.isPaused()).toBe(true)
  })

  it('polls every server at once when the network comes back or the screen is unlocked while running', async () => {
    const endpoints = [await endpoint('a'), await endpoint('b')]
    const { power } = await setUp(endpoints)
    const before = total(endpoints)
    source.emit('online')
    await power.idle()
    expect(total(endpoints)).toBe(before + 2)
    source.emit('unlock')
    await power.idle()
    expect(total(endpoints)).toBe(before + 4)
  })

  it('ignores a resume without a suspend, and stops listening on stop()', async () => {
    const endpoints = [await endpoint('a')]
    const { monitor, power } = await setUp(endpoints)
    source.emit('resume')
    expect(power.state()).toBe('running')
    power.stop()
    source.emit('suspend')
    expect(power.state()).toBe('running')
    expect(monitor.isPaused()).toBe(false)
    await settle()
  })
})

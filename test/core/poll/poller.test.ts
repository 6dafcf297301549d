// The poller's scheduling, driven by a fake clock and a scripted network
// (injected fetch), so every delay can be asserted exactly. The same poller
// against real sockets and the simulator is in poller-simulator.test.ts.

import { afterEach, describe, expect, it } from 'vitest'
import { createPoller, type Poller, type PollerOptions } from '../../../main/core/poll/poller.ts'
import type { ServerConfig, ServerState } from '../../../main/core/types/index.ts'
import { FakeClock, settle } from '../fake-clock.ts'

interface Reply {
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** The answer arrives only when this resolves (a hung or slow server). */
  hold?: Promise<void>
  /** Fake time the request takes. */
  takeMs?: number
}

interface Network {
  fetch: typeof fetch
  calls: { url: string; at: number }[]
  callsTo(url: string): number[]
  maxInFlight: Map<string, number>
}

/** A network whose answers a test scripts per URL and per call number. */
function scriptedNetwork(clock: FakeClock, script: (url: string, call: number) => Reply): Network {
  const calls: { url: string; at: number }[] = []
  const inFlight = new Map<string, number>()
  const maxInFlight = new Map<string, number>()
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input)
    const call = calls.filter((c) => c.url === url).length
    calls.push({ url, at: clock.now() })
    inFlight.set(url, (inFlight.get(url) ?? 0) + 1)
    maxInFlight.set(url, Math.max(maxInFlight.get(url) ?? 0, inFlight.get(url) ?? 0))
    try {
      const reply = script(url, call)
      if (reply.hold) await Promise.race([reply.hold, aborted(init?.signal)])
      if (reply.takeMs) clock.time += reply.takeMs
      return new Response(JSON.stringify(reply.body ?? []), { status: reply.status ?? 200, headers: reply.headers })
    } finally {
      inFlight.set(url, (inFlight.get(url) ?? 1) - 1)
    }
  }) as typeof fetch
  return { fetch: fetchImpl, calls, callsTo: (url) => calls.filter((c) => c.url === url).map((c) => c.at), maxInFlight }
}

/** Rejects like fetch when the request's signal aborts (the poller's timeout). */
function aborted(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- fetch rejects with the signal's reason as it is (the poll deadline's TimeoutError DOMException); the fake must do the same
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

/** Answers held until the end of the test: a server that never answers within it. */
const hung: (() => void)[] = []
function hang(): Promise<void> {
  const { promise, resolve } = deferred()
  hung.push(resolve)
  return promise
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

function server(n: number, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { id: `s${n}`, name: `Server ${n}`, url: `http://127.0.0.1:9/s${n}`, kind: 'http-json', intervalMs: 1000, ...extra }
}

const record = { productId: 1, productName: '4D Client', token: 1 }
const payload = { server: { name: 'Accounting', machine: 'srv-app-01', version: '20 R10' }, usage: [record] }

const pollers: Poller[] = []
afterEach(async () => {
  hung.splice(0).forEach((release) => release())
  await Promise.all(pollers.splice(0).map((p) => p.stop()))
})

function makePoller(clock: FakeClock, network: Network, options: Partial<PollerOptions> & Pick<PollerOptions, 'servers'>) {
  const changes: ServerState[][] = []
  const poller = createPoller({ fetch: network.fetch, clock, random: () => 0.5, onChange: (s) => changes.push(s), ...options })
  pollers.push(poller)
  return { poller, changes }
}

describe('createPoller: schedule', () => {
  it('spreads the first polls of machines over the first interval (machine i of n at i * interval / n)', async () => {
    const clock = new FakeClock()
    // A bare array names no machine, so each server stays on its label's machine.
    const network = scriptedNetwork(clock, () => ({ body: [record] }))
    const servers = [1, 2, 3, 4].map((n) => server(n, { machine: `m${n}` }))
    makePoller(clock, network, { servers }).poller.start()
    await clock.advance(999)
    expect(servers.map((s) => network.callsTo(s.url))).toEqual([[0], [250], [500], [750]])
  })

  it("polls a machine's servers in the same tick, concurrently; the spread applies between machines", async () => {
    const clock = new FakeClock()
    const release = deferred()
    let inFlight = 0
    let together = 0
    const network = scriptedNetwork(clock, () => {
      inFlight++
      together = Math.max(together, inFlight)
      return { body: [record], hold: release.promise.then(() => void inFlight--) }
    })
    const servers = [server(1, { machine: 'a' }), server(2, { machine: 'a' }), server(3, { machine: 'b' })]
    makePoller(clock, network, { servers }).poller.start()
    await clock.advance(0)
    expect(together).toBe(2) // both servers of machine a asked before either answered
    release.resolve()
    await clock.advance(2200)
    expect(servers.map((s) => network.callsTo(s.url))).toEqual([
      [0, 1000, 2000],
      [0, 1000, 2000],
      [500, 1500],
    ])
  })

  it("a server whose payload names its machine joins that machine's round, keeping the cadence", async () => {
    const clock = new FakeClock()
    const named = { server: { name: null, machine: 'srv-app-01' }, usage: [record] }
    const network = scriptedNetwork(clock, (url) => ({ body: url.endsWith('/s3') ? [record] : named }))
    // Configured on three machines (labels); the first two answer that they run on srv-app-01.
    const servers = [server(1, { machine: 'x' }), server(2, { machine: 'y' }), server(3, { machine: 'z' })]
    const { poller } = makePoller(clock, network, { servers })
    poller.start()
    await clock.advance(2000)
    expect(poller.states().map((s) => s.machine)).toEqual(['srv-app-01', 'srv-app-01', 'z'])
    // s1 kept its cadence (1000), s2 joined it from then on; z stays on its own offset.
    expect(network.callsTo(server(1).url)).toEqual([0, 1000, 2000])
    expect(network.callsTo(server(2).url)).toEqual([1000 / 3, 1000, 2000])
    expect(network.callsTo(server(3).url)).toEqual([2000 / 3, 2000 / 3 + 1000])
  })

  it('polls every interval, counting the time the poll took', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, () => ({ body: payload, takeMs: 300 }))
    makePoller(clock, network, { servers: [server(1)] }).poller.start()
    await clock.advance(3500)
    expect(network.callsTo(server(1).url)).toEqual([0, 1000, 2000, 3000])
  })

  it("never overlaps a server's polls, even when one takes many intervals", async () => {
    const clock = new FakeClock()
    const hung = deferred()
    const network = scriptedNetwork(clock, (_url, call) => (call === 0 ? { body: payload, hold: hung.promise } : { body: payload }))
    const { poller } = makePoller(clock, network, { servers: [server(1)] })
    poller.start()
    await clock.advance(10_000)
    expect(network.callsTo(server(1).url)).toEqual([0])
    const manual = poller.pollNow() // joins the poll in flight instead of starting another
    hung.resolve()
    await manual
    expect(network.callsTo(server(1).url)).toEqual([0])
    // It took 10 s, longer than the interval: it joins its machine's next tick, back in step.
    await clock.advance(1000)
    expect(network.callsTo(server(1).url)).toEqual([0, 11_000])
    expect(network.maxInFlight.get(server(1).url)).toBe(1)
  })

  it('keeps the other servers on cadence while one hangs: another machine, and a sibling on the same machine', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, (url) => (url.endsWith('/s1') ? { hold: hang() } : { body: [record] }))
    // A long interval gives the hung request a long real timeout, so only the fake clock matters here.
    const servers = [server(1, { intervalMs: 4000, machine: 'a' }), server(2, { machine: 'a' }), server(3, { machine: 'b' })]
    const reportedAt: number[] = []
    const poller = makePoller(clock, network, { servers, onChange: () => reportedAt.push(clock.now()) }).poller
    poller.start()
    await clock.advance(4600)
    expect(network.callsTo(server(1).url)).toEqual([0])
    // The machine ticks at its shortest interval; the sibling is never held by the hung one.
    expect(network.callsTo(server(2).url)).toEqual([0, 1000, 2000, 3000, 4000])
    expect(network.callsTo(server(3).url)).toEqual([500, 1500, 2500, 3500, 4500])
    // The first round (s1 and s2) is reported at its bound (half the 1 s interval), not when s1 answers.
    expect(reportedAt.slice(0, 2)).toEqual([500, 500])
  })

  it('pollNow polls at once and restarts the cadence from there', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, () => ({ body: payload }))
    const { poller } = makePoller(clock, network, { servers: [server(1)] })
    poller.start()
    await clock.advance(400)
    await poller.pollNow('s1')
    expect(clock.pending()).toEqual([1400])
    await clock.advance(1000)
    expect(network.callsTo(server(1).url)).toEqual([0, 400, 1400])
    await expect(poller.pollNow('nope')).rejects.toThrow('no server has the id "nope"')
  })
})

describe('createPoller: failures and backoff', () => {
  it('backs off with full jitter, resets on success, and never polls faster than a quarter interval', async () => {
    const clock = new FakeClock()
    const outcomes = [500, 500, 500, 200, 500]
    const network = scriptedNetwork(clock, (_url, call) => ({ status: outcomes[call] ?? 200, body: payload }))
    let draw = 0.5
    const { poller } = makePoller(clock, network, { servers: [server(1)], random: () => draw })
    poller.start()
    // failures 1, 2, 3: half of min(cap, 1000 * 2^n) after each failed poll's start, at the next tick of its machine
    await clock.advance(6999)
    expect(network.callsTo(server(1).url)).toEqual([0, 1000, 3000])
    expect(poller.states()[0]?.consecutiveFailures).toBe(3)
    await clock.advance(1) // success: back to the interval
    expect(poller.states()[0]?.consecutiveFailures).toBe(0)
    await clock.advance(1000)
    expect(network.callsTo(server(1).url)).toEqual([0, 1000, 3000, 7000, 8000])
    expect(poller.states()[0]?.consecutiveFailures).toBe(1)
    draw = 0 // the smallest jitter is floored at interval / 4: the next tick, never sooner
    await clock.advance(1000)
    expect(network.callsTo(server(1).url)).toEqual([0, 1000, 3000, 7000, 8000, 9000])
  })

  it('caps the backoff', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, () => ({ status: 500 }))
    const { poller } = makePoller(clock, network, { servers: [server(1)], random: () => 0.999, backoffCapMs: 3000 })
    poller.start()
    await clock.advance(60_000)
    const times = network.callsTo(server(1).url)
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0))
    expect(Math.max(...gaps)).toBeLessThanOrEqual(3000)
    expect(gaps.slice(-3).every((g) => g > 2900)).toBe(true)
  })

  it('waits at least Retry-After', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, (_url, call) =>
      call === 0 ? { status: 503, headers: { 'retry-after': '30' } } : { body: payload },
    )
    const { poller } = makePoller(clock, network, { servers: [server(1)] })
    poller.start()
    await clock.advance(29_999)
    expect(network.callsTo(server(1).url)).toEqual([0])
    await clock.advance(1)
    expect(network.callsTo(server(1).url)).toEqual([0, 30_000])
    expect(poller.states()[0]?.status).toBe('up')
  })
})

describe('createPoller: server state', () => {
  it('reports up with the payload, then down with the last payload kept and the cause named', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'))
    const network = scriptedNetwork(clock, (_url, call) =>
      call === 0 ? { body: { ...payload, usage: [record, { token: 2 }] }, takeMs: 40 } : { status: 500, takeMs: 10 },
    )
    const { poller, changes } = makePoller(clock, network, { servers: [server(1, { machine: 'label' })] })
    expect(poller.states()[0]).toMatchObject({ status: 'stale', payload: null, machine: 'label', lastSuccessAt: null })
    poller.start()
    await clock.advance(0)
    const up = poller.states()[0]
    expect(up).toMatchObject({
      status: 'up',
      latencyMs: 40,
      machine: 'srv-app-01',
      version: '20 R10',
      lastError: null,
      lastSuccessAt: '2026-11-28T09:00:00.040Z',
      lastAttemptAt: '2026-11-28T09:00:00.000Z',
      warnings: ['1 of 2 records invalid: productId missing'],
      consecutiveFailures: 0,
    })
    expect(up?.payload?.records).toHaveLength(1)
    await clock.advance(960)
    const down = poller.states()[0]
    expect(down).toMatchObject({
      status: 'down',
      latencyMs: 10,
      lastError: 'HTTP 500 Internal Server Error',
      consecutiveFailures: 1,
      machine: 'srv-app-01',
    })
    expect(down?.payload).toEqual(up?.payload)
    expect(down?.lastSuccessAt).toBe(up?.lastSuccessAt)
    expect(changes).toHaveLength(2)
  })

  it('turns stale once the last success is older than 3 intervals with no failure since', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, (_url, call) => (call === 0 ? { body: payload } : { hold: hang() }))
    const { poller } = makePoller(clock, network, { servers: [server(1, { intervalMs: 4000 })] })
    poller.start()
    await clock.advance(12_000)
    expect(poller.states()[0]?.status).toBe('up')
    await clock.advance(1)
    expect(poller.states()[0]?.status).toBe('stale')
  })

  it('honours staleAfterIntervals', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, (_url, call) => (call === 0 ? { body: payload } : { hold: hang() }))
    const { poller } = makePoller(clock, network, { servers: [server(1, { intervalMs: 4000 })], staleAfterIntervals: 1 })
    poller.start()
    await clock.advance(4000)
    expect(poller.states()[0]?.status).toBe('up')
    await clock.advance(1)
    expect(poller.states()[0]?.status).toBe('stale')
  })

  it('calls onChange after every completed poll, and a throwing onChange does not stop the loop', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, () => ({ body: payload }))
    let calls = 0
    const { poller } = makePoller(clock, network, {
      servers: [server(1)],
      onChange: () => {
        calls++
        throw new Error('listener bug')
      },
    })
    poller.start()
    await clock.advance(2500)
    expect(calls).toBe(3)
    expect(network.callsTo(server(1).url)).toEqual([0, 1000, 2000])
  })

  it('with statesOnChange false, onChange is told of each poll without the states (the monitor reads them when it rebuilds)', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, () => ({ body: payload }))
    const { poller, changes } = makePoller(clock, network, { servers: [server(1), server(2)], statesOnChange: false })
    poller.start()
    await clock.advance(1500)
    expect(changes.length).toBeGreaterThanOrEqual(2)
    expect(changes.every((states) => states.length === 0)).toBe(true)
    expect(poller.states().map((state) => state.status)).toEqual(['up', 'up'])
  })

  it('keeps polling when fetch itself throws synchronously', async () => {
    const clock = new FakeClock()
    const broken = (() => {
      throw new Error('broken fetch')
    }) as unknown as typeof fetch
    const { poller } = makePoller(clock, { fetch: broken } as Network, { servers: [server(1)] })
    poller.start()
    await clock.advance(0)
    expect(poller.states()[0]).toMatchObject({ status: 'down', lastError: 'request failed: broken fetch' })
    expect(clock.pending()).toHaveLength(1)
  })
})

describe('createPoller: stop', () => {
  it('waits for the polls in flight, then schedules nothing and reports nothing more', async () => {
    const clock = new FakeClock()
    const slow = deferred()
    const network = scriptedNetwork(clock, () => ({ body: payload, hold: slow.promise }))
    const { poller, changes } = makePoller(clock, network, { servers: [server(1), server(2)] })
    poller.start()
    await clock.advance(600)
    let stopped = false
    const stopping = poller.stop().then(() => (stopped = true))
    await settle()
    expect(stopped).toBe(false)
    slow.resolve()
    await stopping
    expect(clock.pending()).toEqual([])
    expect(changes).toEqual([])
    await clock.advance(10_000)
    expect(network.calls).toHaveLength(2)
  })

  it('can start again after a stop', async () => {
    const clock = new FakeClock()
    const network = scriptedNetwork(clock, () => ({ body: payload }))
    const { poller } = makePoller(clock, network, { servers: [server(1)] })
    poller.start()
    await clock.advance(0)
    await poller.stop()
    poller.start()
    await clock.advance(0)
    expect(network.callsTo(server(1).url)).toEqual([0, 0])
  })
})

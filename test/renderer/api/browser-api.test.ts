import { describe, expect, it, vi } from 'vitest'
import type { Snapshot } from '../../../main/core/types/index.ts'
import { createBrowserApi } from '../../../renderer/src/api/browser-api.ts'
import type { EventSourceLike } from '../../../renderer/src/api/browser-api.ts'
import type { ConnectionState } from '../../../renderer/src/api/connection.ts'
import { snapshot } from '../fixtures.ts'

/** Stands in for the browser's EventSource (a browser global, not our code). */
class FakeEventSource implements EventSourceLike {
  readyState = 0
  closed = false
  private listeners = new Map<string, ((event: Event) => void)[]>()
  readonly url: string
  constructor(url: string) {
    this.url = url
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  close(): void {
    this.closed = true
    this.readyState = 2
  }
  emit(type: string, data?: string): void {
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data })
    for (const listener of this.listeners.get(type) ?? []) listener(event)
  }
  open(): void {
    this.readyState = 1
    this.emit('open')
  }
  drop(readyState: 0 | 2): void {
    this.readyState = readyState
    this.emit('error')
  }
}

function setup() {
  const sources: FakeEventSource[] = []
  const timers: { run: () => void; ms: number; cleared: boolean }[] = []
  const fetchMock = vi.fn<typeof fetch>()
  const api = createBrowserApi({
    fetch: fetchMock,
    openEventSource: (url) => {
      const source = new FakeEventSource(url)
      sources.push(source)
      return source
    },
    retryMs: 1000,
    maxRetryMs: 4000,
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false }
      timers.push(timer)
      return timer
    },
    clearTimer: (handle) => {
      ;(handle as { cleared: boolean }).cleared = true
    },
  })
  const states: ConnectionState[] = []
  api.onConnection?.((state) => states.push(state))
  return { api, sources, timers, fetchMock, states }
}

describe('browser api: getSnapshot', () => {
  it('returns the snapshot from GET /api/snapshot, same origin, not cached', async () => {
    const { api, fetchMock } = setup()
    fetchMock.mockResolvedValue(new Response(JSON.stringify(snapshot()), { status: 200, headers: { 'content-type': 'application/json' } }))
    const result = await api.getSnapshot()
    expect(result).toEqual({ ok: true, data: snapshot() })
    expect(fetchMock).toHaveBeenCalledWith('/api/snapshot', expect.objectContaining({ credentials: 'same-origin', cache: 'no-store' }))
  })

  it('names the cause of each failure', async () => {
    const { api, fetchMock } = setup()
    fetchMock.mockResolvedValueOnce(new Response('{}', { status: 401, statusText: 'Unauthorized' }))
    expect(await api.getSnapshot()).toEqual({
      ok: false,
      error: '/api/snapshot answered HTTP 401 Unauthorized (the session may have expired; reload the page)',
    })
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    expect(await api.getSnapshot()).toEqual({ ok: false, error: 'the request to /api/snapshot failed (Failed to fetch)' })
    fetchMock.mockResolvedValueOnce(new Response('<html>proxy error</html>', { status: 200 }))
    expect(await api.getSnapshot()).toEqual({ ok: false, error: '/api/snapshot sent a body that is not valid JSON' })
    fetchMock.mockResolvedValueOnce(new Response('{"machines": []}', { status: 200 }))
    expect(await api.getSnapshot()).toEqual({ ok: false, error: '/api/snapshot sent JSON that is not a snapshot' })
  })
})

describe('browser api: live updates', () => {
  it('opens one stream for all listeners, delivers snapshot events, and closes with the last listener', () => {
    const { api, sources } = setup()
    const a: Snapshot[] = []
    const b: Snapshot[] = []
    const stopA = api.onSnapshot((s) => a.push(s))
    const stopB = api.onSnapshot((s) => b.push(s))
    expect(sources.map((s) => s.url)).toEqual(['/api/events'])
    sources[0]!.open()
    sources[0]!.emit('snapshot', JSON.stringify(snapshot({ demo: true })))
    expect(a.map((s) => s.demo)).toEqual([true])
    expect(b).toHaveLength(1)
    stopA()
    expect(sources[0]!.closed).toBe(false)
    stopB()
    expect(sources[0]!.closed).toBe(true)
  })

  it('skips an event whose data is not a snapshot and keeps delivering the next ones', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { api, sources } = setup()
    const got: Snapshot[] = []
    api.onSnapshot((s) => got.push(s))
    sources[0]!.emit('snapshot', '{"half": ')
    sources[0]!.emit('snapshot', '{"generatedAt": 1}')
    sources[0]!.emit('snapshot', JSON.stringify(snapshot()))
    expect(got).toHaveLength(1)
    expect(warn).toHaveBeenCalledTimes(2)
    warn.mockRestore()
  })

  it('keeps delivering to other listeners when one throws', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { api, sources } = setup()
    const got: Snapshot[] = []
    api.onSnapshot(() => {
      throw new Error('listener bug')
    })
    api.onSnapshot((s) => got.push(s))
    sources[0]!.emit('snapshot', JSON.stringify(snapshot()))
    expect(got).toHaveLength(1)
    error.mockRestore()
  })

  it('reports connecting, open, and reconnecting while the browser retries by itself', () => {
    const { api, sources, states, timers } = setup()
    api.onSnapshot(() => {})
    sources[0]!.open()
    sources[0]!.drop(0)
    sources[0]!.open()
    expect(states.map((s) => s.status)).toEqual(['connecting', 'open', 'reconnecting', 'open'])
    expect(states[2]!.reason).toBe('the live update stream /api/events dropped; reconnecting')
    expect(sources).toHaveLength(1)
    expect(timers).toHaveLength(0)
  })

  it('reopens a stream the browser gave up on, with a growing delay that resets once open', () => {
    const { api, sources, states, timers } = setup()
    api.onSnapshot(() => {})
    sources[0]!.drop(2)
    expect(states.at(-1)).toEqual({
      status: 'reconnecting',
      reason: 'the live update stream /api/events was refused or ended; retrying in 1 s',
    })
    expect(timers.map((t) => t.ms)).toEqual([1000])
    timers[0]!.run()
    sources[1]!.drop(2)
    timers[1]!.run()
    sources[2]!.drop(2)
    timers[2]!.run()
    sources[3]!.drop(2)
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000, 4000, 4000])
    timers[3]!.run()
    sources[4]!.open()
    sources[4]!.drop(2)
    expect(timers.at(-1)!.ms).toBe(1000)
    expect(sources.slice(0, 4).every((s) => s.closed)).toBe(true)
  })

  it('ignores events of a stream it already replaced, and stops retrying when the last listener leaves', () => {
    const { api, sources, timers } = setup()
    const got: Snapshot[] = []
    const stop = api.onSnapshot((s) => got.push(s))
    const first = sources[0]!
    first.drop(2)
    timers[0]!.run()
    first.emit('snapshot', JSON.stringify(snapshot()))
    expect(got).toHaveLength(0)
    sources[1]!.drop(2)
    stop()
    expect(timers[1]!.cleared).toBe(true)
  })
})

describe('browser api: the rest of the contract', () => {
  // Names the contract does not have yet, reached the way future calls and pushes will be.
  type Generic = Record<string, (...args: unknown[]) => unknown>

  it('turns any other method into POST /api/call/<name> with the arguments as a JSON array', async () => {
    const { api, fetchMock } = setup()
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ ok: true, data: 42 }), { status: 200 }))
    const result = await (api as unknown as Generic).snoozeAlert!('srv-app-01', 3600)
    expect(result).toEqual({ ok: true, data: 42 })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/call/snoozeAlert')
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '["srv-app-01",3600]' })
    fetchMock.mockResolvedValue(new Response('nope', { status: 200 }))
    expect(await (api as unknown as Generic).other!()).toEqual({
      ok: false,
      error: '/api/call/other sent an answer that is not a call result',
    })
  })

  it('never turns Vue probes, thenable checks or symbols into calls', () => {
    const { api } = setup()
    const raw = api as unknown as Record<string | symbol, unknown>
    expect(raw['then']).toBeUndefined()
    expect(raw['__v_isReactive']).toBeUndefined()
    expect(raw['toJSON']).toBeUndefined()
    expect(raw[Symbol.iterator]).toBeUndefined()
  })

  it('delivers another push from its own SSE event name, on the snapshot stream', () => {
    const { api, sources } = setup()
    const unsubscribeSnapshot = api.onSnapshot(() => undefined)
    const notices: unknown[] = []
    const unsubscribe = (api as unknown as Generic).onNotice!((payload: unknown) => notices.push(payload)) as () => void
    sources[0]!.emit('notice', JSON.stringify({ title: '1 license alert' }))
    sources[0]!.emit('notice', 'not json')
    unsubscribe()
    sources[0]!.emit('notice', JSON.stringify({ title: 'after unsubscribe' }))
    expect(notices).toEqual([{ title: '1 license alert' }])
    unsubscribeSnapshot()
  })
})

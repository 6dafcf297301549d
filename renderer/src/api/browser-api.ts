// The MonitorApi of the browser-served mode: GET /api/snapshot for the full
// snapshot, GET /api/events (server-sent events, `event: <push name>`) for
// live updates, POST /api/call/<name> for every other call of the contract.
// Same origin: the HttpOnly auth cookie travels by itself.

import type { Result } from '../../../main/core/contract/contract.ts'
import type { Snapshot } from '../../../main/core/types/index.ts'
import type { ConnectionState, RendererApi } from './connection.ts'
import { errorSentence } from './safe-call.ts'
import { isSnapshot } from './snapshot-shape.ts'

/** The part of EventSource this module uses, so tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number
  addEventListener(type: string, listener: (event: Event) => void): void
  close(): void
}

export interface BrowserApiOptions {
  fetch?: typeof fetch
  openEventSource?: (url: string) => EventSourceLike
  snapshotUrl?: string
  eventsUrl?: string
  /** Prefix of the contract's calls (default /api/call/). */
  callUrl?: string
  /** Wait before reopening a stream the browser gave up on; doubles up to maxRetryMs. */
  retryMs?: number
  maxRetryMs?: number
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

/** Contract member names are plain camelCase; Vue's `__v_*` probes and thenable checks must not become calls. */
const CONTRACT_NAME = /^[a-z][A-Za-z0-9]*$/
const NOT_CONTRACT = new Set(['then', 'toJSON', 'constructor', 'valueOf', 'toString'])

/** EventSource.CLOSED: the browser will not reconnect by itself (HTTP error, wrong content type). */
const CLOSED = 2

function httpReason(url: string, response: Response): string {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
  const hint = response.status === 401 || response.status === 403 ? ' (the session may have expired; reload the page)' : ''
  return `${url} answered ${status}${hint}`
}

function snapshotFetcher(fetchImpl: typeof fetch, url: string): () => Promise<Result<Snapshot>> {
  return async () => {
    let response: Response
    try {
      response = await fetchImpl(url, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
    } catch (error) {
      return { ok: false, error: `the request to ${url} failed (${errorSentence(error)})` }
    }
    if (!response.ok) return { ok: false, error: httpReason(url, response) }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      return { ok: false, error: `${url} sent a body that is not valid JSON` }
    }
    if (!isSnapshot(body)) return { ok: false, error: `${url} sent JSON that is not a snapshot` }
    return { ok: true, data: body }
  }
}

/** Any call of the contract other than getSnapshot: a JSON array of arguments in, a Result out. */
function caller(fetchImpl: typeof fetch, prefix: string): (name: string, args: unknown[]) => Promise<Result<unknown>> {
  return async (name, args) => {
    const url = `${prefix}${encodeURIComponent(name)}`
    let response: Response
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
        cache: 'no-store',
        credentials: 'same-origin',
      })
    } catch (error) {
      return { ok: false, error: `the request to ${url} failed (${errorSentence(error)})` }
    }
    if (!response.ok) return { ok: false, error: httpReason(url, response) }
    try {
      const body: unknown = await response.json()
      if (typeof body === 'object' && body !== null && 'ok' in body && typeof body.ok === 'boolean') return body as Result<unknown>
    } catch {
      // reported below
    }
    return { ok: false, error: `${url} sent an answer that is not a call result` }
  }
}

function notifyAll<T>(listeners: Iterable<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    // One failing listener must not starve the others of updates.
    try {
      listener(value)
    } catch (error) {
      console.error('A snapshot listener failed:', error)
    }
  }
}

export function createBrowserApi(options: BrowserApiOptions = {}): RendererApi {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const openEventSource = options.openEventSource ?? ((url: string) => new EventSource(url))
  const eventsUrl = options.eventsUrl ?? '/api/events'
  const retryMs = options.retryMs ?? 2_000
  const maxRetryMs = options.maxRetryMs ?? 30_000
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>))

  const snapshotListeners = new Set<(snapshot: Snapshot) => void>()
  /** Listeners of the contract's other pushes, by push name (the SSE event name). */
  const pushListeners = new Map<string, Set<(payload: unknown) => void>>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()
  let source: EventSourceLike | null = null
  let retryTimer: unknown = null
  let retryDelay = retryMs
  let state: ConnectionState = { status: 'connecting', reason: null }

  function setState(next: ConnectionState): void {
    if (next.status === state.status && next.reason === state.reason) return
    state = next
    notifyAll(connectionListeners, state)
  }

  function deliver(data: unknown): void {
    let parsed: unknown
    try {
      parsed = typeof data === 'string' ? JSON.parse(data) : undefined
    } catch {
      parsed = undefined
    }
    if (!isSnapshot(parsed)) {
      console.warn('Ignored a snapshot event whose data is not a snapshot.')
      return
    }
    notifyAll(snapshotListeners, parsed)
  }

  function scheduleReopen(): void {
    setState({
      status: 'reconnecting',
      reason: `the live update stream ${eventsUrl} was refused or ended; retrying in ${Math.ceil(retryDelay / 1000)} s`,
    })
    retryTimer = setTimer(() => {
      retryTimer = null
      open()
    }, retryDelay)
    retryDelay = Math.min(retryDelay * 2, maxRetryMs)
  }

  function open(): void {
    const stream = openEventSource(eventsUrl)
    source = stream
    // Events of a stream we already replaced or closed are ignored: `source !== stream`.
    stream.addEventListener('open', () => {
      if (source !== stream) return
      retryDelay = retryMs
      setState({ status: 'open', reason: null })
    })
    stream.addEventListener('snapshot', (event) => {
      if (source === stream) deliver((event as MessageEvent).data)
    })
    for (const name of pushListeners.keys()) listenForPush(stream, name)
    stream.addEventListener('error', () => {
      if (source !== stream) return
      if (stream.readyState === CLOSED) {
        stream.close()
        source = null
        scheduleReopen()
      } else {
        setState({ status: 'reconnecting', reason: `the live update stream ${eventsUrl} dropped; reconnecting` })
      }
    })
  }

  function listenForPush(stream: EventSourceLike, name: string): void {
    stream.addEventListener(name, (event) => {
      if (source !== stream) return
      let payload: unknown
      try {
        payload = JSON.parse(String((event as MessageEvent).data))
      } catch {
        console.warn(`Ignored a ${name} event whose data is not JSON.`)
        return
      }
      notifyAll(pushListeners.get(name) ?? [], payload)
    })
  }

  /** on<Name>(listener) for a push other than the snapshot; rides the snapshot's stream. */
  function pushSubscriber(name: string): (listener: (payload: unknown) => void) => () => void {
    return (listener) => {
      let listeners = pushListeners.get(name)
      if (!listeners) {
        listeners = new Set()
        pushListeners.set(name, listeners)
        if (source !== null) listenForPush(source, name)
      }
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }
  }

  function close(): void {
    if (retryTimer !== null) clearTimer(retryTimer)
    retryTimer = null
    source?.close()
    source = null
    retryDelay = retryMs
    state = { status: 'connecting', reason: null }
  }

  const call = caller(fetchImpl, options.callUrl ?? '/api/call/')
  const api: Pick<RendererApi, 'getSnapshot' | 'onSnapshot' | 'onConnection'> = {
    getSnapshot: snapshotFetcher(fetchImpl, options.snapshotUrl ?? '/api/snapshot'),
    onSnapshot(listener) {
      snapshotListeners.add(listener)
      if (source === null && retryTimer === null) open()
      return () => {
        snapshotListeners.delete(listener)
        if (snapshotListeners.size === 0) close()
      }
    },
    onConnection(listener) {
      connectionListeners.add(listener)
      listener(state)
      return () => {
        connectionListeners.delete(listener)
      }
    },
  }
  // Every other member of the contract, by name: on<Name> subscribes to push <name>, anything else is a call.
  return new Proxy(api, {
    get(target, property, receiver) {
      if (typeof property !== 'string' || property in target || !CONTRACT_NAME.test(property) || NOT_CONTRACT.has(property)) {
        return Reflect.get(target, property, receiver) as unknown
      }
      if (/^on[A-Z]/.test(property)) return pushSubscriber(property.charAt(2).toLowerCase() + property.slice(3))
      return (...args: unknown[]) => call(property, args)
    },
  }) as RendererApi
}

import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import {
  fetchServer,
  formatBytes,
  formatDuration,
  parseRetryAfter,
  pollTiming,
  type PollOutcome,
} from '../../../main/core/ingest/fetch-server.ts'
import type { ServerConfig } from '../../../main/core/types/index.ts'
import { closedPort, sendJson, startLocalServer, type LocalServer } from '../local-server.ts'

const TOKEN = 's3cr3t-token-value'
const record = { productId: 1, productName: '4D Client', token: 10, productBalance: 2, globalProductUsedCount: 8 }
const contract = { server: { name: 'Accounting', machine: 'srv-app-01', version: '20 R10' }, usage: [record] }

const servers: LocalServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(...args: Parameters<typeof startLocalServer>): Promise<LocalServer> {
  const server = await startLocalServer(...args)
  servers.push(server)
  return server
}

function config(url: string, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { id: 'accounting', name: 'Accounting', url, kind: 'http-json', ...extra }
}

const realDeps = { fetch: globalThis.fetch, now: () => Date.now() }

async function failure(outcome: Promise<PollOutcome>): Promise<Extract<PollOutcome, { ok: false }>> {
  const result = await outcome
  if (result.ok) throw new Error('expected the poll to fail')
  return result
}

/** A fetch that must never run: the test fails if the poller reaches the network. */
const forbiddenFetch = (() => {
  throw new Error('fetch must not be called')
}) as unknown as typeof fetch

describe('fetchServer: requests', () => {
  it('GETs the contract JSON with Accept and the Bearer token to a loopback host', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, contract))
    const outcome = await fetchServer(config(server.url(), { token: TOKEN }), realDeps)
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.payload.server.machine).toBe('srv-app-01')
    expect(outcome.payload.records.map((r) => r.token)).toEqual([10])
    expect(outcome.warnings).toEqual([])
    const seen = server.requests[0]
    expect(seen?.method).toBe('GET')
    expect(seen?.headers['accept']).toBe('application/json')
    expect(seen?.headers['authorization']).toBe(`Bearer ${TOKEN}`)
  })

  it('sends no Authorization header when no token is configured', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, [record]))
    expect((await fetchServer(config(server.url()), realDeps)).ok).toBe(true)
    expect(server.requests[0]?.headers['authorization']).toBeUndefined()
  })

  it('POSTs "[]" to a REST class function and unwraps {"result": ...}', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { result: contract }))
    const outcome = await fetchServer(config(server.url('/rest/$catalog/licenseUsage'), { kind: 'rest-function' }), realDeps)
    expect(outcome.ok && outcome.payload.records.length).toBe(1)
    const seen = server.requests[0]
    expect(seen?.method).toBe('POST')
    expect(seen?.body).toBe('[]')
    expect(seen?.headers['content-type']).toBe('application/json')
  })

  it('reports a 4D REST error body by its message, with or without an error status', async () => {
    const body = { __ERROR: [{ message: 'The function licenseUsage is not exposed', componentSignature: 'dbmg', errCode: 1 }] }
    const ok200 = await serve((_req, res) => sendJson(res, 200, body))
    const notFound = await serve((_req, res) => sendJson(res, 404, body))
    const restConfig = (url: string) => config(url, { kind: 'rest-function' })
    expect((await failure(fetchServer(restConfig(ok200.url()), realDeps))).error).toBe(
      '4D REST error: The function licenseUsage is not exposed',
    )
    expect((await failure(fetchServer(restConfig(notFound.url()), realDeps))).error).toBe(
      'HTTP 404 Not Found: The function licenseUsage is not exposed',
    )
  })

  it('reports the invalid records of a usable payload as a warning', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, [record, { token: 11 }]))
    const outcome = await fetchServer(config(server.url()), realDeps)
    expect(outcome.ok && outcome.warnings).toEqual(['1 of 2 records invalid: productId missing'])
  })

  it('measures latency with the injected clock', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, []))
    let t = 1000
    const outcome = await fetchServer(config(server.url()), { fetch: globalThis.fetch, now: () => (t += 250) })
    expect(outcome.latencyMs).toBe(250)
  })
})

describe('fetchServer: credentials over plain http', () => {
  it('refuses to send the token to a non-loopback host over http, without calling fetch', async () => {
    const outcome = await failure(
      fetchServer(config('http://10.0.0.1:1/license-usage', { token: TOKEN }), { fetch: forbiddenFetch, now: Date.now }),
    )
    expect(outcome.error).toBe(
      'refusing to send the token over plain http to 10.0.0.1: use https, or allow plain http for this server explicitly',
    )
    expect(outcome.error).not.toContain(TOKEN)
  })

  it.each([
    ['an explicit opt-in for plain http', 'http://10.0.0.1:1/license-usage', { allowPlainHttpCredentials: true }],
    ['https', 'https://10.0.0.1:1/license-usage', {}],
    ['no token (nothing to leak)', 'http://10.0.0.1:1/license-usage', { token: undefined }],
  ])('sends the request with %s', async (_label, url, extra) => {
    const calls: { url: string; headers: Headers }[] = []
    const spy = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: input instanceof Request ? input.url : String(input), headers: new Headers(init?.headers) })
      return new Response('[]', { status: 200 })
    }) as typeof fetch
    const outcome = await fetchServer(config(url, { token: TOKEN, ...extra }), { fetch: spy, now: Date.now })
    expect(outcome.ok).toBe(true)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.headers.get('authorization')).toBe('token' in extra ? null : `Bearer ${TOKEN}`)
  })
})

describe('fetchServer: failures name their cause', () => {
  it('connection refused', async () => {
    const port = await closedPort()
    expect((await failure(fetchServer(config(`http://127.0.0.1:${port}/license-usage`), realDeps))).error).toBe('connection refused')
  })

  it('host not found, dug out of undici\'s "fetch failed"', async () => {
    // Resolving a real name would leave 127.0.0.1; this is the error shape undici throws for it.
    const undiciLike = (async () => {
      const cause = Object.assign(new Error('getaddrinfo ENOTFOUND srv-app-01'), { code: 'ENOTFOUND' })
      throw new TypeError('fetch failed', { cause })
    }) as typeof fetch
    expect((await failure(fetchServer(config('https://srv-app-01:8443/license-usage'), { fetch: undiciLike, now: Date.now }))).error).toBe(
      'host not found: srv-app-01',
    )
  })

  it('connection reset, before and during the body', async () => {
    const beforeHeaders = await serve((req) => req.socket.destroy())
    const midBody = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"usage": [')
      setTimeout(() => req.socket.destroy(), 20)
    })
    expect((await failure(fetchServer(config(beforeHeaders.url()), realDeps))).error).toBe('connection reset')
    expect((await failure(fetchServer(config(midBody.url()), realDeps))).error).toBe('connection reset')
  })

  it('times out after timeoutMs, and never waits longer than the interval', async () => {
    const hung = await serve(() => undefined)
    const slowBody = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('[')
    })
    expect((await failure(fetchServer(config(hung.url(), { timeoutMs: 200 }), realDeps))).error).toBe('timed out after 200 ms')
    expect((await failure(fetchServer(config(slowBody.url(), { timeoutMs: 200 }), realDeps))).error).toBe('timed out after 200 ms')
    const clamped = await failure(fetchServer(config(hung.url(), { timeoutMs: 4000, intervalMs: 300 }), realDeps))
    expect(clamped.error).toBe('timed out after 300 ms')
    expect(clamped.latencyMs).toBeLessThan(3000)
  })

  it.each([
    [500, 'HTTP 500 Internal Server Error'],
    [502, 'HTTP 502 Bad Gateway'],
    [401, 'HTTP 401 Unauthorized: authentication failed for Accounting: check the token'],
    [403, 'HTTP 403 Forbidden: authentication failed for Accounting: check the token'],
  ])('HTTP %i', async (status, sentence) => {
    const server = await serve((_req, res) => sendJson(res, status, { error: 'nope' }))
    expect((await failure(fetchServer(config(server.url(), { token: TOKEN }), realDeps))).error).toBe(sentence)
  })

  it('does not follow a redirect (it could carry the token elsewhere)', async () => {
    const target = await serve((_req, res) => sendJson(res, 200, []))
    const redirecting = await serve((_req, res) => {
      res.writeHead(302, { location: target.url() })
      res.end()
    })
    const outcome = await failure(fetchServer(config(redirecting.url(), { token: TOKEN }), realDeps))
    expect(outcome.error).toBe(`HTTP 302 Found: the endpoint redirects to ${target.url()}; configure that URL instead`)
    expect(target.requests).toHaveLength(0)
  })

  it('invalid JSON: an HTML page is named as one, a broken body by its position, never by its text', async () => {
    const server = await serve((_req, res) => res.end(`<html>token ${TOKEN}</html>`))
    const outcome = await failure(fetchServer(config(server.url(), { token: TOKEN }), realDeps))
    expect(outcome.error).toBe('invalid JSON: the endpoint answered an HTML page, not JSON; check the URL')
    const broken = await serve((_req, res) => res.end(`[{"productId": 1,\n "x": Kq4${TOKEN.slice(0, 5)}`))
    const brokenOutcome = await failure(fetchServer(config(broken.url(), { token: TOKEN }), realDeps))
    expect(brokenOutcome.error).toBe('invalid JSON: the body stops being valid JSON at line 2, column 7')
    const empty = await serve((_req, res) => res.end())
    expect((await failure(fetchServer(config(empty.url()), realDeps))).error).toBe('invalid JSON: empty body')
  })

  it("passes parsePayload's errors on", async () => {
    const wrongShape = await serve((_req, res) => sendJson(res, 200, { records: [] }))
    const noUsable = await serve((_req, res) => sendJson(res, 200, [{ token: 1 }, { token: 2 }]))
    expect((await failure(fetchServer(config(wrongShape.url()), realDeps))).error).toBe(
      'unexpected payload: expected a License usage array or an object with a usage array',
    )
    expect((await failure(fetchServer(config(noUsable.url()), realDeps))).error).toBe(
      'no usable record: 2 of 2 records invalid: productId missing',
    )
  })

  it('TLS error when the certificate is not trusted (verification is never turned off)', async () => {
    const tls = {
      key: readFileSync(new URL('../fixtures/self-signed-key.pem', import.meta.url), 'utf8'),
      cert: readFileSync(new URL('../fixtures/self-signed-cert.pem', import.meta.url), 'utf8'),
    }
    const server = await serve((_req, res) => sendJson(res, 200, []), tls)
    const fingerprint = new X509Certificate(tls.cert).fingerprint256
    expect((await failure(fetchServer(config(server.url()), realDeps))).error).toBe(
      `certificate of 127.0.0.1 is not trusted (self-signed); its SHA-256 fingerprint is ${fingerprint}; trust it by pinning this fingerprint`,
    )
    expect(server.requests).toHaveLength(0)
  })

  it('rejects an invalid URL before any request', async () => {
    expect((await failure(fetchServer(config('ftp://srv/x'), { fetch: forbiddenFetch, now: Date.now }))).error).toBe(
      'invalid URL "ftp://srv/x": expected an http or https URL',
    )
  })
})

describe('fetchServer: body size limit', () => {
  const limit = 64 * 1024

  it('rejects early on a Content-Length over the limit, without waiting for the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) })
      res.write('[') // and never more: only the header can end this poll in time
    })
    const outcome = await failure(fetchServer(config(server.url(), { maxBodyBytes: limit, timeoutMs: 3000 }), realDeps))
    expect(outcome.error).toBe('response larger than 64 KiB')
    expect(outcome.latencyMs).toBeLessThan(2500)
  })

  it('aborts a body without Content-Length as soon as it passes the limit', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(16 * 1024, 0x20)
      const timer = setInterval(() => res.write(chunk), 5) // endless: only the limit can end this poll in time
      req.socket.on('close', () => clearInterval(timer))
    })
    const outcome = await failure(fetchServer(config(server.url(), { maxBodyBytes: limit, timeoutMs: 3000 }), realDeps))
    expect(outcome.error).toBe('response larger than 64 KiB')
    expect(outcome.latencyMs).toBeLessThan(2500)
  })

  it('counts the decompressed size: a small gzip body that inflates past the limit fails', async () => {
    const big = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ ...record, token: i })))
    const compressed = gzipSync(big)
    expect(compressed.length).toBeLessThan(limit)
    expect(big.length).toBeGreaterThan(limit)
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': compressed.length })
      res.end(compressed)
    })
    expect((await failure(fetchServer(config(server.url(), { maxBodyBytes: limit }), realDeps))).error).toBe('response larger than 64 KiB')
    const roomy = await fetchServer(config(server.url(), { maxBodyBytes: 8 * 1024 * 1024 }), realDeps)
    expect(roomy.ok && roomy.payload.records.length).toBe(20_000)
  })

  it('uses 5 MiB by default', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20)
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(big)
    })
    expect((await failure(fetchServer(config(server.url()), realDeps))).error).toBe('response larger than 5 MiB')
  })
})

describe('Retry-After', () => {
  it('comes back from a 503 in seconds or as an HTTP date', async () => {
    const now = Date.parse('2026-11-28T09:00:00Z')
    const seconds = await serve((_req, res) => sendJson(res, 503, {}, { 'retry-after': '7' }))
    const date = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': 'Sat, 28 Nov 2026 09:01:30 GMT' }))
    const deps = { fetch: globalThis.fetch, now: () => now }
    const first = await failure(fetchServer(config(seconds.url()), deps))
    expect(first).toMatchObject({
      error: 'HTTP 503 Service Unavailable; the server asked to wait 7 s (Retry-After): the next try is in 7 s',
      retryAfterMs: 7000,
    })
    expect(await failure(fetchServer(config(date.url()), deps))).toMatchObject({
      error: 'HTTP 429 Too Many Requests; the server asked to wait 90 s (Retry-After): the next try is in 90 s',
      retryAfterMs: 90_000,
    })
  })

  it('parses both forms and ignores nonsense', () => {
    const now = Date.parse('2026-11-28T09:00:00Z')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Sat, 28 Nov 2026 08:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
  })
})

describe('timing and wording helpers', () => {
  it('defaults to a 5 s interval and a 4 s timeout, the timeout never above the interval', () => {
    expect(pollTiming({})).toEqual({ intervalMs: 5000, timeoutMs: 4000 })
    expect(pollTiming({ intervalMs: 2000 })).toEqual({ intervalMs: 2000, timeoutMs: 2000 })
    expect(pollTiming({ intervalMs: 10_000, timeoutMs: 9000 })).toEqual({ intervalMs: 10_000, timeoutMs: 9000 })
  })

  it('words durations and sizes as the error sentences show them', () => {
    expect(formatDuration(4000)).toBe('4 s')
    expect(formatDuration(1500)).toBe('1.5 s')
    expect(formatDuration(200)).toBe('200 ms')
    expect(formatDuration(5 * 60_000)).toBe('5 min')
    expect(formatDuration(3_600_000)).toBe('1 h')
    expect(formatDuration(30 * 86_400_000)).toBe('30 d')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB')
    expect(formatBytes(64 * 1024)).toBe('64 KiB')
    expect(formatBytes(300)).toBe('300 bytes')
  })
})

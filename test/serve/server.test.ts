import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LiveSnapshot, Snapshot, SnapshotPatch } from '../../main/core/types/index.ts'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { CONTENT_SECURITY_POLICY } from '../../main/serve/responses.ts'
import { startServeServer, type ServeServer } from '../../main/serve/server.ts'
import { get, openEventStream } from './http-client.ts'
import { startMonitoredSimulator, totalUsed, type MonitoredSimulator } from './real-monitor.ts'

const TOKEN = 'test-token-0123456789'
let root: string
let staticDir: string
let sim: MonitoredSimulator
let monitor: MonitoredSimulator['source']
let server: ServeServer
let cookie: string

function makeStaticDir(withIndex: boolean): string {
  const dir = join(root, withIndex ? 'renderer' : 'empty-renderer')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  if (withIndex) writeFileSync(join(dir, 'index.html'), '<!doctype html><title>LM</title><div id="app"></div>')
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("app")')
  writeFileSync(join(dir, 'assets', 'app.css'), 'body{}')
  return dir
}

beforeAll(async () => {
  sim = await startMonitoredSimulator()
  monitor = sim.source
  await sim.monitor.pollNow()
})
afterAll(() => sim.stop())

/** A snapshot without its timestamp, which differs on every call. */
function content(snapshot: Snapshot): Omit<Snapshot, 'generatedAt'> {
  const { generatedAt: _ignored, ...rest } = snapshot
  return rest
}

/** The rows' used counts as a page holds them: from the live snapshot, then each patch's replaced and removed rows. */
function usedByRow(live: LiveSnapshot): { total(): number; apply(patch: SnapshotPatch): void } {
  const used = new Map(
    live.machines.flatMap((m) => m.products.map((p) => [`${m.machine} ${p.productId}`, p.used + (p.uncounted ?? 0)] as const)),
  )
  return {
    total: () => [...used.values()].reduce((sum, value) => sum + value, 0),
    apply(patch) {
      for (const machine of patch.removedMachines ?? []) for (const key of used.keys()) if (key.startsWith(`${machine} `)) used.delete(key)
      for (const { machine, productId } of patch.removedRows ?? []) used.delete(`${machine} ${productId}`)
      for (const { machine, row } of patch.rows ?? []) used.set(`${machine} ${row.productId}`, row.used + (row.uncounted ?? 0))
    },
  }
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'lm-serve-'))
  writeFileSync(join(root, 'secret.txt'), 'outside the static folder')
  staticDir = makeStaticDir(true)
  server = await startServeServer({ monitor, port: 0, token: TOKEN, staticDir })
  const login = await get(`${server.url}/?token=${TOKEN}`)
  cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0]!
})

afterEach(async () => {
  await server.close()
  rmSync(root, { recursive: true, force: true })
})

describe('token flow', () => {
  it('trades a right ?token for an HttpOnly SameSite=Strict cookie and redirects to /', async () => {
    const res = await get(`${server.url}/?token=${TOKEN}`)
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/')
    const setCookie = res.headers['set-cookie']?.[0] ?? ''
    expect(setCookie).toMatch(new RegExp(`^lm_token_${server.port}=`))
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/')
  })

  it('serves the renderer with the cookie, and refuses it without', async () => {
    const withCookie = await get(`${server.url}/`, { headers: { cookie } })
    expect(withCookie.status).toBe(200)
    expect(withCookie.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(withCookie.body).toContain('<div id="app">')
    const without = await get(`${server.url}/`)
    expect(without.status).toBe(401)
    expect(without.body).toContain('open the URL with ?token=')
  })

  it('refuses a wrong ?token with 401 and sets no cookie', async () => {
    const res = await get(`${server.url}/?token=wrong`)
    expect(res.status).toBe(401)
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('does not accept a Bearer token or ?token for static files, only the cookie', async () => {
    expect((await get(`${server.url}/assets/app.js`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(401)
    expect((await get(`${server.url}/assets/app.js?token=${TOKEN}`)).status).toBe(401)
    expect((await get(`${server.url}/assets/app.js`, { headers: { cookie: `lm_token_${server.port}=nope` } })).status).toBe(401)
  })
})

describe('API', () => {
  it('answers /api/snapshot to the cookie, a Bearer token and ?token, with no-store', async () => {
    for (const res of [
      await get(`${server.url}/api/snapshot`, { headers: { cookie } }),
      await get(`${server.url}/api/snapshot`, { headers: { authorization: `Bearer ${TOKEN}` } }),
      await get(`${server.url}/api/snapshot?token=${TOKEN}`),
    ]) {
      expect(res.status).toBe(200)
      expect(res.headers['cache-control']).toBe('no-store')
      const snapshot = JSON.parse(res.body) as Snapshot
      expect(content(snapshot)).toEqual(content(monitor.getSnapshot()))
      expect(snapshot.machines).toHaveLength(2)
    }
  })

  it('refuses /api/snapshot without a token or with a wrong one, as a JSON sentence', async () => {
    for (const res of [
      await get(`${server.url}/api/snapshot`),
      await get(`${server.url}/api/snapshot`, { headers: { authorization: 'Bearer wrong' } }),
      await get(`${server.url}/api/snapshot?token=${TOKEN}x`),
    ]) {
      expect(res.status).toBe(401)
      expect(res.headers['content-type']).toContain('application/json')
      expect(JSON.parse(res.body).error).toMatch(/printed when it started/)
    }
  })

  it('answers an unknown API route with 404 and other methods with 405', async () => {
    expect((await get(`${server.url}/api/nothing`, { headers: { cookie } })).status).toBe(404)
    const post = await get(`${server.url}/api/snapshot`, { method: 'POST', headers: { cookie } })
    expect(post.status).toBe(405)
    expect(post.headers.allow).toBe('GET, HEAD')
  })
})

describe('origin and host guards', () => {
  it('refuses a request from another origin with 403, even with the cookie', async () => {
    const res = await get(`${server.url}/api/snapshot`, { headers: { cookie, origin: 'http://evil.example' } })
    expect(res.status).toBe(403)
    expect(JSON.parse(res.body).error).toMatch(/origin "http:\/\/evil.example"/)
    const nullOrigin = await get(`${server.url}/api/snapshot`, { headers: { cookie, origin: 'null' } })
    expect(nullOrigin.status).toBe(403)
  })

  it('accepts its own origin', async () => {
    const res = await get(`${server.url}/api/snapshot`, { headers: { cookie, origin: server.url } })
    expect(res.status).toBe(200)
  })

  it('refuses a Host other than 127.0.0.1 or localhost on its port (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1:1', `127.0.0.2:${server.port}`]) {
      const res = await get(`${server.url}/api/snapshot`, { headers: { cookie, host } })
      expect(res.status, host).toBe(403)
    }
    const localhost = await get(`${server.url}/api/snapshot`, { headers: { cookie, host: `localhost:${server.port}` } })
    expect(localhost.status).toBe(200)
  })
})

describe('static files', () => {
  it('serves assets with their content types and the security headers', async () => {
    const js = await get(`${server.url}/assets/app.js`, { headers: { cookie } })
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const css = await get(`${server.url}/assets/app.css`, { headers: { cookie } })
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
    for (const res of [js, css, await get(`${server.url}/`)]) {
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      )
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
    }
  })

  it("sends the renderer's own CSP, plus frame-ancestors, which a <meta> cannot carry", () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    const directives = (policy: string): string[] =>
      policy
        .split(';')
        .map((d) => d.trim().replace(/\s+/g, ' '))
        .filter(Boolean)
        .sort()
    const header = directives(CONTENT_SECURITY_POLICY)
    expect(header.filter((d) => !d.startsWith('frame-ancestors '))).toEqual(directives(meta!))
    expect(header).toContain("frame-ancestors 'none'")
  })

  it('refuses path traversal in every spelling', async () => {
    symlinkSync(join(root, 'secret.txt'), join(staticDir, 'link.txt'))
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/link.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const res = await get(`${server.url}${path}`, { headers: { cookie } })
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.body, path).not.toContain('outside the static folder')
    }
  })

  it('answers 404 for a missing file', async () => {
    expect((await get(`${server.url}/nope.js`, { headers: { cookie } })).status).toBe(404)
  })

  it('answers 503 with the build command when the renderer is not built', async () => {
    const bare = await startServeServer({ monitor, port: 0, token: TOKEN, staticDir: makeStaticDir(false) })
    try {
      const res = await get(`${bare.url}/`, { headers: { cookie: `lm_token_${bare.port}=${TOKEN}` } })
      expect(res.status).toBe(503)
      expect(res.body).toContain('the renderer is not built: run npx electron-vite build'.replace('the', 'The'))
    } finally {
      await bare.close()
    }
  })
})

describe('server-sent events', () => {
  it('sends the live snapshot at connect and a patch after each change, then unsubscribes', async () => {
    const stream = await openEventStream(`${server.url}/api/events`, { cookie })
    expect(stream.response.statusCode).toBe(200)
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    const first = (await stream.next('snapshot')) as LiveSnapshot
    // The whole snapshot, license lists left out: each row names the version of its list instead.
    const { seq: _seq, ...withoutSeq } = first
    const withoutLists = (snapshot: Snapshot) =>
      content({
        ...snapshot,
        machines: snapshot.machines.map((m) => ({
          ...m,
          products: m.products.map(({ listVersion: _v, ...p }) => ({ ...p, licenses: [] })),
        })),
      })
    expect(withoutLists(withoutSeq)).toEqual(withoutLists(monitor.getSnapshot()))
    expect(first.machines.flatMap((m) => m.products).every((p) => p.licenses.length === 0 && typeof p.listVersion === 'number')).toBe(true)
    expect(totalUsed(first)).toBeGreaterThan(0)
    expect(monitor.subscribers()).toBe(1)
    const page = usedByRow(first)
    const followed = (data: unknown): number => {
      page.apply(data as SnapshotPatch)
      return page.total()
    }
    const serverId = sim.simulator.servers()[0]!.id
    const held = sim.simulator.retain(serverId, CLIENT_PRODUCT_ID)
    expect(held, 'the simulator had a free 4D Client license').not.toBeNull()
    // One poll of three servers may push up to three snapshots; the retained license shows in one of them.
    await sim.monitor.pollNow()
    await stream.until('snapshotPatch', (patch) => followed(patch) === totalUsed(first) + 1)
    sim.simulator.release(serverId, held!.token)
    await sim.monitor.pollNow()
    await stream.until('snapshotPatch', (patch) => followed(patch) === totalUsed(first))
    stream.close()
    await expect.poll(() => monitor.subscribers(), { timeout: 5_000 }).toBe(0)
  })

  it('refuses the stream without a token', async () => {
    const res = await get(`${server.url}/api/events`)
    expect(res.status).toBe(401)
    expect(monitor.subscribers()).toBe(0)
  })

  it('sends heartbeat comments while idle', async () => {
    const quick = await startServeServer({ monitor, port: 0, token: TOKEN, staticDir, heartbeatMs: 50 })
    const stream = await openEventStream(`${quick.url}/api/events?token=${TOKEN}`)
    try {
      await stream.next('snapshot')
      await expect.poll(() => stream.text(), { timeout: 5_000 }).toContain(': heartbeat\n\n')
    } finally {
      stream.close()
      await quick.close()
    }
  })

  it('closes open streams when the server closes', async () => {
    const stream = await openEventStream(`${server.url}/api/events`, { cookie })
    await stream.next('snapshot')
    const ended = new Promise<void>((resolve) => stream.response.on('close', () => resolve()))
    await server.close()
    await ended
    server = await startServeServer({ monitor, port: 0, token: TOKEN, staticDir })
  })
})

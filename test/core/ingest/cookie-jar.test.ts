// The per-server cookie jar: what Set-Cookie sets comes back on the next
// request to the same origin and path only, expiry is honoured, and a 401
// drops the session. The wrapper is tested over a real socket.
import { afterEach, describe, expect, it } from 'vitest'
import { CookieJar, withCookies } from '../../../main/core/ingest/cookie-jar.ts'
import { startLocalServer, type LocalServer } from '../local-server.ts'

const T0 = Date.parse('2026-12-01T10:00:00Z')
const url = (text: string): URL => new URL(text)

describe('CookieJar', () => {
  it('sends back what Set-Cookie set, to the same origin only', () => {
    const jar = new CookieJar()
    jar.store(url('http://srv:8080/license-usage'), ['4DSID_Accounting=ABC123; Path=/; HttpOnly'], T0)
    expect(jar.header(url('http://srv:8080/license-usage'), T0)).toBe('4DSID_Accounting=ABC123')
    expect(jar.header(url('http://srv:8081/license-usage'), T0), 'another port').toBeNull()
    expect(jar.header(url('https://srv:8080/license-usage'), T0), 'another scheme').toBeNull()
    expect(jar.header(url('http://other:8080/license-usage'), T0), 'another host').toBeNull()
  })

  it('keeps several cookies, replaces one of the same name and path, longest path first', () => {
    const jar = new CookieJar()
    const at = url('http://srv/rest/$catalog/licenseUsage')
    jar.store(at, ['WASID4D=one; Path=/', 'pref=x; Path=/rest'], T0)
    jar.store(at, ['WASID4D=two; Path=/'], T0)
    expect(jar.header(at, T0)).toBe('pref=x; WASID4D=two')
  })

  it('honours Path, with the default path of the request when none is given', () => {
    const jar = new CookieJar()
    jar.store(url('http://srv/api/v1/usage'), ['a=1', 'b=2; Path=/admin'], T0)
    expect(jar.header(url('http://srv/api/v1/other'), T0)).toBe('a=1')
    expect(jar.header(url('http://srv/api/v10'), T0), '/api/v1 does not match /api/v10').toBeNull()
    expect(jar.header(url('http://srv/admin/x'), T0)).toBe('b=2')
  })

  it('honours Max-Age over Expires, and removes a cookie on Max-Age=0 or a past Expires', () => {
    const jar = new CookieJar()
    const at = url('http://srv/')
    const future = new Date(T0 + 3_600_000).toUTCString()
    jar.store(at, [`s=1; Max-Age=60; Expires=${future}`], T0)
    expect(jar.header(at, T0 + 59_000)).toBe('s=1')
    expect(jar.header(at, T0 + 60_000), 'Max-Age wins').toBeNull()
    jar.store(at, [`e=1; Expires=${future}`], T0)
    expect(jar.header(at, T0 + 3_599_000)).toBe('e=1')
    jar.store(at, ['e=1; Max-Age=0'], T0)
    expect(jar.header(at, T0)).toBeNull()
    jar.store(at, ['f=1', `f=1; Expires=${new Date(T0 - 1000).toUTCString()}`], T0)
    expect(jar.header(at, T0)).toBeNull()
  })

  it('sends a Secure cookie over https only, and ignores malformed lines', () => {
    const jar = new CookieJar()
    jar.store(url('https://srv/'), ['s=1; Secure', '=nameless', 'no-equals-sign'], T0)
    expect(jar.header(url('https://srv/'), T0)).toBe('s=1')
    expect(jar.names(T0)).toEqual(['s'])
  })
})

describe('withCookies over a real socket', () => {
  let server: LocalServer | null = null
  afterEach(async () => {
    await server?.close()
    server = null
  })

  it('returns the session cookie on every later request and forgets it after a 401', async () => {
    let next = 1
    let refuse = false
    server = await startLocalServer((req, res) => {
      if (refuse) {
        res.writeHead(401).end()
        return
      }
      // Like 4D: a request without a known session cookie gets a new session.
      const headers: Record<string, string | string[]> = {}
      if (!/4DSID_App=/.test(req.headers.cookie ?? ''))
        headers['set-cookie'] = [`4DSID_App=S${next++}; Path=/; HttpOnly`, 'theme=dark; Path=/']
      res.writeHead(200, headers).end('{}')
    })
    const jar = new CookieJar()
    const fetchWithJar = withCookies(globalThis.fetch, jar)
    for (let i = 0; i < 5; i++) await (await fetchWithJar(server.url('/license-usage'))).text()
    expect(server.requests.map((r) => r.headers.cookie ?? null)).toEqual([null, ...Array(4).fill('4DSID_App=S1; theme=dark')])
    refuse = true
    await (await fetchWithJar(server.url('/license-usage'))).text()
    expect(jar.names(Date.now())).toEqual([])
    refuse = false
    await (await fetchWithJar(server.url('/license-usage'))).text()
    expect(server.requests.at(-1)?.headers.cookie).toBeUndefined()
    expect(jar.sessionValues(new URL(server.url()), Date.now())).toContain('S2')
  })

  it('leaves a Cookie header the caller set alone', async () => {
    server = await startLocalServer((_req, res) => res.writeHead(200, { 'set-cookie': 'WASID4D=X; Path=/' }).end())
    const fetchWithJar = withCookies(globalThis.fetch, new CookieJar())
    await (await fetchWithJar(server.url('/a'))).text()
    await (await fetchWithJar(server.url('/a'), { headers: { cookie: 'WASID4D=mine' } })).text()
    expect(server.requests.at(-1)?.headers.cookie).toBe('WASID4D=mine')
  })
})

// One server's cookies, kept between polls. A 4D web server opens a new web
// session (kept 60 minutes idle) for every request that does not send its
// session cookie back (`4DSID_<app>`, or `WASID4D` in older releases), and
// over REST in default login mode each such session holds a 4D Client
// license: a monitor that forgets the cookie costs a session, maybe a
// license, per poll. The subset of RFC 6265 this needs: name=value, Path,
// Max-Age (wins over Expires), Expires, Secure; cookies are host-only and go
// back to the same origin (scheme, host and port) only. Values stay inside
// the core: nothing here logs, exports or shows one.

interface StoredCookie {
  name: string
  value: string
  origin: string
  path: string
  /** ms since the epoch; null for a cookie that lasts as long as the jar. */
  expiresAt: number | null
  secure: boolean
}

export class CookieJar {
  private cookies: StoredCookie[] = []

  /** Keeps what the Set-Cookie lines of an answer from `url` set; Max-Age=0 or a past Expires removes. */
  store(url: URL, setCookieLines: readonly string[], now: number): void {
    for (const line of setCookieLines) {
      const parsed = parseSetCookie(line, url, now)
      if (!parsed) continue
      this.cookies = this.cookies.filter((c) => !(c.origin === parsed.origin && c.name === parsed.name && c.path === parsed.path))
      if (parsed.expiresAt === null || parsed.expiresAt > now) this.cookies.push(parsed)
    }
  }

  /** The Cookie header for a request to `url`: same origin, path match, not expired, longest path first. */
  header(url: URL, now: number): string | null {
    this.dropExpired(now)
    const matching = this.cookies
      .filter((c) => c.origin === url.origin && pathMatches(url.pathname, c.path) && (!c.secure || url.protocol === 'https:'))
      .sort((a, b) => b.path.length - a.path.length)
    return matching.length === 0 ? null : matching.map((c) => `${c.name}=${c.value}`).join('; ')
  }

  /** A 401 means the server no longer knows the session (or never did): forget that origin's cookies. */
  dropOrigin(url: URL): void {
    this.cookies = this.cookies.filter((c) => c.origin !== url.origin)
  }

  clear(): void {
    this.cookies = []
  }

  /** Cookie names held (no values), for tests and diagnostics. */
  names(now: number): string[] {
    this.dropExpired(now)
    return this.cookies.map((c) => c.name)
  }

  /**
   * The values this jar would send to `url`'s origin: a 4D session ID equals
   * its session cookie's value, which is how a license record is recognised
   * as the monitor's own. Never for display.
   */
  sessionValues(url: URL, now: number): string[] {
    this.dropExpired(now)
    return this.cookies.filter((c) => c.origin === url.origin).map((c) => c.value)
  }

  private dropExpired(now: number): void {
    this.cookies = this.cookies.filter((c) => c.expiresAt === null || c.expiresAt > now)
  }
}

/**
 * A fetch that sends and keeps the jar's cookies. A request that already has
 * a Cookie header keeps it (the REST login session sets its own).
 */
export function withCookies(base: typeof fetch, jar: CookieJar | undefined, now: () => number = Date.now): typeof fetch {
  if (!jar) return base
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const headers = new Headers(init.headers)
    if (!headers.has('cookie')) {
      const cookie = jar.header(url, now())
      if (cookie !== null) headers.set('cookie', cookie)
    }
    const response = await base(input, { ...init, headers })
    if (response.status === 401) jar.dropOrigin(url)
    else jar.store(url, response.headers.getSetCookie(), now())
    return response
  }) as typeof fetch
}

function parseSetCookie(line: string, url: URL, now: number): StoredCookie | null {
  const [pair = '', ...attributes] = line.split(';')
  const eq = pair.indexOf('=')
  if (eq <= 0) return null
  const name = pair.slice(0, eq).trim()
  const value = pair.slice(eq + 1).trim()
  if (name === '') return null
  let path: string | null = null
  let maxAgeAt: number | null = null
  let expiresAt: number | null = null
  let secure = false
  for (const attribute of attributes) {
    const at = attribute.indexOf('=')
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase()
    const text = at < 0 ? '' : attribute.slice(at + 1).trim()
    if (key === 'path' && text.startsWith('/')) path = text
    else if (key === 'max-age' && /^-?\d+$/.test(text)) maxAgeAt = Number(text) <= 0 ? Number.NEGATIVE_INFINITY : now + Number(text) * 1000
    else if (key === 'expires' && !Number.isNaN(Date.parse(text))) expiresAt = Date.parse(text)
    else if (key === 'secure') secure = true
  }
  // Max-Age wins over Expires (RFC 6265 5.3 step 3).
  return { name, value, origin: url.origin, path: path ?? defaultPath(url.pathname), expiresAt: maxAgeAt ?? expiresAt, secure }
}

/** RFC 6265 5.1.4: the request path up to, not including, its last slash; "/" when that leaves nothing. */
function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) return '/'
  const last = requestPath.lastIndexOf('/')
  return last <= 0 ? '/' : requestPath.slice(0, last)
}

/** RFC 6265 5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'
}

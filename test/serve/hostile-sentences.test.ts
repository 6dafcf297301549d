// Issue 12, secrets: a hostile 4D Server echoes secrets it should not know
// into its error bodies (a session cookie, a token where its JSON breaks, an
// HTML page, a Retry-After of a month). The served mode, over real sockets,
// must pass none of them to any route: snapshot, stream, testConnection,
// exports, alerts.json and the other data files, nor its own output.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CLI = join(import.meta.dirname, '../../main/serve/cli.ts')
const TOKEN = 'served-page-token-hostile-0123'
/** Secrets the monitor never saw: only their shape (a cookie, a broken JSON) can mask them. */
const CANARY = {
  bearer: 'canary-bearer-5e1f0a9d77c3',
  cookie: 'canary-cookie-WASID-91d2c4',
  fourdSid: 'canary-4dsid-03be6f2a18',
  json: 'Kq4canaryJSON7731',
  html: 'canary-html-page-88a1',
  worker: 'canary-worker-cookie-4410',
}

/** One path per finding; every answer comes from this local, hostile "4D Server". */
function hostileAnswer(path: string, res: import('node:http').ServerResponse): void {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
  switch (path) {
    case '/cookie-echo':
      json(500, { __ERROR: [{ message: `session refused: cookie WASID4D=${CANARY.cookie}` }] })
      return
    case '/token-in-broken-json':
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(`{"usage": ${CANARY.json}, "x": 1}`)
      return
    case '/html-page':
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(`<!doctype html><html><body>Login required ${CANARY.html}</body></html>`)
      return
    case '/retry-after-a-month':
      json(429, { __ERROR: [{ message: `slow down, 4DSID_Accounting=${CANARY.fourdSid}` }] }, { 'retry-after': String(30 * 86400) })
      return
    default:
      json(200, {
        server: { name: 'Echo', machine: 'srv-hostile-01' },
        error: `renewal failed: cookie WASID4D=${CANARY.worker}`,
        usage: [{ productId: 808464441, productName: '4D Client', token: 1, productBalance: 4, productUsedCount: 1 }],
      })
  }
}

let hostile: Server
let child: ChildProcess | undefined
let output = ''
let origin = ''
let dataDir = ''

async function waitUntil(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('Authorization', `Bearer ${TOKEN}`)
  return fetch(`${origin}${path}`, { ...init, headers })
}

function call(name: string, args: unknown[]): Promise<Response> {
  return api(`/api/call/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) })
}

function allFiles(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? allFiles(path) : readFileSync(path).toString('latin1')))
    .join('\n')
}

interface SnapshotLike {
  servers: { name: string; lastError: string | null; warnings: string[] }[]
  alerts: { active: unknown[] }
}

async function snapshot(): Promise<SnapshotLike> {
  return (await (await api('/api/snapshot')).json()) as SnapshotLike
}

const NAMES = ['Cookie echo', 'Broken JSON', 'HTML page', 'Retry-After', 'Worker echo']
const PATHS = ['/cookie-echo', '/token-in-broken-json', '/html-page', '/retry-after-a-month', '/worker-echo']

beforeAll(async () => {
  hostile = createServer((req, res) => hostileAnswer(new URL(req.url ?? '/', 'http://x').pathname, res))
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`
  const root = mkdtempSync(join(tmpdir(), 'lm-hostile-'))
  dataDir = join(root, 'data')
  const staticDir = join(root, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>served</title>')
  const config = join(root, 'servers.json')
  const servers = NAMES.map((name, i) => ({
    name,
    url: `${base}${PATHS[i] ?? '/'}`,
    auth: { type: 'bearer', token: CANARY.bearer },
    intervalMs: 300,
    timeoutMs: 250,
  }))
  writeFileSync(config, JSON.stringify({ servers }))
  child = spawn(process.execPath, [CLI, '--config', config, '--port', '0', '--token', TOKEN, '--static', staticDir, '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  await waitUntil(() => /Listening on (http:\/\/127\.0\.0\.1:\d+)/.test(output), 'the served mode to listen')
  origin = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? ''
  // Every failing server has said why, and the broken ones are unreachable alerts (written to alerts.json).
  await waitUntil(async () => {
    const snap = await snapshot()
    return snap.servers.filter((s) => s.lastError !== null).length === 4 && snap.alerts.active.length >= 3
  }, 'every hostile server polled and the alerts raised')
}, 40_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early
  await new Promise((resolve) => (hostile ? hostile.close(resolve) : resolve(null)))
})

function errorOf(snap: SnapshotLike, name: string): string {
  return snap.servers.find((s) => s.name === name)?.lastError ?? ''
}

describe('issue 12: sentences from a hostile server', () => {
  it('a session cookie echoed in an error body is masked ("cookie WASID4D=***")', async () => {
    expect(errorOf(await snapshot(), 'Cookie echo')).toBe('HTTP 500 Internal Server Error: session refused: cookie WASID4D=***')
  })

  it('a token where the JSON breaks is not quoted: the sentence gives the position instead', async () => {
    expect(errorOf(await snapshot(), 'Broken JSON')).toBe('invalid JSON: the body stops being valid JSON at line 1, column 11')
  })

  it('an HTML page is described as one, not by the parser', async () => {
    expect(errorOf(await snapshot(), 'HTML page')).toBe('invalid JSON: the endpoint answered an HTML page, not JSON; check the URL')
  })

  it('a huge Retry-After says when the next try will be', async () => {
    expect(errorOf(await snapshot(), 'Retry-After')).toBe(
      'HTTP 429 Too Many Requests: slow down, 4DSID_Accounting=***; the server asked to wait 30 d (Retry-After), ' +
        'longer than the monitor waits: the next try is in 1 h',
    )
  })

  it("the endpoint's own error text (a warning) goes through the same redaction", async () => {
    const warnings = (await snapshot()).servers.find((s) => s.name === 'Worker echo')?.warnings ?? []
    expect(warnings.join(' ')).toContain('cookie WASID4D=***')
  })

  it('no canary reaches the snapshot, the stream, testConnection, the exports, the data files or the output', async () => {
    const answers: string[] = [JSON.stringify(await snapshot())]
    for (const kind of ['usage', 'licenses', 'holdings']) answers.push(await (await api(`/api/export?kind=${kind}`)).text())
    const listed = (await (await call('listServers', [])).json()) as { data: { servers: Record<string, unknown>[] } }
    answers.push(JSON.stringify(listed))
    for (const entry of listed.data.servers) {
      const { secret: _secret, ...draft } = entry
      const tested = await (await call('testConnection', [{ ...draft, secret: '', secretEnv: '' }])).text()
      answers.push(tested)
    }
    // Each hostile server was tested and answered with its (masked) sentence.
    expect(answers.join('\n')).toContain('cookie WASID4D=***')
    const stream = await api('/api/events')
    const reader = stream.body?.getReader()
    answers.push(new TextDecoder().decode((await reader?.read())?.value))
    await reader?.cancel()
    const everything = [...answers, allFiles(dataDir), output].join('\n')
    expect(allFiles(dataDir)).toContain('Cookie echo') // alerts.json holds the unreachable servers…
    for (const canary of Object.values(CANARY)) expect(everything, canary).not.toContain(canary) // …and no secret
  })
})

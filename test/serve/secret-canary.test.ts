// A canary token in servers.json must reach the 4D Server and nothing else:
// not the served page, the API, the live stream, the exports, the history
// file, the alert state, or the monitor's own output.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'

const CLI = join(import.meta.dirname, '../../main/serve/cli.ts')
const CANARY = 'canary-7f3a9c1e5b2d4f60'
const TOKEN = 'served-page-token-0123456789'

let sim: LocalSimulator
let child: ChildProcess | undefined
let output = ''
let origin = ''
let dataDir = ''

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function api(path: string, init: RequestInit = {}): Promise<Response> {
  // The caller's headers win, Authorization included.
  const headers = new Headers(init.headers)
  if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${TOKEN}`)
  return fetch(`${origin}${path}`, { ...init, headers })
}

/** Every file under a folder, as text (SQLite pages included: the canary would show as its bytes). */
function allFiles(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? allFiles(path) : readFileSync(path).toString('latin1')))
    .join('\n')
}

beforeAll(async () => {
  // The simulator only answers with the canary as Bearer token: a successful poll proves it was sent there.
  sim = await startSimulator({ servers: 1, machines: 1, seed: 5, token: CANARY })
  const root = mkdtempSync(join(tmpdir(), 'lm-canary-'))
  dataDir = join(root, 'data')
  const staticDir = join(root, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>served</title>')
  const config = join(root, 'servers.json')
  const server = sim.servers()[0]!
  writeFileSync(
    config,
    JSON.stringify({
      servers: [{ name: server.name, url: server.jsonUrl, auth: { type: 'bearer', token: CANARY }, intervalMs: 300, timeoutMs: 250 }],
    }),
  )
  child = spawn(process.execPath, [CLI, '--config', config, '--port', '0', '--token', TOKEN, '--static', staticDir, '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  await waitFor(() => /Listening on (http:\/\/127\.0\.0\.1:\d+)/.test(output), 'the served mode to listen')
  origin = output.match(/Listening on (http:\/\/127\.0\.0\.1:\d+)/)![1]!
  // Up, with licenses, and recorded in the history at least once.
  await waitFor(() => sim.requestStats(server.id).requests >= 3, 'polls')
  await waitUntil(async () => {
    const snapshot = (await (await api('/api/snapshot')).json()) as { servers: { status: string }[] }
    const info = (await (
      await api('/api/call/getHistoryInfo', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' })
    ).json()) as {
      data?: { lastRecordAt: number | null }
    }
    return snapshot.servers[0]?.status === 'up' && (info.data?.lastRecordAt ?? null) !== null
  }, 'the server up and a poll recorded')
})

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed before starting it; the teardown must not add a TypeError to that failure
  await sim?.stop()
})

describe('a secret in servers.json', () => {
  it('is used for polling but appears in no answer of the served mode', async () => {
    const answers: string[] = []
    for (const path of [
      '/api/snapshot',
      `/?token=${TOKEN}`,
      '/api/export?kind=usage',
      '/api/export?kind=licenses',
      '/api/export?kind=holdings',
    ]) {
      const res = await api(path, { redirect: 'manual' })
      answers.push(`${path} ${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`)
    }
    for (const call of ['getSnapshot', 'listServers', 'exportServers', 'getAlertConfig', 'getHistoryInfo']) {
      const res = await api(`/api/call/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' })
      const text = await res.text()
      expect(JSON.parse(text).ok, `${call}: ${text}`).toBe(true)
      answers.push(`${call} ${text}`)
    }
    // The live stream's first event.
    const stream = await api('/api/events')
    const reader = stream.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    await reader.cancel()
    answers.push(first)

    expect(answers.join('\n')).toContain('srv-app-01') // the answers carry real data…
    expect(answers.join('\n')).not.toContain(CANARY) // …but never the secret
  })

  it('is not in the history, the alert state or any other file of the data folder, nor in the output', async () => {
    const files = allFiles(dataDir)
    expect(files).toContain('srv-app-01')
    expect(files).not.toContain(CANARY)
    expect(output).not.toContain(CANARY)
  })
})

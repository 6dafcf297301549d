// The served mode as an admin runs it: a child process on the demo simulator.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Snapshot } from '../../main/core/types/index.ts'
import { get } from './http-client.ts'

const CLI = join(import.meta.dirname, '../../main/serve/cli.ts')
let dir: string
const children: ChildProcess[] = []

interface Run {
  child: ChildProcess
  output(): string
  exit: Promise<number | null>
}

function run(args: string[], data = join(dir, 'data')): Run {
  // A temp data folder: no test writes history or alert state into the real app data folder.
  const child = spawn(process.execPath, [CLI, ...args, '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  return { child, output: () => out, exit }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-cli-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>served</title>')
})
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('serve CLI', () => {
  it('serves the demo: prints the URLs, answers 2 machines and 3 servers, exits 0 on SIGTERM', async () => {
    const cli = run(['--port', '0', '--static', dir])
    await expect.poll(cli.output, { timeout: 20_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n/)
    const listening = /^Listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(cli.output())
    expect(listening).not.toBeNull()
    const origin = listening![1]!
    const token = new RegExp(`${origin.replace(/\./g, '\\.')}/\\?token=([A-Za-z0-9_-]{43})\\n`).exec(cli.output())?.[1]
    expect(token, 'a random 32-byte base64url token').toBeDefined()

    let snapshot: Snapshot | null = null
    await expect
      .poll(
        async () => {
          const res = await get(`${origin}/api/snapshot`, { headers: { authorization: `Bearer ${token}` } })
          snapshot = JSON.parse(res.body) as Snapshot
          return snapshot.servers.filter((s) => s.status === 'up').length
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(3)
    expect(snapshot!.demo).toBe(true)
    expect(snapshot!.machines).toHaveLength(2)
    expect(snapshot!.servers).toHaveLength(3)

    const page = await get(`${origin}/?token=${token}`)
    expect(page.status).toBe(302)
    const index = await get(`${origin}/`, { headers: { cookie: String(page.headers['set-cookie']?.[0]).split(';')[0]! } })
    expect(index.body).toBe('<!doctype html><title>served</title>')

    cli.child.kill('SIGTERM')
    expect(await cli.exit).toBe(0)
  })

  it('uses the token it is given', async () => {
    const cli = run(['--port', '0', '--static', dir, '--token', 'my-token'])
    await expect.poll(cli.output, { timeout: 20_000 }).toMatch(/\/\?token=my-token\n/)
    const origin = /^Listening on (\S+)$/m.exec(cli.output())![1]!
    expect((await get(`${origin}/api/snapshot?token=my-token`)).status).toBe(200)
    expect((await get(`${origin}/api/snapshot?token=other`)).status).toBe(401)
    cli.child.kill('SIGINT')
    expect(await cli.exit).toBe(0)
  })

  it('reports a malformed <data>/history-config.json by name, keeps serving with the default retention, and saves a new one', async () => {
    const path = join(dir, 'data', 'history-config.json')
    mkdirSync(join(dir, 'data'), { recursive: true })
    writeFileSync(path, '{"retention": {"rawHours": 0}}')
    const cli = run(['--port', '0', '--static', dir, '--token', 'history-token'])
    try {
      await expect.poll(cli.output, { timeout: 20_000 }).toMatch(/\/\?token=history-token\n/)
      expect(cli.output()).toContain(
        `History retention: "rawHours" (raw samples (hours)) must be at least 1 in ${path}; the default retention applies until it is saved again.`,
      )
      const origin = /^Listening on (\S+)$/m.exec(cli.output())![1]!
      const call = async (name: string, args: unknown[]) => {
        const response = await fetch(`${origin}/api/call/${name}`, {
          method: 'POST',
          headers: { authorization: 'Bearer history-token', 'content-type': 'application/json' },
          body: JSON.stringify(args),
        })
        return response.json() as Promise<unknown>
      }
      expect(await call('getHistorySettings', [])).toMatchObject({
        ok: true,
        data: { retention: { rawHours: 48, minuteDays: 30 }, problem: expect.stringContaining(path) },
      })
      expect(await call('setHistorySettings', [{ retention: { rawHours: 72, minuteDays: 2 } }])).toEqual({
        ok: false,
        error: 'History retention: Per-minute rollups must be kept at least as long as raw samples (72 hours).',
      })
      const retention = { rawHours: 24, minuteDays: 14, hourDays: 365, holdingsDays: 365 }
      expect(await call('setHistorySettings', [{ retention }])).toMatchObject({ ok: true, data: { retention, problem: null } })
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ retention })
    } finally {
      cli.child.kill('SIGTERM')
      expect(await cli.exit).toBe(0)
    }
  })

  it('keeps the alert thresholds in <data> across the demo and real servers, reading an older <data>/demo/alert-config.json', async () => {
    const data = join(dir, 'alert-data')
    mkdirSync(join(data, 'demo'), { recursive: true })
    writeFileSync(join(data, 'demo', 'alert-config.json'), JSON.stringify({ warning: { utilizationPercent: 60 } }))
    const config = join(dir, 'real-servers.json')
    // Nothing listens on port 9 here: the server is down, but it is a real one, so the demo flag is off.
    writeFileSync(config, JSON.stringify({ servers: [{ name: 'Accounting', url: 'http://127.0.0.1:9/' }] }))
    const start = async (args: string[]) => {
      const cli = run(['--port', '0', '--static', dir, '--token', 'alert-token', ...args], data)
      await expect.poll(cli.output, { timeout: 20_000 }).toMatch(/\/\?token=alert-token\n/)
      const origin = /^Listening on (\S+)$/m.exec(cli.output())![1]!
      const call = async (name: string, callArgs: unknown[]) => {
        const response = await fetch(`${origin}/api/call/${name}`, {
          method: 'POST',
          headers: { authorization: 'Bearer alert-token', 'content-type': 'application/json' },
          body: JSON.stringify(callArgs),
        })
        return response.json() as Promise<{
          ok: boolean
          data?: { config: { warning: { utilizationPercent: number | null } }; problem: string | null }
        }>
      }
      const stop = async () => {
        cli.child.kill('SIGTERM')
        expect(await cli.exit).toBe(0)
      }
      return { call, stop }
    }

    const demo = await start([])
    try {
      expect((await demo.call('getAlertConfig', [])).data).toMatchObject({ config: { warning: { utilizationPercent: 60 } }, problem: null })
      expect(await demo.call('setAlertConfig', [{ warning: { utilizationPercent: 65 } }])).toMatchObject({ ok: true })
    } finally {
      await demo.stop()
    }
    expect(JSON.parse(readFileSync(join(data, 'alert-config.json'), 'utf8'))).toMatchObject({
      warning: { utilizationPercent: 65 },
      notifications: true,
    })

    const real = await start(['--config', config])
    try {
      expect((await real.call('getAlertConfig', [])).data).toMatchObject({ config: { warning: { utilizationPercent: 65 } }, problem: null })
    } finally {
      await real.stop()
    }
  })

  it('exits 1 on a malformed config file, naming the file, without a stack trace', async () => {
    const file = join(dir, 'servers.json')
    writeFileSync(file, JSON.stringify({ servers: [{ name: 'Accounting', url: 'not a url' }] }))
    const cli = run(['--config', file, '--port', '0', '--static', dir])
    expect(await cli.exit).toBe(1)
    expect(cli.output()).toContain(file)
    expect(cli.output()).toMatch(/url/)
    expect(cli.output()).not.toMatch(/\n\s+at /)
  })

  it('exits 1 when the config file does not exist', async () => {
    const file = join(dir, 'missing.json')
    const cli = run(['--config', file, '--port', '0'])
    expect(await cli.exit).toBe(1)
    expect(cli.output()).toContain(file)
  })

  it('exits 2 with a message on an unknown flag or a bad port', async () => {
    const unknown = run(['--colour', 'blue'])
    expect(await unknown.exit).toBe(2)
    expect(unknown.output()).toMatch(/--colour/)
    expect(unknown.output()).toMatch(/Usage:/)
    const badPort = run(['--port', '70000'])
    expect(await badPort.exit).toBe(2)
    expect(badPort.output()).toMatch(/--port must be a whole number from 0 to 65535/)
  })

  it('exits 1 with a sentence when the port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const cli = run(['--port', String(port), '--static', dir])
      expect(await cli.exit).toBe(1)
      expect(cli.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`)
    } finally {
      blocker.close()
    }
  })
})

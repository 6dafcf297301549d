// The simulator CLI as a person runs it: a separate process, real ports.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { readJson } from './http-helpers.ts'

const CLI = fileURLToPath(new URL('../../main/simulator/cli.ts', import.meta.url))
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

interface Started {
  child: ChildProcess
  output: string
  exited: Promise<[number | null, NodeJS.Signals | null]>
}

/** Spawns the CLI and resolves once it printed "Ready." (or rejects with what it printed). */
async function runCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  let output = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d))
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d
      if (output.includes('Ready.')) resolve()
    })
    void exited.then(([code]) => reject(new Error(`The CLI exited with ${code} before it was ready:\n${output}`)))
  })
  return { child, output, exited }
}

function serversJson(output: string): { servers: { name: string; url: string; kind: string; machine?: string; token?: string }[] } {
  const start = output.indexOf('servers.json for the monitor:\n')
  const end = output.indexOf('Ready.')
  return JSON.parse(output.slice(start + 'servers.json for the monitor:\n'.length, end))
}

describe('simulator CLI', () => {
  it('prints every server with its URLs and a servers.json, answers the control API, and stops on SIGTERM', async () => {
    const { child, output, exited } = await runCli([
      '--servers',
      '3',
      '--machines',
      '2',
      '--seed',
      '42',
      '--token',
      'T0k',
      '--tick-ms',
      '0',
    ])
    expect(output).toMatch(/s1 {2}Accounting on srv-app-01/)
    expect(output).toMatch(/s3 {2}Warehouse on srv-app-01/)
    const config = serversJson(output)
    expect(config.servers.map((s) => [s.name, s.kind, s.machine, s.token])).toEqual([
      ['Accounting', 'http-json', 'srv-app-01', 'T0k'],
      ['Sales', 'rest-function', 'srv-app-02', 'T0k'],
      ['Warehouse', 'http-json', 'srv-app-01', 'T0k'],
    ])
    for (const url of output.match(/http:\/\/127\.0\.0\.1:\d+\/license-usage(\/array)?$/gm) ?? []) {
      expect(output).toContain(url) // printed, and it answers:
      expect((await fetch(url, { headers: { Authorization: 'Bearer T0k' } })).status).toBe(200)
    }
    const [accounting] = config.servers
    const auth = { Authorization: 'Bearer T0k' }
    expect((await fetch(accounting!.url)).status).toBe(401)

    const control = /Control API: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
    if (control === undefined) throw new Error(`the simulator printed no Control API URL:\n${output}`)
    const post = (path: string, body?: unknown): Promise<Response> =>
      fetch(control + path, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })

    expect((await fetch(`${control}/truth`)).status).toBe(401)
    const truth = await readJson(await fetch(`${control}/truth`, { headers: auth }))
    expect(truth.servers.map((s: { id: string }) => s.id)).toEqual(['s1', 's2', 's3'])

    expect((await post('/fault', { serverId: 's1', fault: 'down' })).status).toBe(200)
    await expect(fetch(accounting!.url, { headers: auth })).rejects.toThrow()
    expect((await post('/fault', { serverId: 's1', fault: 'none' })).status).toBe(200)
    expect((await fetch(accounting!.url, { headers: auth })).status).toBe(200)

    const retained = await post('/retain', { serverId: 's2', productId: 808464441, kind: 'rest' })
    expect(retained.status).toBe(200)
    const { record } = await readJson(retained)
    expect(record.session.type).toBe('rest')
    expect(await readJson(await post('/release', { serverId: 's2', token: record.token }))).toEqual({ released: true })
    expect((await post('/release', { serverId: 's2', token: record.token })).status).toBe(404)
    expect((await post('/step')).status).toBe(200)
    const badFault = await post('/fault', { serverId: 's1', fault: 'gone' })
    expect(badFault.status).toBe(400)
    expect((await readJson(badFault)).error).toMatch(/"fault" must be one of/)

    child.kill('SIGTERM')
    const [code] = await exited
    expect(code).toBe(0)
    await expect(fetch(accounting!.url, { headers: auth })).rejects.toThrow()
    await expect(fetch(`${control}/truth`, { headers: auth })).rejects.toThrow()
  })

  it('stops on SIGINT too', async () => {
    const { child, exited } = await runCli(['--servers', '1'])
    child.kill('SIGINT')
    expect((await exited)[0]).toBe(0)
  })

  it('exits 2 with a clear message on bad arguments', async () => {
    for (const args of [['--servers', 'many'], ['--port', '70000'], ['--frobnicate'], ['--machines', '0']]) {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      children.push(child)
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      const [code] = await once(child, 'exit')
      expect(code).toBe(2)
      expect(stderr).toMatch(/--servers|--port|--machines|frobnicate/)
      expect(stderr).toContain('Usage:')
    }
  })
})

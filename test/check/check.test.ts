// The Monitoring Plugins check against the simulator over real sockets: the
// first line, the performance data and the exit code for OK, WARNING,
// CRITICAL and UNKNOWN, and an answer within --timeout whatever the servers do.

import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseCheckArgs } from '../../main/check/args.ts'
import { exitCodeOf, formatText } from '../../main/check/report.ts'
import { runCheck } from '../../main/check/run.ts'
import { checkRules } from '../../main/check/thresholds.ts'
import { serverConfigsFor, serversJsonFor } from '../../main/simulator/server-configs.ts'
import { startSimulator, type LocalSimulator } from '../../main/simulator/simulator.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const CLI = join(ROOT, 'main/check/cli.ts')
const TOKEN = 'simulator-bearer-token'
const CLIENT = 808464441

let simulator: LocalSimulator
let dir: string

beforeEach(async () => {
  // Two servers on two machines, one product of 10 licenses, none held: each test sets the counts it needs.
  simulator = await startSimulator({
    servers: 2,
    machines: 2,
    seed: 5,
    token: TOKEN,
    initialClients: 0,
    slowMs: 30_000,
    products: [{ productId: CLIENT, productName: '4D Client', allowed: 10 }],
  })
  dir = mkdtempSync(join(tmpdir(), 'license-check-'))
})

afterEach(async () => {
  await simulator.stop()
})

function configFile(timing: { intervalMs?: number; timeoutMs?: number } = {}): string {
  const path = join(dir, 'servers.json')
  const list = serversJsonFor(simulator.servers(), TOKEN)
  writeFileSync(path, JSON.stringify({ servers: list.servers.map((server) => ({ ...server, ...timing })) }))
  return path
}

function hold(serverIndex: number, count: number): void {
  const server = simulator.servers()[serverIndex]!
  for (let i = 0; i < count; i++) expect(simulator.retain(server.id, CLIENT)).not.toBe(null)
}

interface Run {
  code: number
  stdout: string
  ms: number
}

function check(...args: string[]): Promise<Run> {
  const started = Date.now()
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 30_000 }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolvePromise({ code, stdout, ms: Date.now() - started })
    })
  })
}

const machineOf = (index: number) => simulator.servers()[index]!.machine

describe('npm run check', () => {
  it('is OK with every pool under the warning threshold, with performance data per machine and product', async () => {
    hold(0, 5)
    hold(1, 2)
    const run = await check('--config', configFile())
    expect(run.code).toBe(0)
    const [first] = run.stdout.split('\n')
    expect(first).toBe(
      `LICENSES OK - 2 license pools on 2 machines within limits | '${machineOf(0)}/4D Client'=5;7;8;0;10 '${machineOf(1)}/4D Client'=2;7;8;0;10`,
    )
  })

  it('is WARNING at 80% and names the row', async () => {
    hold(0, 8)
    const run = await check('--config', configFile())
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^LICENSES WARNING - 4D Client on ${machineOf(0)}: 2 of 10 left \\(80%\\) \\| `))
  })

  it('is CRITICAL at 1 left, worst row first, even when another server cannot be read', async () => {
    hold(0, 9)
    hold(1, 8)
    simulator.setFault(simulator.servers()[1]!.id, 'down')
    await simulator.settled()
    const run = await check('--config', configFile())
    expect(run.code).toBe(2)
    const first = run.stdout.split('\n')[0]!
    expect(first).toMatch(
      new RegExp(
        `^LICENSES CRITICAL - 4D Client on ${machineOf(0)}: 1 of 10 left \\(90%\\); ${simulator.servers()[1]!.name} unreadable: connection refused \\| `,
      ),
    )
    expect(first).toContain(`'${machineOf(0)}/4D Client'=9;7;8;0;10`)
  })

  it('is UNKNOWN when a server is down and no row is critical, and says which', async () => {
    hold(0, 3)
    simulator.setFault(simulator.servers()[1]!.id, 'down')
    await simulator.settled()
    const run = await check('--config', configFile(), '--json')
    expect(run.code).toBe(3)
    const result = JSON.parse(run.stdout) as {
      state: string
      exitCode: number
      unreadable: { server: string; error: string }[]
      rows: { used: number }[]
    }
    expect(result.state).toBe('UNKNOWN')
    expect(result.exitCode).toBe(3)
    expect(result.unreadable).toEqual([{ server: simulator.servers()[1]!.name, machine: machineOf(1), error: 'connection refused' }])
    expect(result.rows.map((row) => row.used)).toEqual([3])
  })

  it('takes thresholds as percent or licenses left, and filters by machine and product', async () => {
    hold(0, 6)
    hold(1, 9)
    const servers = serverConfigsFor(simulator.servers(), TOKEN)
    const request = { servers, timeoutMs: 5000 }
    const byRemaining = await runCheck({
      ...request,
      machine: machineOf(0),
      rules: checkRules({ utilizationPercent: null, remaining: 4 }, { utilizationPercent: null, remaining: 2 }),
    })
    expect(formatText(byRemaining).split('\n')[0]).toBe(
      `LICENSES WARNING - 4D Client on ${machineOf(0)}: 4 of 10 left (60%) | '${machineOf(0)}/4D Client'=6;5;7;0;10`,
    )
    const byPercent = await runCheck({
      ...request,
      machine: machineOf(0),
      product: '4d client',
      rules: checkRules(null, { utilizationPercent: 60, remaining: null }),
    })
    expect(byPercent.state).toBe('CRITICAL')
    expect(byPercent.rows.map((row) => row.machine)).toEqual([machineOf(0)])
    const byId = await runCheck({ ...request, product: String(CLIENT), rules: checkRules(null, null) })
    expect(byId.rows.map((row) => [row.used, row.state])).toEqual([
      [9, 'CRITICAL'],
      [6, 'OK'],
    ])
    const noMatch = await runCheck({ ...request, product: 'Nope', rules: checkRules(null, null) })
    expect(exitCodeOf(noMatch.state)).toBe(3)
    expect(formatText(noMatch)).toMatch(/^LICENSES UNKNOWN - no license row matches product "Nope"/)
  })

  it('leaves no REST session (and so no license) behind: ten runs, the pool is as the users left it', async () => {
    hold(1, 3)
    const servers = serverConfigsFor(simulator.servers(), TOKEN)
    const rest = servers.filter((config) => config.kind === 'rest-function')
    expect(rest.length).toBeGreaterThan(0)
    for (let run = 0; run < 10; run++) await runCheck({ servers, timeoutMs: 5000, rules: checkRules(null, null) })
    for (const config of rest) {
      const truth = simulator.truth().servers.find((server) => server.id === config.id)
      expect(truth?.webSessions ?? [], config.name).toEqual([])
    }
    const again = await runCheck({ servers, timeoutMs: 5000, rules: checkRules(null, null) })
    const byMachine = (a: { machine: string }, b: { machine: string }) => a.machine.localeCompare(b.machine)
    expect([...again.rows].sort(byMachine).map((row) => row.used)).toEqual(
      simulator
        .truth()
        .machines.sort(byMachine)
        .flatMap((machine) => machine.products.map((product) => product.used)),
    )
  })

  it('answers UNKNOWN within --timeout when a server hangs', async () => {
    hold(0, 1)
    simulator.setFault(simulator.servers()[1]!.id, 'slow')
    // The servers' own timeout (20 s) is far past --timeout: only the check's budget can end the hung poll in time.
    const run = await check('--config', configFile({ intervalMs: 30_000, timeoutMs: 20_000 }), '--timeout', '6')
    expect(run.code).toBe(3)
    // --timeout counts from the process start. What must not happen is the servers' own 20 s timeout ending the run:
    // the bound sits between the two, so a loaded machine's slow process start (3-5 s at load 25) cannot fail it.
    expect(run.ms).toBeLessThan(15_000)
    expect(run.stdout.split('\n')[0]).toMatch(
      new RegExp(
        `^LICENSES UNKNOWN - ${simulator.servers()[1]!.name} unreadable: (timed out after [\\d.]+ m?s|no answer before the check timed out) \\| `,
      ),
    )
  })

  it('refuses bad flags and a missing file as UNKNOWN with a sentence', async () => {
    expect(parseCheckArgs(['--config', 'x.json', '--warning', 'lots'])).toEqual({
      ok: false,
      error: '--warning must be a utilization such as 80%, a number of licenses left such as 3, or both as 95%,1; not "lots".',
    })
    expect(parseCheckArgs(['--config', 'x.json', '--timeout', '0'])).toEqual({
      ok: false,
      error: '--timeout must be a number of seconds from 1 to 3600, not "0".',
    })
    expect(parseCheckArgs(['--config', 'x.json', '--critical', '95%,1'])).toMatchObject({
      ok: true,
      args: { critical: { utilizationPercent: 95, remaining: 1 } },
    })
    const missing = await check('--config', join(dir, 'none.json'), '--warning', '3')
    expect(missing).toMatchObject({ code: 3, stdout: `LICENSES UNKNOWN - ${join(dir, 'none.json')}: file not found\n` })
  })
})

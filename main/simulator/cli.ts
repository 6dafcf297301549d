// `npm run simulator -- --servers 3 --machines 2 --seed 42 --port 9000`:
// simulated 4D Servers for trying the monitor by hand, plus a control API.

import type { SimServerInfo } from './api.ts'
import { USAGE, parseSimulatorArgs, type SimulatorCliOptions } from './cli-args.ts'
import { startControlApi, type ControlApi } from './control-api.ts'
import { serversJsonFor } from './server-configs.ts'
import { startSimulator, type LocalSimulator } from './simulator.ts'

function describeServers(servers: SimServerInfo[], options: SimulatorCliOptions): string {
  const lines = [
    `4D Server simulator: ${servers.length} servers on ${new Set(servers.map((s) => s.machine)).size} machines, seed ${options.seed}`,
  ]
  for (const s of servers) {
    lines.push(`  ${s.id}  ${s.name} on ${s.machine}`)
    lines.push(`      GET  ${s.jsonUrl}`)
    lines.push(`      GET  ${s.arrayUrl}`)
    lines.push(`      POST ${s.restUrl}`)
  }
  if (options.token !== undefined) lines.push('  Every endpoint requires: Authorization: Bearer <your --token>')
  lines.push(
    options.tickMs > 0 ? `  Clients come and go every ${options.tickMs} ms.` : '  Clients stay put (--tick-ms 0); POST /step to move them.',
  )
  return lines.join('\n')
}

function describeControl(control: ControlApi): string {
  return [
    `Control API: ${control.url}`,
    `  GET  ${control.url}/truth`,
    `  POST ${control.url}/fault    {"serverId":"s1","fault":"down"}   (none, down, slow, http500, http401, invalidJson, badRecords, oversized)`,
    `  POST ${control.url}/retain   {"serverId":"s1","productId":808464441,"kind":"remote"}`,
    `  POST ${control.url}/release  {"serverId":"s1","token":3}`,
    `  POST ${control.url}/step`,
  ].join('\n')
}

async function main(): Promise<void> {
  const parsed = parseSimulatorArgs(process.argv.slice(2))
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${USAGE}`)
    process.exit(2)
  }
  const { options } = parsed
  if (options.help) {
    console.log(USAGE)
    return
  }
  let sim: LocalSimulator | null = null
  let control: ControlApi | null = null
  try {
    sim = await startSimulator({
      servers: options.servers,
      machines: options.machines,
      seed: options.seed,
      port: options.port,
      token: options.token,
      loginMode: options.loginMode,
    })
    control = await startControlApi(sim, { port: options.controlPort, token: options.token })
  } catch (error) {
    await sim?.stop()
    console.error(`The simulator could not start: ${(error as Error).message}`)
    process.exit(1)
  }
  if (options.tickMs > 0) sim.startTicking(options.tickMs)

  // Handlers go in before "Ready." is printed: whoever reads that line may signal at once.
  const running = { sim, control }
  let stopping = false
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping the simulator.`)
    await Promise.allSettled([running.sim.stop(), running.control.close()])
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))

  console.log(describeServers(sim.servers(), options))
  console.log(describeControl(control))
  console.log('servers.json for the monitor:')
  console.log(JSON.stringify(serversJsonFor(sim.servers(), options.token), null, 2))
  console.log('Ready. Press Ctrl+C to stop.')
}

await main()

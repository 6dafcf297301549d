// A simulator in its own process for the benchmarks, so that serving the
// bodies does not share the event loop (or the CPU time) being measured.
// Prints one JSON line with the servers' URLs, then runs until killed.
import { startSimulator } from '../main/simulator/simulator.ts'

// Optional: tickMs (the simulator's own churn: arrivals, departures, state changes; 0 = none) and machines.
const [servers = '50', perServer = '200', latencyMs = '0', tickMs = '0', machines = ''] = process.argv.slice(2)
const count = Number(servers)
const sim = await startSimulator({
  servers: count,
  machines: machines === '' ? Math.max(1, Math.floor(count / 2)) : Number(machines),
  seed: 1,
  products: [{ productId: 808464441, productName: '4D Client', allowed: Number(perServer) * 2 }],
  initialClients: Number(perServer),
  // The 'slow' fault stands in for network latency to a remote 4D Server.
  slowMs: Number(latencyMs),
})
if (Number(latencyMs) > 0) for (const s of sim.servers()) sim.setFault(s.id, 'slow')
if (Number(tickMs) > 0) sim.startTicking(Number(tickMs))
console.log(JSON.stringify(sim.servers()))
process.on('SIGTERM', () => void sim.stop().then(() => process.exit(0)))

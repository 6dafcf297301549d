// The simulator for bench:table, in its own process: SERVERS servers of
// PER_SERVER licenses each, spread over MACHINES machines (1 machine: one row
// of SERVERS x PER_SERVER licenses), stepping every TICK_MS so every poll finds
// arrivals, departures and state changes, as a busy 4D Server would show.
// Prints one JSON line with the servers' URLs, then runs until killed.
import { startSimulator } from '../main/simulator/simulator.ts'

const [servers, perServer, machines, tickMs] = process.argv.slice(2).map(Number) as [number, number, number, number]
const serversPerMachine = Math.ceil(servers / machines)
const sim = await startSimulator({
  servers,
  machines,
  seed: 1,
  // Room for every license of a machine and as many again, so arrivals are never refused.
  products: [{ productId: 808464441, productName: '4D Client', allowed: perServer * serversPerMachine * 2 }],
  initialClients: perServer,
})
// 0: licenses stand still, so the monitor has nothing new to push.
if (tickMs > 0) sim.startTicking(tickMs)
console.log(JSON.stringify(sim.servers()))
// The ticker is unref'd: this keeps the process alive until the benchmark stops it.
setInterval(() => undefined, 60_000)
process.on('SIGTERM', () => void sim.stop().then(() => process.exit(0)))

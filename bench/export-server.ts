// The served export route in a process of its own, for bench:export's month
// part: the measuring client must not share the event loop the query runs on.
// Prints its URL; on SIGTERM prints its peak RSS in MB (memory stays flat while
// it streams) and exits.   node bench/export-server.ts <data dir> <token> <now ms>
import { openHistoryStore } from '../main/core/history/store.ts'
import { createMonitor } from '../main/core/poll/monitor.ts'
import { startServeServer } from '../main/serve/server.ts'

const [dataDir = '', token = '', now = '0'] = process.argv.slice(2)
const store = openHistoryStore(dataDir)
const monitor = createMonitor({ servers: [], demo: false })
const server = await startServeServer({ monitor, port: 0, token, staticDir: dataDir, history: { db: store.db, now: () => Number(now) } })
const baselineRss = process.memoryUsage.rss()
console.log(server.url)
process.on('SIGTERM', () => {
  void server.close().then(async () => {
    await monitor.stop()
    store.close()
    const peakMb = (process.resourceUsage().maxRSS * 1024 - baselineRss) / 1024 / 1024
    console.log(JSON.stringify({ peakAddedRssMb: peakMb }))
    process.exit(0)
  })
})

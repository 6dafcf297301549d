// Issue 12 item 5: the records cap is a setting of each server entry
// (servers.json `maxRecords`), range-checked in the one schema, and a server
// that answers more than its cap shows a sentence on its row. Polled over a
// real socket from a fake 4D Server.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_RECORDS_PER_SERVER } from '../../../main/core/ingest/payload-schema.ts'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { parseServersFile } from '../../../main/core/servers/servers-file.ts'
import { startLocalServer, type LocalServer } from '../local-server.ts'

let server: LocalServer | null = null
let dir: string | null = null
afterEach(async () => {
  await server?.close()
  server = null
  if (dir !== null) await rm(dir, { recursive: true, force: true })
  dir = null
})

/** `count` distinct records of one product, built as text: cheap even at the default cap. */
function recordsText(count: number): string {
  const records: string[] = []
  for (let token = 1; token <= count; token++) records.push(`{"productId":808464441,"productName":"4D Client","token":${token}}`)
  return `{"server":{"name":"Big","machine":"srv-big"},"usage":[${records.join(',')}]}`
}

async function serveRecords(count: number): Promise<LocalServer> {
  const body = recordsText(count)
  return startLocalServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(body)
  })
}

/** The server row of one poll through the real monitor, as the snapshot (and so the page) shows it. */
async function pollOnce(url: string, maxRecords?: number) {
  const config = { id: 'big', name: 'Big', url, kind: 'http-json' as const, ...(maxRecords === undefined ? {} : { maxRecords }) }
  const monitor = createMonitor({ servers: [config], demo: false })
  await monitor.pollNow()
  const snapshot = monitor.getSnapshot()
  await monitor.stop()
  return snapshot
}

describe('the records cap of a server entry', () => {
  it('a server answering more records than its own cap is down, with a sentence naming both counts', async () => {
    server = await serveRecords(1_200)
    const snapshot = await pollOnce(server.url(), 1_000)
    expect(snapshot.servers[0]).toMatchObject({ status: 'down' })
    expect(snapshot.servers[0]?.lastError).toContain('answered 1,200 license records, more than the cap of 1,000 set for this server')
    expect(snapshot.servers[0]?.lastError).toContain('"maxRecords"')
    expect(snapshot.machines.flatMap((machine) => machine.products)).toEqual([])
  })

  it('the same answer is read whole when the cap is raised to hold it', async () => {
    server = await serveRecords(1_200)
    const snapshot = await pollOnce(server.url(), 1_200)
    expect(snapshot.servers[0]).toMatchObject({ status: 'up', lastError: null })
    expect(snapshot.machines.find((machine) => machine.machine === 'srv-big')?.products[0]?.used).toBe(1_200)
  })

  it('without a setting the default cap of 50,000 applies', async () => {
    server = await serveRecords(MAX_RECORDS_PER_SERVER + 1)
    const snapshot = await pollOnce(server.url())
    expect(snapshot.servers[0]?.lastError).toContain(
      'answered 50,001 license records, more than the default cap of 50,000 set for this server',
    )
  }, 30_000)

  it.each([
    [0, 'must be at least 1 records'],
    [1.5, 'must be a whole number of records'],
    [5_000_001, 'must be at most 5000000 records'],
    ['many', 'must be a number of records'],
  ])('servers.json refuses maxRecords %j with a sentence naming the field', (value, sentence) => {
    const text = JSON.stringify({ servers: [{ name: 'Big', url: 'http://127.0.0.1:1/', maxRecords: value }] })
    expect(() => parseServersFile(text, 'servers.json')).toThrow(/maxRecords/)
    expect(() => parseServersFile(text, 'servers.json')).toThrow(sentence)
  })

  it('servers.json keeps the cap through a load and a save, and the poller receives it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'records-cap-'))
    const path = join(dir, 'servers.json')
    await writeFile(path, JSON.stringify({ servers: [{ name: 'Big', url: 'http://127.0.0.1:1/', maxRecords: 200_000 }] }))
    const persistence = createFilePersistence({ path, env: {}, log: () => undefined })
    const records = persistence.read()
    expect(persistence.toConfig(records[0]!).maxRecords).toBe(200_000)
    persistence.write(records, new Map())
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ servers: [{ name: 'Big', maxRecords: 200_000 }] })
  })
})

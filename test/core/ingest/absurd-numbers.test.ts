// Issue 12, absurd input: product ids are 32-bit unsigned, counts are safe
// integers. A record that breaks either is refused with a sentence naming the
// field; a row left without a usable limit is "unknown", never "ok"; SQLite
// never stores inf.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openHistory } from '../../../main/core/history/db.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { fetchServer } from '../../../main/core/ingest/fetch-server.ts'
import { MAX_RECORDS_PER_SERVER, parsePayload } from '../../../main/core/ingest/payload-schema.ts'
import { payloadFromMetrics } from '../../../main/core/ingest/prometheus-exporter.ts'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { sendJson, startLocalServer, type LocalServer } from '../local-server.ts'

const good = { productId: 808464441, productName: '4D Client', token: 1, productUsedCount: 1, productBalance: 3 }

const refusedRecords: [string, Record<string, unknown>, string][] = [
  ['product id -1', { productId: -1 }, 'productId: expected a 4D product id: a whole number from 0 to 4294967295'],
  ['product id 1.5 (the CSV rounded it to 2)', { productId: 1.5 }, 'productId: expected a 4D product id'],
  ['product id 1e20', { productId: 1e20 }, 'productId: expected a 4D product id'],
  ['product id 2^32 as text', { productId: '4294967296' }, 'productId: expected a 4D product id'],
  ['a used count of 1e308', { productUsedCount: 1e308 }, 'productUsedCount: expected a count: a whole number from 0 to 9007199254740991'],
  ['a global count of 1e308', { globalProductUsedCount: 1e308 }, 'globalProductUsedCount: expected a count'],
  ['a balance of 1e308', { productBalance: 1e308 }, 'productBalance: expected a whole number'],
  ['a count of "1e400" (Infinity once read)', { productUsedCount: '1e400' }, 'productUsedCount: expected a number'],
  ['a negative used count', { productUsedCount: -2 }, 'productUsedCount: expected a count'],
  ['a token of 2^60', { token: 2 ** 60 }, 'token: expected a whole number'],
]

describe('absurd numbers in a License usage record', () => {
  it.each(refusedRecords)('%s: the record is refused with a sentence naming the field', (_what, change, sentence) => {
    const parsed = parsePayload([good, { ...good, token: 2, ...change }])
    if (!parsed.ok) throw new Error(parsed.error)
    expect(parsed.payload.records.map((r) => r.token)).toEqual([1])
    expect(parsed.payload.invalidSummary).toContain(`1 of 2 records invalid: ${sentence}`)
  })

  it('the largest 32-bit product id and the largest safe count are accepted', () => {
    const parsed = parsePayload([{ ...good, productId: 0xffffffff, productUsedCount: Number.MAX_SAFE_INTEGER }])
    expect(parsed.ok && parsed.payload.records[0]?.productId).toBe(0xffffffff)
  })

  it('a License info allowedCount of 1e308 is refused, not read as a limit', () => {
    const parsed = parsePayload({ usage: [good], licenseInfo: { products: [{ id: 808464441, name: '4D Client', allowedCount: 1e308 }] } })
    if (!parsed.ok) throw new Error(parsed.error)
    expect(parsed.payload.licenseInfo?.products).toEqual([])
    expect(parsed.payload.invalidSummary).toContain('1 of 1 License info products invalid: allowedCount: expected a count')
  })

  it('a metrics page with 1e308 allowed clients is refused', () => {
    const page = 'FourD_Status_Clients_total{type="used"} 3\nFourD_Status_Clients_total{type="allowed"} 1e308\n'
    expect(payloadFromMetrics(page)).toEqual({
      ok: false,
      error: 'FourD_Status_Clients_total{type="allowed"} is 1e+308, not a count of licenses',
    })
  })
})

let server: LocalServer | undefined
let dir: string | undefined
afterEach(async () => {
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('counts of 1e308 from a server over a real socket', () => {
  it('never give status "ok" with an Infinity limit, and SQLite stores no inf', async () => {
    // Every record's figures are absurd but one, which carries no balance: no usable limit is left.
    const absurd = { ...good, productBalance: 1e308, globalProductUsedCount: 1e308 }
    const plain = { productId: 808464441, productName: '4D Client', token: 3 }
    server = await startLocalServer((_req, res) =>
      sendJson(res, 200, {
        server: { name: 'Huge', machine: 'srv-huge' },
        licenseInfo: { products: [{ id: 808464441, name: '4D Client', usedCount: 1e308, allowedCount: 1e308 }] },
        usage: [absurd, { ...absurd, token: 2 }, plain],
      }),
    )
    const monitor = createMonitor({ servers: [{ id: 'huge', name: 'Huge', url: server.url(), kind: 'http-json' }], demo: false })
    await monitor.pollNow()
    const snapshot = monitor.getSnapshot()
    await monitor.stop()
    const row = snapshot.machines.find((m) => m.machine === 'srv-huge')?.products[0]
    expect(row).toMatchObject({ used: 1, limit: null, remaining: null, status: 'unknown' })
    expect(snapshot.servers[0]?.warnings.join(' ')).toContain('2 of 3 records invalid: productBalance: expected a whole number')
    expect(JSON.stringify(snapshot)).not.toMatch(/Infinity|e\+308/)

    dir = mkdtempSync(join(tmpdir(), 'lm-absurd-'))
    const history = openHistory(dir)
    createRecorder(history.db).record(snapshot, Date.now())
    const stored = history.db.prepare('SELECT used, lim, remaining FROM samples').all()
    history.close()
    expect(stored.length).toBeGreaterThan(0)
    for (const sample of stored) for (const value of Object.values(sample)) expect(value === null || Number.isFinite(value)).toBe(true)
  })
})

describe('issue 12: a records-per-server cap', () => {
  it('a server sending 1,000,000 records is refused with a sentence naming the cap, over a real socket', async () => {
    // Built as text (identical records: the cap is checked before any record is read).
    const body = `[${'{"productId":1,"token":1},'.repeat(999_999)}{"productId":1,"token":1}]`
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(body)
    })
    const outcome = await fetchServer(
      {
        id: 'flood',
        name: 'Flood',
        url: server.url(),
        kind: 'http-json',
        maxBodyBytes: 64 * 1024 * 1024,
        timeoutMs: 20_000,
        intervalMs: 20_000,
      },
      { fetch: globalThis.fetch, now: Date.now },
    )
    expect(outcome).toMatchObject({
      ok: false,
      error: expect.stringContaining(
        `answered 1,000,000 license records, more than the default cap of ${MAX_RECORDS_PER_SERVER.toLocaleString('en-US')} set for this server`,
      ) as unknown,
    })
  }, 90_000)

  it('an answer at the cap is read whole', () => {
    const parsed = parsePayload(
      Array.from({ length: 3 }, (_, token) => ({ productId: 1, token })),
      undefined,
      3,
    )
    expect(parsed.ok && parsed.payload.records).toHaveLength(3)
    expect(
      parsePayload(
        [
          { productId: 1, token: 1 },
          { productId: 1, token: 2 },
        ],
        undefined,
        1,
      ),
    ).toMatchObject({ ok: false })
  })
})

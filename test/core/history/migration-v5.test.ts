// A history written at schema v4 opened by this release: v5 only adds the
// capacity indexes, so every row of every table survives, the indexes exist,
// and the planner reads one series' rollups through them.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { historyFile, openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../main/core/history/schema.ts'

const V4 = 4
const T0 = Date.parse('2026-11-28T09:00:00Z')
const MINUTE = 60_000
const HOUR = 3_600_000

let dir: string
let history: HistoryDb | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-v5-'))
})
afterEach(() => {
  history?.close()
  history = null
  rmSync(dir, { recursive: true, force: true })
})

function writeV4File(file: string): void {
  const db = new DatabaseSync(file)
  for (const step of MIGRATIONS.slice(0, V4)) db.exec(step)
  db.exec(`
    INSERT INTO series VALUES (1, 'srv-01', '', 1, '4D Client'), (2, 'srv-02', '', 1, '4D Client');
    INSERT INTO samples VALUES (${T0}, 1, 3, 10, 7, 'ok', 0), (${T0}, 2, 10, 10, 0, 'ok', 0);
    INSERT INTO rollup_minute VALUES (${T0 - MINUTE}, 1, 12, 30, 2, 3, ${T0 - 30_000}, 10, 60000),
      (${T0 - MINUTE}, 2, 12, 120, 10, 10, ${T0 - 50_000}, 10, 55000), (${T0 - 2 * MINUTE}, 2, 12, 96, 8, 8, ${T0 - 110_000}, 10, NULL);
    INSERT INTO rollup_hour VALUES (${T0 - HOUR}, 1, 720, 2000, 1, 5, ${T0 - HOUR + 5}, 10, 3600000),
      (${T0 - HOUR}, 2, 720, 6000, 6, 9, ${T0 - HOUR + 9}, 10, NULL);
    INSERT INTO holdings (id, server, machine, token, product_id, product_name, user_name, session_type, state, retained_at, start_at, end_at, end_reason, session_key)
      VALUES (1, 'A', 'srv-01', 7, 1, '4D Client', 'maria', 'remote', 'sleeping', ${T0 - HOUR}, ${T0 - HOUR}, NULL, NULL, 'k1'),
        (2, 'B', 'srv-02', 3, 1, '4D Client', 'joao', 'rest', 'active', ${T0 - 2 * HOUR}, ${T0 - 2 * HOUR}, ${T0}, 'released', NULL);
    INSERT INTO holding_gaps VALUES (1, ${T0 - 30 * MINUTE}, ${T0 - 20 * MINUTE});
    INSERT INTO server_tokens VALUES ('A', 7), ('B', 3);
    INSERT INTO meta (key, value) VALUES ('last_record_at', ${T0}), ('minute_done', ${T0}), ('hour_done', ${T0});
    PRAGMA user_version = ${V4};
  `)
  db.close()
}

const TABLES = ['series', 'samples', 'rollup_minute', 'rollup_hour', 'holdings', 'holding_gaps', 'server_tokens', 'meta']

function dump(db: DatabaseSync): Record<string, unknown[]> {
  // v6 adds samples.product_name (null for old rows); every column v4 had must be untouched.
  const columns = (table: string): string => (table === 'samples' ? 'at, series_id, used, lim, remaining, status, stale' : '*')
  return Object.fromEntries(TABLES.map((table) => [table, db.prepare(`SELECT ${columns(table)} FROM ${table} ORDER BY 1, 2`).all()]))
}

describe('migration from schema v4 to v5 (capacity indexes)', () => {
  it('keeps every row of every table and adds the indexes', () => {
    mkdirSync(dir, { recursive: true })
    writeV4File(historyFile(dir))
    const raw = new DatabaseSync(historyFile(dir))
    const before = dump(raw)
    raw.close()
    expect(before['rollup_minute']).toHaveLength(3)
    history = openHistory(dir)
    const { db } = history
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION)
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(5)
    expect(dump(db)).toEqual(before)
    const indexes = (
      db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { name: string }[]
    ).map((row) => row.name)
    expect(indexes).toEqual(
      expect.arrayContaining(['holdings_pool', 'rollup_hour_hot', 'rollup_hour_series', 'rollup_minute_hot', 'rollup_minute_series']),
    )
    expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok')
  })

  it("reads one series' rollups through its index, and only the hot minutes through the hot index", () => {
    mkdirSync(dir, { recursive: true })
    writeV4File(historyFile(dir))
    history = openHistory(dir)
    const { db } = history
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ')
    expect(plan(`SELECT max(max_used) FROM rollup_hour WHERE series_id = 2 AND at >= 0 AND at < ${T0}`)).toContain(
      'COVERING INDEX rollup_hour_series (series_id=? AND at>? AND at<?)',
    )
    expect(plan(`SELECT count(*) FROM rollup_minute WHERE series_id = 2 AND at >= 0 AND at < ${T0}`)).toContain('rollup_minute_series')
    const hot = `SELECT at FROM rollup_minute INDEXED BY rollup_minute_hot WHERE series_id = 2 AND at >= 0 AND lim > 0 AND max_used * 10 >= lim * 9`
    // 8 of 10 is below 90 %: only the full minute is in the hot index.
    expect(db.prepare(hot).all()).toEqual([{ at: T0 - MINUTE }])
  })
})

// The history file on real disk: pragmas, migrations, damaged-file recovery, backups.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { historyFile, openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { runRetention } from '../../../main/core/history/retention.ts'
import { SCHEMA_VERSION } from '../../../main/core/history/schema.ts'
import { snapshot } from './snapshots.ts'
import { catalogueSay } from '../../fixtures/catalogue-say.ts'

let dir: string
const opened: HistoryDb[] = []
function open(options?: Parameters<typeof openHistory>[1]): HistoryDb {
  const history = openHistory(dir, options)
  opened.push(history)
  return history
}
function pragma(db: DatabaseSync, name: string): unknown {
  return Object.values(db.prepare(`PRAGMA ${name}`).get() as object)[0]
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-db-'))
})
afterEach(() => {
  for (const history of opened.splice(0)) history.close()
  rmSync(dir, { recursive: true, force: true })
})

const SERVERS = [{ name: 'Accounting', machine: 'srv-01' }]

describe('openHistory', () => {
  it('creates a WAL file with synchronous=NORMAL, a 5 s busy timeout and the latest schema', () => {
    const { db, file, notice } = open()
    expect(file).toBe(join(dir, 'history.sqlite'))
    expect(notice).toBeNull()
    expect(pragma(db, 'journal_mode')).toBe('wal')
    expect(pragma(db, 'synchronous')).toBe(1)
    expect(pragma(db, 'busy_timeout')).toBe(5000)
    expect(pragma(db, 'foreign_keys')).toBe(1)
    expect(pragma(db, 'user_version')).toBe(SCHEMA_VERSION)
    const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
      (t) => t.name,
    )
    expect(tables).toEqual([
      'capacity_summary_days',
      'capacity_summary_holders',
      'capacity_summary_pools',
      'holding_gaps',
      'holdings',
      'meta',
      'rollup_hour',
      'rollup_minute',
      'samples',
      'series',
      'server_tokens',
    ])
  })

  it('reopening an up-to-date file keeps its data and runs no migration again', () => {
    const first = open()
    createRecorder(first.db).record(snapshot(SERVERS, [{ server: 'Accounting', token: 1 }]), 1000)
    first.close()
    const second = open()
    expect(pragma(second.db, 'user_version')).toBe(SCHEMA_VERSION)
    expect(second.db.prepare('SELECT count(*) AS n FROM holdings').get()).toEqual({ n: 1 })
  })

  it('migrates a version 1 file written by an older app, keeping its samples and holdings', () => {
    writeVersion1File(historyFile(dir))
    const { db, notice } = open()
    expect(notice).toBeNull()
    expect(pragma(db, 'user_version')).toBe(SCHEMA_VERSION)
    expect(db.prepare('SELECT at, used, lim, status FROM samples ORDER BY at').all()).toEqual([
      { at: 60_000, used: 3, lim: 10, status: 'ok' },
      { at: 65_000, used: 4, lim: 10, status: 'ok' },
    ])
    expect(db.prepare('SELECT user_name, start_at, end_at FROM holdings').all()).toEqual([
      { user_name: 'maria', start_at: 60_000, end_at: null },
    ])
    // The new tables work on the old data: its minute rolls up.
    runRetention(db, 180_000)
    expect(db.prepare('SELECT at, n, sum_used, min_used, max_used, max_at FROM rollup_minute').all()).toEqual([
      { at: 60_000, n: 2, sum_used: 7, min_used: 3, max_used: 4, max_at: 65_000 },
    ])
    // The old holding continues when its token is seen again.
    createRecorder(db).record(snapshot(SERVERS, [{ server: 'Accounting', token: 7, user: 'maria' }]), 200_000)
    expect(db.prepare('SELECT count(*) AS n FROM holdings WHERE end_at IS NULL').get()).toEqual({ n: 1 })
  })

  it('refuses a file from a newer app with a sentence, and leaves it in place', () => {
    const raw = new DatabaseSync(historyFile(dir))
    raw.exec('PRAGMA user_version = 99')
    raw.close()
    expect(() => open()).toThrow(/schema version 99, newer than this app understands/)
    expect(readdirSync(dir)).toEqual(['history.sqlite'])
  })
})

describe('a damaged history file', () => {
  it('that is not a database at all is moved aside, its junk -wal and -shm do not follow into the new file, and the new one works', () => {
    writeFileSync(historyFile(dir), 'this is not sqlite '.repeat(500))
    writeFileSync(historyFile(dir) + '-wal', 'junk wal')
    writeFileSync(historyFile(dir) + '-shm', 'junk shm')
    const { db, notice, noticeMessage } = open({ now: () => Date.UTC(2026, 10, 28, 9, 15, 2) })
    const moved = join(dir, 'history-damaged-20261128T091502Z.sqlite')
    expect(notice).toBe(
      `The history file ${historyFile(dir)} was damaged (file is not a database), so it was moved to ${moved} and a new, empty history was started.`,
    )
    // The same sentence as a catalogue message: English word for word, and said in the user's language.
    expect(noticeMessage?.id).toBe('history.damagedNotice')
    expect(catalogueSay('en')(noticeMessage, '')).toBe(notice)
    expect(catalogueSay('pt-BR')(noticeMessage, '')).toBe(
      `O arquivo de histórico ${historyFile(dir)} estava danificado (file is not a database), por isso foi movido para ${moved} e um novo histórico, vazio, foi iniciado.`,
    )
    expect(readFileSync(moved, 'utf8')).toContain('this is not sqlite')
    // SQLite deletes a -wal/-shm it cannot use when the failed connection closes; whatever is left moves with the file.
    for (const suffix of ['-wal', '-shm']) {
      const left = historyFile(dir) + suffix
      if (existsSync(left)) expect(readFileSync(left, 'utf8')).not.toMatch(/^junk/)
    }
    createRecorder(db).record(snapshot(SERVERS, [{ server: 'Accounting', token: 1 }]), 1000)
    expect(db.prepare('SELECT count(*) AS n FROM samples').get()).toEqual({ n: 1 })
    expect(pragma(db, 'integrity_check')).toBe('ok')
  })

  it('whose pages are overwritten fails quick_check and is moved aside', () => {
    const first = open()
    const recorder = createRecorder(first.db)
    for (let i = 0; i < 200; i++) recorder.record(snapshot(SERVERS, [{ server: 'Accounting', token: i }]), i * 5000)
    first.db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    first.close()
    const bytes = readFileSync(historyFile(dir))
    // Keep the header (page 1) so SQLite opens it; scribble over the b-tree pages after it.
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 6))
    writeFileSync(historyFile(dir), bytes)
    const { db, notice, noticeMessage } = open({ now: () => 0 })
    expect(catalogueSay('en')(noticeMessage, '')).toBe(notice)
    expect(notice).toMatch(
      /was damaged \(.+\), so it was moved to .*history-damaged-19700101T000000Z\.sqlite and a new, empty history was started\./,
    )
    expect(db.prepare('SELECT count(*) AS n FROM samples').get()).toEqual({ n: 0 })
    expect(existsSync(join(dir, 'history-damaged-19700101T000000Z.sqlite'))).toBe(true)
  })

  it('with recover: false is reported, not moved', () => {
    writeFileSync(historyFile(dir), 'garbage'.repeat(1000))
    expect(() => open({ recover: false })).toThrow(
      `The history file ${historyFile(dir)} is damaged (file is not a database); it was left as it is.`,
    )
    expect(readdirSync(dir)).toEqual(['history.sqlite'])
  })
})

describe('backup', () => {
  it('writes a consistent copy with VACUUM INTO that opens with the same rows', () => {
    const history = open()
    const recorder = createRecorder(history.db)
    for (let i = 0; i < 50; i++) recorder.record(snapshot(SERVERS, [{ server: 'Accounting', token: i % 7 }]), i * 5000)
    const target = join(dir, 'copy.sqlite')
    writeFileSync(target, 'an older backup')
    history.backup(target)
    const copy = new DatabaseSync(target, { readOnly: true })
    try {
      expect(pragma(copy, 'integrity_check')).toBe('ok')
      for (const table of ['samples', 'holdings', 'series']) {
        expect(copy.prepare(`SELECT * FROM ${table}`).all()).toEqual(history.db.prepare(`SELECT * FROM ${table}`).all())
      }
    } finally {
      copy.close()
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('into a missing folder fails with a sentence naming the target', () => {
    const history = open()
    const target = join(dir, 'no-such-folder', 'copy.sqlite')
    expect(() => history.backup(target)).toThrow(`The history backup to ${target} failed:`)
  })
})

/** The schema of version 1 exactly as that release created it, with a little data. */
function writeVersion1File(file: string): void {
  const db = new DatabaseSync(file)
  db.exec(`
    CREATE TABLE series (id INTEGER PRIMARY KEY, machine TEXT NOT NULL, server TEXT NOT NULL, product_id INTEGER NOT NULL,
      product_name TEXT NOT NULL, UNIQUE (machine, server, product_id));
    CREATE TABLE samples (at INTEGER NOT NULL, series_id INTEGER NOT NULL REFERENCES series (id), used INTEGER NOT NULL, lim INTEGER,
      remaining INTEGER, status TEXT NOT NULL, stale INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (at, series_id)) WITHOUT ROWID;
    CREATE TABLE holdings (id INTEGER PRIMARY KEY, server TEXT NOT NULL, machine TEXT NOT NULL, token INTEGER NOT NULL,
      product_id INTEGER NOT NULL, product_name TEXT NOT NULL, user_name TEXT, session_type TEXT, client_machine TEXT,
      ip_address TEXT, host_type TEXT, state TEXT, reason TEXT, retained_at INTEGER, start_at INTEGER NOT NULL, end_at INTEGER,
      end_reason TEXT, unknown_since INTEGER);
    CREATE UNIQUE INDEX holdings_open ON holdings (server, token) WHERE end_at IS NULL;
    CREATE INDEX holdings_start ON holdings (start_at);
    INSERT INTO series VALUES (1, 'srv-01', '', 1, '4D Client');
    INSERT INTO samples VALUES (60000, 1, 3, 10, 7, 'ok', 0), (65000, 1, 4, 10, 6, 'ok', 0);
    INSERT INTO holdings (server, machine, token, product_id, product_name, user_name, start_at)
      VALUES ('Accounting', 'srv-01', 7, 1, '4D Client', 'maria', 60000);
    PRAGMA user_version = 1;
  `)
  db.close()
}

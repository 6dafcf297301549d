// Issue 12, files: a file that is not our history is refused with a sentence
// naming the path and the cause, never migrated; samples keep their product's
// name as it was at each poll.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { historyFile, openHistory } from '../../../main/core/history/db.ts'
import { usageOverRange, latestUsage } from '../../../main/core/history/queries.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { snapshot } from './snapshots.ts'

const dirs: string[] = []
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lm-foreign-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o700)
    rmSync(dir, { recursive: true, force: true })
  }
})

function tablesOf(file: string): string[] {
  const db = new DatabaseSync(file)
  const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  )
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
  db.close()
  return [...names, `v${version}`]
}

describe('issue 12: a history file that is not ours', () => {
  it("another application's SQLite file is refused with a sentence, not migrated", () => {
    const dir = folder()
    const other = new DatabaseSync(historyFile(dir))
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)')
    other.close()
    expect(() => openHistory(dir)).toThrow(
      `The history file ${historyFile(dir)} is an SQLite database that is not a 4D License Monitor history (schema version 0, tables such as invoices); ` +
        'it was left as it is: move it away or choose another data folder.',
    )
    expect(tablesOf(historyFile(dir))).toEqual(['invoices', 'v0'])
  })

  it('one that has a table named like ours ("series") and a version of its own is refused too, not "table series already exists"', () => {
    const dir = folder()
    const other = new DatabaseSync(historyFile(dir))
    other.exec('CREATE TABLE series (x TEXT); PRAGMA user_version = 2')
    other.close()
    expect(() => openHistory(dir)).toThrow(
      /is an SQLite database that is not a 4D License Monitor history \(schema version 2, tables such as series\)/,
    )
    expect(tablesOf(historyFile(dir))).toEqual(['series', 'v2'])
  })

  it('a history file that is a folder is named as one', () => {
    const dir = folder()
    mkdirSync(historyFile(dir))
    expect(() => openHistory(dir)).toThrow(`The history file ${historyFile(dir)} is a folder, not a file; it was left as it is`)
  })

  // Root writes into a read-only folder anyway, so as root (CI containers) there is nothing to refuse: skipped, and said so.
  const asRoot = userInfo().uid === 0
  if (asRoot) console.warn('skipped "a read-only data folder…": running as root, which may write into a read-only folder')
  it.skipIf(asRoot)('a read-only data folder names the folder and the cause, not "unable to open database file"', () => {
    const dir = folder()
    chmodSync(dir, 0o500)
    expect(() => openHistory(dir)).toThrow(
      `The history file ${historyFile(dir)} could not be opened: its folder ${dir} cannot be written, permission denied (EACCES).`,
    )
    expect(existsSync(historyFile(dir))).toBe(false)
  })
})

describe('issue 12: a product renamed between polls', () => {
  it('keeps each raw sample under the name of its time; only the newest samples carry the new name', () => {
    const dir = folder()
    const history = openHistory(dir)
    const recorder = createRecorder(history.db)
    const servers = [{ name: 'Accounting', machine: 'srv-01' }]
    const before = snapshot(servers, [{ server: 'Accounting', token: 1, productId: 1 }])
    const renamed = structuredClone(before)
    for (const product of renamed.machines[0]?.products ?? []) product.productName = '4D Client (renamed)'
    recorder.record(before, 10_000)
    recorder.record(renamed, 20_000)
    const names = [...usageOverRange(history.db, { from: 0, to: 30_000, granularity: 'raw' })].map((row) => [
      row.periodStart,
      row.productName,
    ])
    const latest = [...latestUsage(history.db)].map((row) => row.productName)
    history.close()
    expect(names).toEqual([
      [10_000, '4D Client'],
      [20_000, '4D Client (renamed)'],
    ])
    expect(latest).toEqual(['4D Client (renamed)'])
  })
})

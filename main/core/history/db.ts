// The history file: one SQLite database in the app's data folder, opened with
// node:sqlite (built into the Node that Electron embeds: no native module).
// WAL + synchronous=NORMAL keeps commits cheap and the file consistent after a
// crash (a power loss may drop the last commits, never corrupt the file).
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { migrate } from './schema.ts'
import { errorSentence } from '../util/errors.ts'
import { fileCause } from '../util/file-errors.ts'
import type { LocalText, TextMessage } from '../types/index.ts'

export const HISTORY_FILE_NAME = 'history.sqlite'
const BUSY_TIMEOUT_MS = 5000
// Primary result codes (the low byte of an extended code) that mean the bytes are not a sound database.
const SQLITE_CORRUPT = 11
const SQLITE_NOTADB = 26
const SQLITE_READONLY = 8
const SQLITE_CANTOPEN = 14

export interface HistoryDb {
  readonly db: DatabaseSync
  readonly file: string
  /** A sentence for the user when the previous file was unusable and moved aside; null otherwise. */
  readonly notice: string | null
  /** `notice` as a catalogue message (history.damagedNotice), for the user's language; present with it. */
  readonly noticeMessage?: TextMessage
  /** A consistent copy of the whole history at `target` (VACUUM INTO a temp file, then rename). */
  backup(target: string): void
  close(): void
}

export interface OpenHistoryOptions {
  /** Move a damaged file aside and start a new one (default true). false: throw a sentence instead (the export CLI must not touch the user's file). */
  recover?: boolean
  /** Clock for the moved-aside file name (default Date.now). */
  now?: () => number
}

export function historyFile(dataDir: string): string {
  return join(dataDir, HISTORY_FILE_NAME)
}

/** Opens (creating or migrating) the history in `dataDir`. Throws a sentence naming the cause when it cannot. */
export function openHistory(dataDir: string, options: OpenHistoryOptions = {}): HistoryDb {
  try {
    mkdirSync(dataDir, { recursive: true })
  } catch (error) {
    throw new Error(`The history folder ${dataDir} could not be created: ${fileCause(error)}.`)
  }
  const file = historyFile(dataDir)
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new Error(`The history file ${file} is a folder, not a file; it was left as it is: move it away or choose another data folder.`)
  }
  const first = tryOpen(file)
  if (first.ok) return wrap(first.db, file, null)
  if (options.recover === false) {
    throw new Error(`The history file ${file} is damaged (${first.reason}); it was left as it is.`)
  }
  const moved = moveAside(file, (options.now ?? Date.now)())
  const second = tryOpen(file)
  if (!second.ok) throw new Error(`A new history file ${file} could not be created: ${second.reason}.`)
  return wrap(second.db, file, damagedNotice(file, first.reason, moved))
}

/**
 * What the user is told when a damaged file was moved aside, in English (logs and tests read it)
 * and as a message. The reason is SQLite's or quick_check's own text: passed as it is, not translated.
 */
export function damagedNotice(file: string, reason: string, moved: string): LocalText {
  return {
    text: `The history file ${file} was damaged (${reason}), so it was moved to ${moved} and a new, empty history was started.`,
    message: { id: 'history.damagedNotice', params: { file, reason, moved } },
  }
}

type OpenAttempt = { ok: true; db: DatabaseSync } | { ok: false; reason: string }

/** Opens and checks one file. Only damage is reported as a failed attempt; anything else (permissions, a newer schema) throws. */
function tryOpen(file: string): OpenAttempt {
  let db: DatabaseSync | null = null
  try {
    db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true })
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    const check = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[]
    const problems = check.map((row) => row.quick_check).filter((text) => text !== 'ok')
    if (problems.length > 0) {
      db.close()
      return { ok: false, reason: `quick_check: ${problems.slice(0, 3).join('; ')}` }
    }
    migrate(db, file)
    return { ok: true, db }
  } catch (error) {
    db?.close()
    if (isDamage(error)) return { ok: false, reason: errorSentence(error) }
    if (isCantOpen(error)) throw new Error(`The history file ${file} could not be opened: ${whyNotOpened(file)}.`)
    throw error
  }
}

/** SQLITE_CANTOPEN, and "attempt to write a readonly database" when WAL needs a file beside it. */
function isCantOpen(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode
  return typeof code === 'number' && ((code & 0xff) === SQLITE_CANTOPEN || (code & 0xff) === SQLITE_READONLY)
}

/** SQLite says only "unable to open database file": ask the file system why. */
function whyNotOpened(file: string): string {
  const folder = dirname(file)
  try {
    accessSync(folder, constants.W_OK | constants.X_OK)
  } catch (error) {
    return `its folder ${folder} cannot be written, ${fileCause(error)}`
  }
  if (existsSync(file)) {
    try {
      accessSync(file, constants.R_OK | constants.W_OK)
    } catch (error) {
      return `the file cannot be read and written, ${fileCause(error)}`
    }
  }
  return 'SQLite could not open it (unable to open database file)'
}

function isDamage(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode
  if (typeof code !== 'number') return false
  const primary = code & 0xff
  return primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB
}

/** history.sqlite -> history-damaged-20261128T091502Z.sqlite, with its -wal and -shm, so sqlite tools can still open it. */
function moveAside(file: string, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  const name = basename(file).replace(/\.sqlite$/, '')
  let target = join(dirname(file), `${name}-damaged-${stamp}.sqlite`)
  for (let n = 2; existsSync(target); n++) target = join(dirname(file), `${name}-damaged-${stamp}-${n}.sqlite`)
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix)
  }
  renameSync(file, target)
  return target
}

function wrap(db: DatabaseSync, file: string, notice: LocalText | null): HistoryDb {
  return {
    db,
    file,
    notice: notice?.text ?? null,
    ...(notice ? { noticeMessage: notice.message } : {}),
    backup(target) {
      const temp = `${target}.${process.pid}.tmp`
      rmSync(temp, { force: true })
      try {
        db.prepare('VACUUM INTO ?').run(temp)
        renameSync(temp, target)
      } catch (error) {
        rmSync(temp, { force: true })
        throw new Error(`The history backup to ${target} failed: ${errorSentence(error)}.`)
      }
    },
    close() {
      if (db.isOpen) db.close()
    },
  }
}

/** Runs `work` in one IMMEDIATE transaction (the write lock taken up front, so busy_timeout applies at BEGIN). */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}

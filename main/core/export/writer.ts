// Streams rows to a CSV file that is either complete or absent: lines go to
// a temporary file in the destination's folder (so the rename stays on one
// file system and is atomic), flushed to disk, then renamed over the
// destination. Any failure, including the row source throwing midway,
// removes the temporary file and leaves the destination as it was.
// Lines are batched into chunks and written through stream.pipeline, which
// waits for 'drain', so a million rows never sit in memory at once.

import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createCellWriter, resolveCsvFormat } from './format.ts'
import type { CellWriter, CsvColumn, CsvOptions } from './format.ts'
import { errorSentence } from '../util/errors.ts'

export type { CsvCell, CsvColumn, CsvColumnKind, CsvDelimiter, CsvFormat, CsvOptions } from './format.ts'
export { resolveCsvFormat } from './format.ts'

export interface CsvWriteResult {
  /** Data rows written (the header not counted). */
  rows: number
  /** Size of the file in bytes, byte order mark included. */
  bytes: number
}

const BOM = '\uFEFF'
const CRLF = '\r\n'
/** Characters gathered before a write: large enough to amortise stream overhead, small enough to stay cheap. */
const CHUNK_CHARS = 64 * 1024

/**
 * The rows as chunks of CRLF-terminated lines, counting rows as they pass. The
 * header line is a chunk of its own, yielded before the first row is asked
 * for: a streamed download sends it while the query is still running.
 */
async function* csvChunks<R>(
  cells: CellWriter<R>,
  rows: AsyncIterable<R> | Iterable<R>,
  bom: boolean,
  counter: { rows: number },
): AsyncGenerator<string> {
  yield (bom ? BOM : '') + cells.headerLine() + CRLF
  let chunk = ''
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows) {
      chunk += cells.line(row) + CRLF
      counter.rows++
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk
        chunk = ''
      }
    }
  } else {
    // A sync source is read without for-await: one microtask per row adds up over a million rows.
    for (const row of rows) {
      chunk += cells.line(row) + CRLF
      counter.rows++
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk
        chunk = ''
      }
    }
  }
  if (chunk.length > 0) yield chunk
}

/**
 * The same CSV text as writeCsvFile writes, as a stream that pulls rows from
 * `rows` (a database cursor) only as fast as it is read: a download starts at
 * once and its memory stays flat. `counter.rows` counts the rows sent so far.
 */
export function csvStream<R>(
  columns: readonly CsvColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  options: CsvOptions = {},
): { stream: Readable; counter: { rows: number } } {
  const format = resolveCsvFormat(options)
  const counter = { rows: 0 }
  const chunks = headerFirst(csvChunks(createCellWriter(columns, format), rows, format.bom, counter))
  return { stream: Readable.from(chunks, { objectMode: false }), counter }
}

/**
 * Yields the header chunk, then lets the event loop turn before asking for
 * rows: an HTTP response sends a chunk on the next tick, and the first row of
 * a sorted query can take seconds of synchronous work in SQLite.
 */
async function* headerFirst(chunks: AsyncGenerator<string>): AsyncGenerator<string> {
  const header = await chunks.next()
  if (header.done === true) return
  yield header.value
  await new Promise((resolve) => setImmediate(resolve))
  yield* chunks
}

function temporaryPath(outPath: string): string {
  return join(dirname(outPath), `.${basename(outPath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
}

/**
 * Writes `rows` as an RFC 4180 CSV file at `outPath` (CRLF, same field count
 * on every line, quoting where needed, UTF-8 with a BOM unless `bom: false`).
 * Resolves with the rows and bytes written; rejects with a sentence naming
 * the cause, in which case `outPath` is untouched and no temporary file remains.
 */
export async function writeCsvFile<R>(
  outPath: string,
  columns: readonly CsvColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  options: CsvOptions = {},
): Promise<CsvWriteResult> {
  const format = resolveCsvFormat(options)
  const cells = createCellWriter(columns, format)
  const tempPath = temporaryPath(outPath)
  const counter = { rows: 0 }
  // 'wx': never reuse a file someone else created; flush: on disk before the rename makes it visible.
  const file = createWriteStream(tempPath, { flags: 'wx', encoding: 'utf8', flush: true })
  try {
    await pipeline(Readable.from(csvChunks(cells, rows, format.bom, counter), { objectMode: false }), file)
    await rename(tempPath, outPath)
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => undefined)
    throw new Error(
      `The CSV export to ${outPath} failed after ${counter.rows} ${counter.rows === 1 ? 'row' : 'rows'} and was not written: ${errorSentence(error)}`,
      { cause: error },
    )
  }
  return { rows: counter.rows, bytes: file.bytesWritten }
}

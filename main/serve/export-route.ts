// GET /api/export?kind=usage&from=...&to=...&granularity=...&locale=...:
// the served mode's CSV download, streamed from the query's cursor: the
// headers and the CSV header line leave at once, rows follow as SQLite yields
// them, read only as fast as the browser takes them (memory stays flat; a
// month at minute granularity used to be written whole to a temp file first,
// and its first byte came after the whole query). Everything comes from the
// local history, so it works with every server unreachable.
//
// A failure after the headers are sent cannot become a status any more: the
// connection is cut before the final chunk, so the browser reports a failed
// download rather than saving a file that looks complete.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { DatabaseSync } from 'node:sqlite'
import { pipeline } from 'node:stream/promises'
import { streamExport } from '../core/export/export-file.ts'
import { exportFileName, parseExportQuery } from '../core/export/export-request.ts'
import { sendError } from './responses.ts'
import type { CapacitySettings, LanguageChoice } from '../core/types/index.ts'

export const EXPORT_PATH = '/api/export'

export interface ExportSource {
  db: DatabaseSync
  now?: () => number
  /** The saved capacity settings (user groups for the capacity exports), read at each download; default: none saved. */
  capacitySettings?: () => CapacitySettings
  /** The app's saved language (appearance.json), for a report that names no locale; default: none chosen. */
  language?: () => LanguageChoice
}

export async function serveExport(req: IncomingMessage, res: ServerResponse, source: ExportSource | undefined): Promise<void> {
  if (source === undefined) {
    sendError(res, 503, 'The local history is not open in this monitor, so there is nothing to export.', true)
    return
  }
  const now = (source.now ?? Date.now)()
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const parsed = parseExportQuery(url.searchParams, now)
  if (!parsed.ok) {
    sendError(res, 400, parsed.error, true)
    return
  }
  // No Content-Length: the size is known only at the end, so the body goes chunked.
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${exportFileName(parsed.job.kind, now)}"`,
    'Cache-Control': 'no-store',
  })
  if (req.method === 'HEAD') return void res.end()
  // Send the headers now rather than with the first chunk of rows.
  res.flushHeaders()
  const { stream } = streamExport(source.db, parsed.job, source.capacitySettings?.())
  // pipeline ends the cursor's generator (finalising the statement) and cuts the connection when the
  // browser goes away or the query fails midway.
  await pipeline(stream, res).catch(() => undefined)
}

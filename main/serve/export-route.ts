// GET /api/export?kind=usage&from=...&to=...&granularity=...&locale=...:
// the served mode's CSV download. The file is written complete by the same
// atomic writer as every other export (to a private temp folder), then
// streamed as an attachment and removed. Everything comes from the local
// history, so it works with every server unreachable.
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { pipeline } from 'node:stream/promises'
import { writeExportFile } from '../core/export/export-file.ts'
import { exportFileName, parseExportQuery } from '../core/export/export-request.ts'
import { sendError } from './responses.ts'
import type { CapacitySettings } from '../core/types/index.ts'
import { errorSentence } from '../core/util/errors.ts'

export const EXPORT_PATH = '/api/export'

export interface ExportSource {
  db: DatabaseSync
  now?: () => number
  /** Where the temp folders go (default the system's temp folder). */
  tempDir?: string
  /** The saved capacity settings (user groups for the capacity exports), read at each download; default: none saved. */
  capacitySettings?: () => CapacitySettings
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
  const fileName = exportFileName(parsed.job.kind, now)
  const dir = await mkdtemp(join(source.tempDir ?? tmpdir(), 'lm-export-'))
  try {
    const file = join(dir, fileName)
    let bytes: number
    try {
      ;({ bytes } = await writeExportFile(source.db, parsed.job, file, source.capacitySettings?.()))
    } catch (error) {
      sendError(res, 500, errorSentence(error), true)
      return
    }
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': bytes,
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'no-store',
    })
    if (req.method === 'HEAD') return void res.end()
    // pipeline destroys the file stream when the browser goes away mid-download.
    await pipeline(createReadStream(file), res).catch(() => undefined)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// Request bodies of the served mode's calls: JSON only (a cross-site form
// cannot send that content type without a preflight), and small.
import type { IncomingMessage } from 'node:http'

const MAX_CALL_BODY_BYTES = 1024 * 1024

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; error: string }

export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_CALL_BODY_BYTES): Promise<BodyResult> {
  // The media type is what comes before any ";" parameters (split always gives a first part).
  const type = ((req.headers['content-type'] ?? '').split(';')[0] ?? '').trim().toLowerCase()
  if (type !== 'application/json') return { ok: false, status: 415, error: 'A call must be sent as application/json.' }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) return { ok: false, status: 413, error: `A call body must be at most ${maxBytes} bytes.` }
    chunks.push(chunk)
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) }
  } catch {
    return { ok: false, status: 400, error: 'The body of a call is not valid JSON.' }
  }
}

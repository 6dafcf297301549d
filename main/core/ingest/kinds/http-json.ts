// An HTTP request handler (4D 20 R8+) or `On Web Connection`: a GET that
// answers the contract JSON or a bare `License usage` array.
import { parsePayload } from '../payload-schema.ts'
import { ANY_AUTH, defineKind, type KindAnswer, type ReadLimits } from './kind.ts'

/** The contract JSON (or a bare array) as a payload; the invalid records' summary becomes a warning. */
export function payloadAnswer(body: unknown, limits: ReadLimits = {}): KindAnswer {
  const parsed = parsePayload(body, undefined, limits.maxRecords)
  if (!parsed.ok) return parsed
  const { invalidSummary, invalidSummaryMessage } = parsed.payload
  if (invalidSummary === null) return { ok: true, payload: parsed.payload, warnings: [] }
  return {
    ok: true,
    payload: parsed.payload,
    warnings: [invalidSummary],
    ...(invalidSummaryMessage ? { warningMessages: [invalidSummaryMessage] } : {}),
  }
}

export const httpJson = defineKind({
  name: 'http-json',
  label: 'HTTP JSON',
  description: 'HTTP request handler or On Web Connection: a GET that answers the license usage JSON (or a bare License usage array).',
  authTypes: ANY_AUTH,
  authRefusal: '',
  request: (url) => ({ url, method: 'GET', headers: { accept: 'application/json' } }),
  answer: 'json',
  parse: payloadAnswer,
})

// GET /api/capacity-report?month=2026-11[&locale=pt-BR][&machine=M][&product=ID]:
// the monthly capacity report as the page itself, for the browser to print
// (its print stylesheet makes one A4 page per machine and product). The same
// page `npm run report` prints to PDF; from the local history only. Its
// language: the locale asked (the page sends its own), else the app's saved
// language, else the browser's (Accept-Language), else English.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { reportWordsFor } from '../app/report-words.ts'
import { monthlyReport } from '../core/capacity/monthly-report.ts'
import { REPORT_CSP } from '../core/capacity/report-html.ts'
import { DEFAULT_CAPACITY_SETTINGS } from '../core/capacity/capacity-settings.ts'
import type { ExportSource } from './export-route.ts'
import { sendError } from './responses.ts'

export const REPORT_PATH = '/api/capacity-report'
const PARAMS = new Set(['month', 'locale', 'machine', 'product', 'token'])

export function serveReport(req: IncomingMessage, res: ServerResponse, source: ExportSource | undefined): void {
  if (source === undefined) {
    sendError(res, 503, 'The local history is not open in this monitor, so there is no capacity report.', false)
    return
  }
  const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams
  const unknown = [...params.keys()].find((key) => !PARAMS.has(key))
  if (unknown !== undefined) {
    sendError(res, 400, `The report has no parameter "${unknown.slice(0, 40)}"; it takes month, locale, machine and product.`, false)
    return
  }
  const month = params.get('month')
  if (month === null) {
    sendError(res, 400, 'The report needs a month, e.g. ?month=2026-11.', false)
    return
  }
  const product = params.get('product')
  const productId = product === null ? undefined : Number(product)
  if (productId !== undefined && !(product !== '' && Number.isSafeInteger(productId) && productId >= 0)) {
    sendError(res, 400, `The report's product must be a product id (a whole number), not ${JSON.stringify(product?.slice(0, 40))}.`, false)
    return
  }
  const page = monthlyReport(source.db, {
    month,
    locale: params.get('locale') ?? undefined,
    words: reportWordsFor(source.language ?? (() => 'system'), browserLocale(req.headers['accept-language'])),
    machine: params.get('machine') ?? undefined,
    productId,
    settings: source.capacitySettings?.() ?? DEFAULT_CAPACITY_SETTINGS,
    now: (source.now ?? Date.now)(),
  })
  if ('error' in page) {
    sendError(res, 400, page.error, false)
    return
  }
  // The page's own policy (its style sheet by hash) replaces the app's, which allows only style files.
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page.html),
    'Content-Security-Policy': REPORT_CSP,
    'Cache-Control': 'no-store',
  })
  res.end(req.method === 'HEAD' ? undefined : page.html)
}

/** The first language tag of an Accept-Language header that Intl takes ("pt-BR,pt;q=0.9" gives pt-BR); en without one. */
export function browserLocale(header: string | undefined): string {
  const tags = (header ?? '')
    .split(',')
    .map((part) => ({ tag: part.split(';')[0]?.trim() ?? '', q: Number(/;\s*q=([\d.]+)/.exec(part)?.[1] ?? 1) }))
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q)
  for (const { tag } of tags) {
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? 'en'
    } catch {
      // Not a language tag: the next one.
    }
  }
  return 'en'
}

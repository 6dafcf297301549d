// What an export asks for, checked the same way whether it comes from the
// renderer (exportCsv) or from the served mode's GET /api/export query: every
// problem is a sentence the export dialog can show as it is.
import { EXPORT_KINDS } from './exports.ts'
import { resolveCsvFormat, type CsvOptions } from './writer.ts'
import type { CsvExportKind, ExportCsvRequest } from '../types/index.ts'
import type { Granularity } from '../history/periods.ts'
import { errorSentence } from '../util/errors.ts'
import { parseIsoTime } from '../util/iso-date.ts'
import { resolvePeriod } from '../capacity/capacity-request.ts'
import { CAPACITY_EXPORT_KINDS, isCapacityExportKind } from '../capacity/capacity-csv.ts'
import { CSV_HEADER_LANGUAGES, type CsvHeaderLanguage } from './csv-headers.ts'

export interface ExportJob {
  kind: CsvExportKind
  from: number
  to: number
  granularity: Granularity
  csv: CsvOptions
}

export type ParsedExport = { ok: true; job: ExportJob } | { ok: false; error: string }

const GRANULARITIES: readonly Granularity[] = ['raw', 'minute', 'hour', 'day']
const KINDS: readonly CsvExportKind[] = [...EXPORT_KINDS, ...CAPACITY_EXPORT_KINDS]
const FIELDS = new Set(['kind', 'from', 'to', 'granularity', 'locale', 'delimiter', 'bom', 'headerLanguage'])
const DAY_MS = 86_400_000

function fail(error: string): ParsedExport {
  return { ok: false, error }
}

// Moved to util (the capacity periods parse dates the same way); still exported from here for its callers.
export { parseIsoTime }

function timeField(name: string, value: unknown): number | null | string {
  if (value === undefined) return null
  if (typeof value !== 'string') return `The export's "${name}" must be an ISO 8601 date or time text.`
  const ms = parseIsoTime(value)
  return (
    ms ??
    `The export's "${name}" (${JSON.stringify(value.slice(0, 40))}) is not an ISO 8601 date or time, e.g. 2026-11-28 or 2026-11-28T09:00:00-03:00.`
  )
}

function localeProblem(locale: unknown): string | null {
  if (locale === undefined) return null
  if (typeof locale !== 'string' || locale.length > 35) return 'The export\'s "locale" must be a language tag such as pt-BR or en-US.'
  try {
    Intl.getCanonicalLocales(locale)
    return null
  } catch {
    return `The export's locale ${JSON.stringify(locale)} is not a language tag such as pt-BR or en-US.`
  }
}

/** The start of a refused value (anything the renderer or a query string sent), quoted, for an error message. */
function quoted(value: unknown, max: number): string {
  return JSON.stringify(String(value).slice(0, max))
}

/** Checks an export request of the contract (anything the renderer sent). */
export function parseExportRequest(input: unknown, now: number): ParsedExport {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail('The export request must be an object with at least a "kind".')
  const request = input as Record<string, unknown>
  const unknown = Object.keys(request).find((key) => !FIELDS.has(key))
  if (unknown !== undefined)
    return fail(`The export request has an unknown field "${unknown.slice(0, 40)}"; known fields are ${[...FIELDS].join(', ')}.`)
  const { kind, granularity, delimiter, bom, locale, headerLanguage } = request
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    return fail(`The export kind must be one of ${KINDS.join(', ')}${kind === undefined ? '' : `, not ${quoted(kind, 40)}`}.`)
  }
  if (granularity !== undefined && !(GRANULARITIES as readonly unknown[]).includes(granularity)) {
    return fail(`The export granularity must be one of ${GRANULARITIES.join(', ')}, not ${quoted(granularity, 40)}.`)
  }
  if (delimiter !== undefined && delimiter !== ',' && delimiter !== ';')
    return fail(`The export delimiter must be "," or ";", not ${quoted(delimiter, 10)}.`)
  if (bom !== undefined && typeof bom !== 'boolean') return fail('The export\'s "bom" must be true or false.')
  if (headerLanguage !== undefined && !(CSV_HEADER_LANGUAGES as readonly unknown[]).includes(headerLanguage))
    return fail(
      `The export's "headerLanguage" must be "english" (column names scripts read) or "locale" (in the locale's language), not ${quoted(headerLanguage, 20)}.`,
    )
  const badLocale = localeProblem(locale)
  if (badLocale !== null) return fail(badLocale)
  const to = timeField('to', request.to)
  if (typeof to === 'string') return fail(to)
  const from = timeField('from', request.from)
  if (typeof from === 'string') return fail(from)
  const csv: CsvOptions = {
    locale: locale as string | undefined,
    delimiter: delimiter as ',' | ';' | undefined,
    bom: bom as boolean | undefined,
    headerLanguage: headerLanguage as CsvHeaderLanguage | undefined,
  }
  try {
    resolveCsvFormat(csv)
  } catch (error) {
    return fail(errorSentence(error))
  }
  // The capacity figures take their period as `npm run capacity` does (whole local days, default the last 30), so the rows match.
  if (isCapacityExportKind(kind)) {
    const period = resolvePeriod({ from: request.from as string | undefined, to: request.to as string | undefined }, now)
    if (typeof period === 'string') return fail(period)
    return { ok: true, job: { kind, from: period.from, to: period.to, granularity: 'day', csv } }
  }
  const end = to ?? now
  const start = from ?? end - DAY_MS
  if (start >= end)
    return fail(
      `The export range must start before it ends: from ${new Date(start).toISOString()} is not before to ${new Date(end).toISOString()}.`,
    )
  return {
    ok: true,
    job: { kind: kind as CsvExportKind, from: start, to: end, granularity: (granularity as Granularity | undefined) ?? 'hour', csv },
  }
}

/** The served mode's query string as a request: ?kind=usage&from=...&bom=0. A repeated parameter is refused; `token` is ignored. */
export function parseExportQuery(params: URLSearchParams, now: number): ParsedExport {
  const request: Record<string, unknown> = {}
  for (const key of new Set(params.keys())) {
    // ?token= is the served mode's authentication, checked before this route.
    if (key === 'token') continue
    const values = params.getAll(key)
    if (values.length > 1) return fail(`The export parameter "${key.slice(0, 40)}" is given ${values.length} times; give it once.`)
    request[key] = values[0]
  }
  if (request.bom !== undefined) {
    if (request.bom === '1' || request.bom === 'true') request.bom = true
    else if (request.bom === '0' || request.bom === 'false') request.bom = false
    else return fail(`The export parameter "bom" must be 1 or 0, not ${quoted(request.bom, 10)}.`)
  }
  // An empty parameter (?granularity=) means "not given".
  const given = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== ''))
  return parseExportRequest(given, now)
}

/** The query string of GET /api/export for a request (the inverse of parseExportQuery). */
export function exportQuery(request: ExportCsvRequest): string {
  const params = new URLSearchParams({ kind: request.kind })
  for (const key of ['from', 'to', 'granularity', 'locale', 'delimiter', 'headerLanguage'] as const) {
    const value = request[key]
    if (value !== undefined) params.set(key, value)
  }
  if (request.bom !== undefined) params.set('bom', request.bom ? '1' : '0')
  return params.toString()
}

const FILE_STEM: Readonly<Record<CsvExportKind, string>> = {
  usage: 'license-usage',
  licenses: 'licenses-held',
  history: 'license-history',
  holdings: 'license-holdings',
  'capacity-days': 'capacity-daily-peaks',
  'capacity-users': 'capacity-users',
  'capacity-clients': 'capacity-client-machines',
  'capacity-groups': 'capacity-groups',
}

/** license-usage-2026-11-28.csv: the kind and the local date of the export. */
export function exportFileName(kind: CsvExportKind, now: number): string {
  const date = new Date(now)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${FILE_STEM[kind]}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.csv`
}

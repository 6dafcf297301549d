// Flags of `npm run export`, parsed into options or a sentence for the user.
import { resolve } from 'node:path'
import { parseFlags } from '../core/util/cli-flags.ts'
import { EXPORT_KINDS, type ExportKind } from '../core/export/exports.ts'
import type { CsvDelimiter } from '../core/export/writer.ts'
import { CSV_HEADER_LANGUAGES, type CsvHeaderLanguage } from '../core/export/csv-headers.ts'
import type { Granularity } from '../core/history/periods.ts'
import { isTimeZone } from '../core/util/time-zone.ts'

export interface ExportCliOptions {
  kind: ExportKind
  dataDir: string
  from: number
  to: number
  granularity: Granularity
  locale: string | undefined
  delimiter: CsvDelimiter | undefined
  /** IANA zone of the local-time columns and of hour and day periods, as given (default: this system's). */
  timeZone: string | undefined
  bom: boolean
  /** English column names (default: what scripts read) or the language of --locale. */
  headerLanguage: CsvHeaderLanguage
  out: string
}

export type ParsedExportArgs = { ok: true; options: ExportCliOptions } | { ok: false; error: string }

export const USAGE =
  'Usage: npm run export -- --kind usage|licenses|history|holdings --out file.csv [--data DIR] [--from ISO] [--to ISO] ' +
  '[--granularity raw|minute|hour|day] [--locale pt-BR] [--delimiter ";"] [--time-zone Asia/Kolkata] [--no-bom] ' +
  '[--header-language english|locale]\n' +
  '--from/--to bound history and holdings (default: the 24 hours before --to, which defaults to now); --granularity defaults to hour; ' +
  '--header-language locale writes the column names in the language of --locale (default english, the names scripts read).'

const GRANULARITIES: readonly Granularity[] = ['raw', 'minute', 'hour', 'day']
const DAY_MS = 86_400_000

export function parseExportArgs(argv: string[], defaults: { dataDir: string; now: number }): ParsedExportArgs {
  const parsed = parseFlags(argv, {
    kind: { type: 'string' },
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    granularity: { type: 'string' },
    locale: { type: 'string' },
    delimiter: { type: 'string' },
    'time-zone': { type: 'string' },
    'no-bom': { type: 'boolean' },
    'header-language': { type: 'string' },
    out: { type: 'string' },
  })
  if (!parsed.ok) {
    return fail(parsed.error)
  }
  const { values } = parsed
  if (values.kind === undefined) return fail('--kind is required.')
  if (!(EXPORT_KINDS as readonly string[]).includes(values.kind))
    return fail(`Unknown --kind "${values.kind}": use one of ${EXPORT_KINDS.join(', ')}.`)
  if (values.out === undefined || values.out.trim() === '') return fail('--out is required: the CSV file to write.')
  const granularity = values.granularity ?? 'hour'
  if (!(GRANULARITIES as readonly string[]).includes(granularity))
    return fail(`Unknown --granularity "${granularity}": use one of ${GRANULARITIES.join(', ')}.`)
  if (values.delimiter !== undefined && values.delimiter !== ',' && values.delimiter !== ';')
    return fail(`--delimiter must be "," or ";", not "${values.delimiter}".`)
  const headerLanguage = values['header-language'] ?? 'english'
  if (!(CSV_HEADER_LANGUAGES as readonly string[]).includes(headerLanguage))
    return fail(
      `Unknown --header-language "${headerLanguage}": use english (the column names scripts read) or locale (the language of --locale).`,
    )
  const timeZone = values['time-zone']
  if (timeZone !== undefined && !isTimeZone(timeZone))
    return fail(`--time-zone "${timeZone}" is not an IANA zone name this system knows (e.g. Europe/Berlin or Asia/Kolkata).`)
  const to = values.to === undefined ? defaults.now : parseTime(values.to)
  if (to === null) return fail(`--to "${values.to}" is not an ISO 8601 date or time (e.g. 2026-11-28 or 2026-11-28T09:00:00-03:00).`)
  const from = values.from === undefined ? to - DAY_MS : parseTime(values.from)
  if (from === null) return fail(`--from "${values.from}" is not an ISO 8601 date or time (e.g. 2026-11-28 or 2026-11-28T09:00:00-03:00).`)
  if (from >= to) return fail(`--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()}).`)
  return {
    ok: true,
    options: {
      kind: values.kind as ExportKind,
      dataDir: resolve(values.data ?? defaults.dataDir),
      from,
      to,
      granularity: granularity as Granularity,
      locale: values.locale,
      delimiter: values.delimiter as CsvDelimiter | undefined,
      timeZone,
      bom: values['no-bom'] !== true,
      headerLanguage: headerLanguage as CsvHeaderLanguage,
      out: resolve(values.out),
    },
  }
}

/** ISO 8601 only (Date.parse alone accepts "tomorrow-ish" text on some engines). A bare date is local midnight, as an admin means it. */
export function parseTime(text: string): number | null {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])]
    const local = new Date(year, month - 1, day)
    return local.getFullYear() === year && local.getMonth() === month - 1 && local.getDate() === day ? local.getTime() : null
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text.trim())) return null
  const ms = Date.parse(text.trim())
  return Number.isFinite(ms) ? ms : null
}

function fail(sentence: string): ParsedExportArgs {
  return { ok: false, error: `${sentence}\n${USAGE}` }
}

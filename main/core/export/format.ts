// What a CSV cell looks like: delimiter and decimal separator from the
// locale, numbers, timestamps, and text made safe for spreadsheets.
// Rules from shared/docs/reliability.md (CSV): RFC 4180 quoting, OWASP
// formula-injection neutralisation (CWE-1236) for text cells only, numbers
// the app produces stay numbers, decimal comma where the locale writes one.

import { csvLanguage, localWord, translateHeader, type CsvHeaderLanguage, type CsvLanguage } from './csv-headers.ts'
import { createLocalTimeFormatter, systemTimeZone } from './local-time.ts'

export type CsvDelimiter = ',' | ';'

/**
 * What a column holds, which decides how a value is written:
 * - text: neutralised against formula injection, quoted when needed;
 * - integer, decimal: plain numbers in the export's decimal separator;
 * - timestamp: ISO 8601 in UTC with 'Z', e.g. 2026-11-28T09:15:02Z;
 * - local-time: "YYYY-MM-DD HH:mm:ss" wall-clock time in the export's zone.
 */
export type CsvColumnKind = 'text' | 'integer' | 'decimal' | 'timestamp' | 'local-time'

/** A cell value as an accessor returns it; null and undefined write an empty cell. Times: epoch ms, Date or ISO text. */
export type CsvCell = string | number | Date | null | undefined

export interface CsvColumn<R> {
  /**
   * Header text. The writer adds the zone to time columns, so a timestamp
   * header "Time" becomes "Time (UTC)" and a local-time one "Time (Europe/Berlin)"
   * (in UTC, "Time (local, UTC)").
   */
  header: string
  kind: CsvColumnKind
  value: (row: R) => CsvCell
  /** Fraction digits of a decimal column (default: as many as the number needs). */
  digits?: number
}

export interface CsvOptions {
  /** BCP 47 locale whose decimal separator decides the defaults (default: this system's). */
  locale?: string
  /** Explicit delimiter; wins over the locale. With ',' the decimal separator is always '.'. */
  delimiter?: CsvDelimiter
  /** Write a UTF-8 byte order mark so Excel reads the file as UTF-8 (default true). */
  bom?: boolean
  /** IANA zone of local-time columns (default: this system's zone). */
  timeZone?: string
  /** Column names in English (default: what scripts read) or in the language of `locale` (csv-headers.ts). */
  headerLanguage?: CsvHeaderLanguage
}

/** Options resolved to the concrete choices the writer applies. */
export interface CsvFormat {
  delimiter: CsvDelimiter
  decimalSeparator: ',' | '.'
  bom: boolean
  timeZone: string
  /** The language the headers are written in. */
  headerLanguage: CsvLanguage
}

function localeUsesDecimalComma(locale: string | undefined): boolean {
  let parts: Intl.NumberFormatPart[]
  try {
    parts = new Intl.NumberFormat(locale).formatToParts(1.5)
  } catch {
    throw new RangeError(`The locale "${String(locale)}" is not a valid BCP 47 language tag (e.g. "pt-BR").`)
  }
  return parts.find((part) => part.type === 'decimal')?.value === ','
}

function systemLocale(): string {
  return new Intl.NumberFormat().resolvedOptions().locale
}

/**
 * Delimiter and decimal separator: ';' and ',' where the locale writes
 * decimals with a comma (Excel there splits on ';'), else ',' and '.'.
 */
export function resolveCsvFormat(options: CsvOptions = {}): CsvFormat {
  const decimalComma = localeUsesDecimalComma(options.locale)
  const delimiter = options.delimiter ?? (decimalComma ? ';' : ',')
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- last guard before a file is written: a delimiter past the callers' checks (a cast, plain JS) would give a CSV no spreadsheet splits; writer.test pins it
  if (delimiter !== ',' && delimiter !== ';') {
    throw new RangeError(`The CSV delimiter must be "," or ";", not ${JSON.stringify(delimiter)}.`)
  }
  const timeZone = options.timeZone ?? systemTimeZone()
  createLocalTimeFormatter(timeZone) // fails early, before any file exists, when the zone is unknown
  return {
    delimiter,
    decimalSeparator: delimiter === ';' && decimalComma ? ',' : '.',
    bom: options.bom ?? true,
    timeZone,
    headerLanguage: options.headerLanguage === 'locale' ? csvLanguage(options.locale ?? systemLocale()) : 'en',
  }
}

/**
 * Text that Excel, LibreOffice or Google Sheets may read as a formula (OWASP
 * CSV injection, CWE-1236): a control start (tab, CR, LF), or a formula sign
 * after any leading whitespace (non-breaking and ideographic spaces included:
 * \s covers them) and quotes, the ASCII signs and their full-width forms
 * (＝＋－＠), which some spreadsheets and IMEs turn into the ASCII ones.
 */
const FORMULA_START = /^(?:[\t\r\n]|[\s"'\u2018\u2019\u201c\u201d]*[=+\-@\uff1d\uff0b\uff0d\uff20])/

/**
 * Quoted whatever the file's delimiter: a cell holding the other separator
 * stays one cell when a spreadsheet guesses the delimiter from the locale.
 */
const NEEDS_QUOTES = /[,;"\r\n]/

/** Turns row values into the final text of each field of a line (quoted where RFC 4180 or OWASP says so). */
export interface CellWriter<R> {
  headerLine(): string
  line(row: R): string
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

function textField(text: string, needsQuotes: RegExp): string {
  if (FORMULA_START.test(text)) return quote(`'${text}`)
  return needsQuotes.test(text) ? quote(text) : text
}

function timeValue(cell: Exclude<CsvCell, null | undefined>): number {
  if (typeof cell === 'number') return cell
  if (cell instanceof Date) return cell.getTime()
  return Date.parse(cell)
}

const plainNumberFormats = new Map<number | undefined, Intl.NumberFormat>()

/** Plain digits for values String() and toFixed() would write in exponent form (below 1e-6, from 1e21). */
function plainNumber(value: number, digits: number | undefined): string {
  let format = plainNumberFormats.get(digits)
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { useGrouping: false, minimumFractionDigits: digits ?? 0, maximumFractionDigits: digits ?? 20 })
    plainNumberFormats.set(digits, format)
  }
  return format.format(value)
}

function numberText(value: number, digits: number | undefined, decimalSeparator: string): string {
  let text = digits === undefined ? String(value) : value.toFixed(digits)
  if (text.includes('e')) text = plainNumber(value, digits)
  return decimalSeparator === '.' ? text : text.replace('.', decimalSeparator)
}

type FieldWriter = (cell: CsvCell) => string

function fieldWriter(kind: CsvColumnKind, digits: number | undefined, format: CsvFormat, needsQuotes: RegExp): FieldWriter {
  const asText = (cell: CsvCell): string => (cell === null || cell === undefined ? '' : textField(String(cell), needsQuotes))
  // A value of the wrong type is written as text (neutralised), never dropped and never fatal.
  const asNumber =
    (toText: (n: number) => string): FieldWriter =>
    (cell) =>
      typeof cell === 'number' ? (Number.isFinite(cell) ? toText(cell) : '') : asText(cell)
  const asTime =
    (toText: (ms: number) => string): FieldWriter =>
    (cell) => {
      if (cell === null || cell === undefined) return ''
      const ms = timeValue(cell)
      return Number.isFinite(ms) ? toText(ms) : asText(cell instanceof Date ? '' : cell)
    }
  switch (kind) {
    case 'text':
      return asText
    case 'integer':
      return asNumber((n) => numberText(Math.round(n), undefined, '.'))
    case 'decimal':
      return asNumber((n) => numberText(n, digits, format.decimalSeparator))
    case 'timestamp':
      return asTime((ms) => `${new Date(ms).toISOString().slice(0, 19)}Z`)
    case 'local-time':
      return asTime(createLocalTimeFormatter(format.timeZone))
  }
}

/**
 * The header a column gets in the file: time columns name their zone. A
 * local-time column in UTC says "local, UTC", so it never shares the header
 * of the UTC column beside it.
 */
export function columnHeader(
  column: Pick<CsvColumn<unknown>, 'header' | 'kind'>,
  format: Pick<CsvFormat, 'timeZone' | 'headerLanguage'>,
): string {
  const header = translateHeader(column.header, format.headerLanguage)
  if (column.kind === 'timestamp') return `${header} (UTC)`
  if (column.kind === 'local-time') {
    const zone = format.timeZone.toUpperCase() === 'UTC' ? `${localWord(format.headerLanguage)}, ${format.timeZone}` : format.timeZone
    return `${header} (${zone})`
  }
  return header
}

/** Two columns with one header would be read as one by every spreadsheet and CSV reader: refused, naming it. */
function checkUniqueHeaders(headers: readonly string[]): void {
  const seen = new Set<string>()
  for (const header of headers) {
    if (seen.has(header)) throw new RangeError(`Two columns of this CSV export are headed "${header}"; each header must be unique.`)
    seen.add(header)
  }
}

/** Builds the per-line formatter of a column set; lines carry no line ending. */
export function createCellWriter<R>(columns: readonly CsvColumn<R>[], format: CsvFormat): CellWriter<R> {
  if (columns.length === 0) throw new RangeError('A CSV export needs at least one column.')
  const headers = columns.map((column) => columnHeader(column, format))
  checkUniqueHeaders(headers)
  const needsQuotes = NEEDS_QUOTES
  const cells = columns.map((column) => {
    const write = fieldWriter(column.kind, column.digits, format, needsQuotes)
    const value = column.value
    return (row: R) => write(value(row))
  })
  const fields: string[] = new Array<string>(columns.length)
  return {
    headerLine: () => headers.map((header) => textField(header, needsQuotes)).join(format.delimiter),
    line(row) {
      let i = 0
      for (const cell of cells) fields[i++] = cell(row)
      return fields.join(format.delimiter)
    },
  }
}

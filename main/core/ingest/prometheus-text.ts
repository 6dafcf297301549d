// A parser for the Prometheus text exposition format (version 0.0.4), the
// format of the Prometheus_4D_Exporter's /metrics page. A line it cannot read
// becomes a sentence in `errors` and the rest of the page is still read:
// one odd metric must not hide the license counts.

export interface PrometheusSample {
  name: string
  labels: Record<string, string>
  /** NaN, +Inf and -Inf are kept as the JavaScript numbers. */
  value: number
  /** Milliseconds since the epoch, when the line has a timestamp. */
  timestampMs: number | null
  /** 1-based line number, for messages. */
  line: number
}

export interface PrometheusPage {
  samples: PrometheusSample[]
  /** # HELP text per metric name, unescaped. */
  help: Map<string, string>
  /** # TYPE per metric name (counter, gauge, histogram, summary, untyped). */
  types: Map<string, string>
  /** One sentence per line that could not be read. */
  errors: string[]
}

const NAME_START = /[a-zA-Z_:]/
const NAME_CHAR = /[a-zA-Z0-9_:]/
const LABEL_START = /[a-zA-Z_]/
const LABEL_CHAR = /[a-zA-Z0-9_]/

/** Thrown inside this module only, with the sentence for that line. */
class LineError extends Error {}

export function parsePrometheusText(text: string): PrometheusPage {
  const page: PrometheusPage = { samples: [], help: new Map(), types: new Map(), errors: [] }
  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    try {
      readLine(line, index + 1, page)
    } catch (error) {
      if (!(error instanceof LineError)) throw error
      page.errors.push(`line ${index + 1}: ${error.message}`)
    }
  })
  return page
}

function readLine(line: string, lineNumber: number, page: PrometheusPage): void {
  const trimmed = line.trim()
  if (trimmed === '') return
  if (trimmed.startsWith('#')) {
    readComment(trimmed, page)
    return
  }
  page.samples.push(readSample(line, lineNumber))
}

/** "# HELP name text" and "# TYPE name type" carry metadata; any other "#" line is a comment. */
function readComment(line: string, page: PrometheusPage): void {
  const match = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line)
  if (!match) return
  const [, keyword, name = '', rest = ''] = match
  if (keyword === 'HELP') page.help.set(name, unescapeHelp(rest))
  else page.types.set(name, rest.trim())
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_all, char: string) => (char === 'n' ? '\n' : '\\'))
}

/** A tiny cursor over one sample line. */
class Cursor {
  readonly text: string
  pos = 0
  constructor(text: string) {
    this.text = text
  }
  peek(): string {
    return this.text[this.pos] ?? ''
  }
  atEnd(): boolean {
    return this.pos >= this.text.length
  }
  skipBlanks(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++
  }
  take(pattern: RegExp): string {
    const start = this.pos
    while (!this.atEnd() && pattern.test(this.peek())) this.pos++
    return this.text.slice(start, this.pos)
  }
  expect(char: string, what: string): void {
    if (this.peek() !== char) throw new LineError(`expected ${JSON.stringify(char)} ${what}, found ${describeChar(this.peek())}`)
    this.pos++
  }
}

function describeChar(char: string): string {
  return char === '' ? 'the end of the line' : JSON.stringify(char)
}

function readSample(line: string, lineNumber: number): PrometheusSample {
  const cursor = new Cursor(line)
  cursor.skipBlanks()
  if (!NAME_START.test(cursor.peek())) throw new LineError(`expected a metric name, found ${describeChar(cursor.peek())}`)
  const name = cursor.take(NAME_CHAR)
  cursor.skipBlanks()
  const labels = cursor.peek() === '{' ? readLabels(cursor) : {}
  cursor.skipBlanks()
  const valueText = cursor.take(/\S/)
  if (valueText === '') throw new LineError(`metric ${name} has no value`)
  const value = parseValue(valueText)
  if (value === null) throw new LineError(`metric ${name} has an invalid value ${JSON.stringify(valueText)}`)
  cursor.skipBlanks()
  const timestampText = cursor.take(/\S/)
  cursor.skipBlanks()
  if (!cursor.atEnd()) throw new LineError(`unexpected text after the timestamp of ${name}`)
  let timestampMs: number | null = null
  if (timestampText !== '') {
    if (!/^-?\d+$/.test(timestampText)) throw new LineError(`metric ${name} has an invalid timestamp ${JSON.stringify(timestampText)}`)
    timestampMs = Number(timestampText)
  }
  return { name, labels, value, timestampMs, line: lineNumber }
}

function readLabels(cursor: Cursor): Record<string, string> {
  const labels: Record<string, string> = {}
  cursor.expect('{', 'to open the labels')
  for (;;) {
    cursor.skipBlanks()
    if (cursor.peek() === '}') break
    if (!LABEL_START.test(cursor.peek())) throw new LineError(`expected a label name, found ${describeChar(cursor.peek())}`)
    const label = cursor.take(LABEL_CHAR)
    cursor.skipBlanks()
    cursor.expect('=', `after label ${label}`)
    cursor.skipBlanks()
    labels[label] = readLabelValue(cursor, label)
    cursor.skipBlanks()
    if (cursor.peek() === ',') {
      cursor.pos++
      continue
    }
    if (cursor.peek() !== '}') throw new LineError(`expected "," or "}" after label ${label}, found ${describeChar(cursor.peek())}`)
  }
  cursor.expect('}', 'to close the labels')
  return labels
}

/** A double-quoted value where only \\, \" and \n are escapes. */
function readLabelValue(cursor: Cursor, label: string): string {
  cursor.expect('"', `to open the value of label ${label}`)
  let value = ''
  for (;;) {
    if (cursor.atEnd()) throw new LineError(`the value of label ${label} is not closed`)
    const char = cursor.peek()
    cursor.pos++
    if (char === '"') return value
    if (char !== '\\') {
      value += char
      continue
    }
    const escaped = cursor.peek()
    cursor.pos++
    if (escaped === 'n') value += '\n'
    else if (escaped === '\\' || escaped === '"') value += escaped
    else throw new LineError(`label ${label} has an unknown escape ${describeChar(`\\${escaped}`)}`)
  }
}

/** Go's ParseFloat forms the format allows: decimals, exponents, NaN, [+-]Inf. */
function parseValue(text: string): number | null {
  const lower = text.toLowerCase()
  if (lower === 'nan') return Number.NaN
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY
  if (lower === '-inf') return Number.NEGATIVE_INFINITY
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null
  return Number(text)
}

/** The first sample of `name` whose labels include every given label. */
export function findSample(page: PrometheusPage, name: string, labels: Record<string, string> = {}): PrometheusSample | undefined {
  return page.samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
}

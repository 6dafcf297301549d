// Where a JSON text stops being valid, as a line and column, without quoting
// it. V8's JSON.parse messages quote the text around the error ("Unexpected
// token 'c', "...canary..." is not valid JSON"), and that text may be a
// password, so a config error reports only the place to look.

export interface TextPosition {
  /** 1-based. */
  line: number
  /** 1-based, in UTF-16 code units like an editor's column in most cases. */
  column: number
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const HEX4 = /[0-9a-fA-F]{4}/y

/** Offset of the first syntax error of `text` as JSON, or -1 when it parses. Mirrors JSON.parse's grammar. */
export function jsonErrorOffset(text: string): number {
  let i = 0
  const fail = (): never => {
    throw new JsonStop(i)
  }
  const space = (): void => {
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++
  }
  const expect = (char: string): void => {
    if (text[i] !== char) fail()
    i++
  }
  const string = (): void => {
    expect('"')
    while (text[i] !== '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail()
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          HEX4.lastIndex = i + 1
          if (!HEX4.test(text)) fail()
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail()
      }
      i++
    }
    i++
  }
  const sequence = (close: string, item: () => void): void => {
    i++
    space()
    if (text[i] === close) return void i++
    for (;;) {
      item()
      space()
      if (text[i] === close) return void i++
      expect(',')
    }
  }
  const value = (): void => {
    space()
    const char = text[i]
    if (char === '{') {
      sequence('}', () => {
        space()
        string()
        space()
        expect(':')
        value()
      })
      return
    }
    if (char === '[') {
      sequence(']', value)
      return
    }
    if (char === '"') {
      string()
      return
    }
    for (const word of ['true', 'false', 'null']) {
      if (char === word[0]) return text.startsWith(word, i) ? void (i += word.length) : fail()
    }
    NUMBER.lastIndex = i
    if (!NUMBER.test(text)) fail()
    i = NUMBER.lastIndex
  }
  try {
    value()
    space()
    return i < text.length ? i : -1
  } catch (error) {
    if (error instanceof JsonStop) return error.offset
    // Nesting deep enough to exhaust the stack: point at where it was.
    return Math.min(i, text.length)
  }
}

class JsonStop extends Error {
  readonly offset: number
  constructor(offset: number) {
    super(`JSON stops being valid at offset ${offset}`)
    this.offset = offset
  }
}

export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, column: before.length - lineStart + 1 }
}

/** Where the first error of a text JSON.parse refused is, and whether the text just stops early; null when not found. */
export function jsonErrorPlace(text: string): (TextPosition & { atEnd: boolean }) | null {
  const offset = jsonErrorOffset(text)
  if (offset === -1) return null
  return { ...positionAt(text, offset), atEnd: offset >= text.length }
}

/** "line 3, column 14" for the first error of a text JSON.parse refused. */
export function describeJsonErrorPosition(text: string): string {
  const place = jsonErrorPlace(text)
  if (place === null) return 'at an unknown place'
  const { line, column } = place
  return place.atEnd ? `at its end (line ${line}, column ${column}): it stops too early` : `at line ${line}, column ${column}`
}

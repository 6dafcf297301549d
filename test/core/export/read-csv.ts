// Reads an export back the way a careful consumer would: raw bytes for the
// BOM, a structural RFC 4180 check, then papaparse (an independent parser)
// with the delimiter and line ending fixed, so nothing is guessed.

import { readFile } from 'node:fs/promises'
import Papa from 'papaparse'
import { expect } from 'vitest'

export interface CsvReadBack {
  bytes: Buffer
  /** The text after the BOM (if any). */
  text: string
  hasBom: boolean
  header: string[]
  rows: string[][]
}

/**
 * Outside quotes, every line ends with CRLF (no bare CR or LF) and the file
 * ends with one; inside quotes, a quote is only ever doubled.
 */
export function expectRfc4180Lines(text: string): void {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      if (quoted && text[i + 1] === '"') i++
      else quoted = !quoted
    } else if (!quoted && c === '\r') {
      expect(text[i + 1], `bare CR at ${i}`).toBe('\n')
      i++
    } else if (!quoted && c === '\n') {
      expect.fail(`bare LF at ${i}`)
    }
  }
  expect(quoted, 'unterminated quote').toBe(false)
  expect(text.endsWith('\r\n')).toBe(true)
}

export async function readCsv(path: string, delimiter: ',' | ';'): Promise<CsvReadBack> {
  const bytes = await readFile(path)
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const text = bytes.subarray(hasBom ? 3 : 0).toString('utf8')
  expectRfc4180Lines(text)
  const parsed = Papa.parse<string[]>(text, { delimiter, newline: '\r\n', quoteChar: '"', escapeChar: '"', skipEmptyLines: false })
  expect(parsed.errors).toEqual([])
  // The final CRLF ends the last record; papaparse reports what follows it as one empty row.
  const records = parsed.data.at(-1)?.length === 1 && parsed.data.at(-1)?.[0] === '' ? parsed.data.slice(0, -1) : parsed.data
  const [header, ...rows] = records
  expect(header).toBeDefined()
  for (const row of rows) expect(row).toHaveLength(header!.length)
  return { bytes, text, hasBom, header: header!, rows }
}

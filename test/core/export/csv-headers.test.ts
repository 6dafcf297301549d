// CSV column names in six languages (issue 20): the header catalogue has the
// app's languages and every header of every export kind (the capacity ones
// too); a pt-BR export of a real history file has Portuguese headers and
// still reads back through a strict RFC 4180 check and papaparse; English
// stays today's exact header line, for scripts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../../renderer/src/i18n/catalogue.ts'
import { CSV_HEADERS, CSV_LANGUAGES, csvLanguage, LOCAL_WORD, translateHeader } from '../../../main/core/export/csv-headers.ts'
import { writeExportFile } from '../../../main/core/export/export-file.ts'
import { exportQuery, parseExportQuery, parseExportRequest } from '../../../main/core/export/export-request.ts'
import { openHistoryStore, type HistoryStore } from '../../../main/core/history/store.ts'
import type { CsvExportKind, ExportCsvRequest } from '../../../main/core/types/index.ts'
import { snapshot } from '../history/snapshots.ts'
import { readCsv } from './read-csv.ts'

const KINDS: CsvExportKind[] = [
  'usage',
  'licenses',
  'history',
  'holdings',
  'capacity-days',
  'capacity-users',
  'capacity-clients',
  'capacity-groups',
]
const T0 = Date.parse('2026-11-28T09:00:00Z')
const NOW = T0 + 10 * 60_000
let dir: string
let store: HistoryStore

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-csv-headers-'))
  store = openHistoryStore(join(dir, 'data'))
  const servers = [{ name: 'Contabilidade', machine: 'srv-01' }]
  for (let at = T0; at < NOW; at += 60_000) {
    store.record(
      snapshot(servers, [
        { server: 'Contabilidade', token: 1, user: 'João', since: '2026-11-28T08:30:00Z' },
        { server: 'Contabilidade', token: 2, user: '=cmd|x' },
      ]),
      at,
    )
  }
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

let files = 0
/** The request as the app checks it, written from the real history file in a fixed zone, and read back strictly. */
async function exportCsv(request: ExportCsvRequest, delimiter: ',' | ';', timeZone = 'America/Sao_Paulo'): ReturnType<typeof readCsv> {
  const parsed = parseExportRequest(request, NOW)
  if (!parsed.ok) throw new Error(parsed.error)
  const out = join(dir, `export-${String(files++)}.csv`)
  await writeExportFile(store.db, { ...parsed.job, csv: { ...parsed.job.csv, timeZone } }, out)
  return readCsv(out, delimiter)
}

/** A header without the zone a time column adds: "Hora (UTC)" -> "Hora". */
function withoutZone(header: string): string {
  return header.replace(/ \((UTC|local, UTC|[A-Za-z_]+\/[A-Za-z_/]+)\)$/, '')
}

describe('the CSV header catalogue', () => {
  it('has exactly the languages of the page catalogue, English first', () => {
    expect([...CSV_LANGUAGES]).toEqual([...LANGUAGES])
  })

  it('has every language, non-empty and single-line, for every header and for "local"', () => {
    const problems: string[] = []
    for (const [english, translated] of Object.entries({ ...CSV_HEADERS, local: LOCAL_WORD })) {
      for (const language of CSV_LANGUAGES.filter((l) => l !== 'en')) {
        const text = translated[language]
        if (typeof text !== 'string' || text.trim() === '' || /[\r\n",;]/.test(text)) problems.push(`${english} / ${language}`)
      }
    }
    expect(problems).toEqual([])
  })

  it.each(KINDS)('knows every English header of the %s export', async (kind) => {
    const { header } = await exportCsv({ kind, locale: 'en-US', delimiter: ',', from: new Date(T0).toISOString() }, ',')
    expect(header.length).toBeGreaterThan(2)
    expect(header.map(withoutZone).filter((name) => !Object.hasOwn(CSV_HEADERS, name))).toEqual([])
  })

  it('reads a locale as the page does: exact tag, then base language, else English', () => {
    expect(csvLanguage('pt-BR')).toBe('pt-BR')
    expect(csvLanguage('pt-PT')).toBe('pt-BR')
    expect(csvLanguage('fr-CA')).toBe('fr')
    expect(csvLanguage('de_AT')).toBe('de')
    expect(csvLanguage('ja-JP')).toBe('ja')
    expect(csvLanguage('nl-NL')).toBe('en')
    expect(csvLanguage(undefined)).toBe('en')
    expect(translateHeader('Machine', 'ja')).toBe('マシン')
    expect(translateHeader('A header nobody declared', 'de')).toBe('A header nobody declared')
  })
})

describe('a localized export', () => {
  it('in pt-BR has Portuguese headers byte for byte, a semicolon and decimal comma, and reads back strictly', async () => {
    const csv = await exportCsv({ kind: 'licenses', locale: 'pt-BR', headerLanguage: 'locale' }, ';')
    expect(csv.hasBom).toBe(true)
    expect(csv.header.slice(0, 4)).toEqual(['Hora (UTC)', 'Hora (America/Sao_Paulo)', 'Máquina', 'Servidor'])
    expect(csv.header).toContain('Usuário')
    expect(csv.header).toContain('Endereço IP')
    // Non-ASCII survives as UTF-8, byte for byte.
    expect(csv.bytes.includes(Buffer.from('Usuário', 'utf8'))).toBe(true)
    expect(csv.rows.length).toBe(2)
    expect(csv.rows.every((row) => row.length === csv.header.length)).toBe(true)
    expect(csv.rows.map((row) => row[csv.header.indexOf('Usuário')]).sort()).toEqual(["'=cmd|x", 'João'])
  })

  it('in every language has unique headers for every kind, and names "local, UTC" in that language', async () => {
    for (const language of CSV_LANGUAGES) {
      for (const kind of KINDS) {
        const { header } = await exportCsv({ kind, locale: language, delimiter: ',', headerLanguage: 'locale' }, ',', 'UTC')
        expect(new Set(header).size, `${language} ${kind}: ${header.join(' | ')}`).toBe(header.length)
        if (kind === 'usage') {
          const local = language === 'en' ? 'local' : LOCAL_WORD[language]
          expect(header[1], language).toBe(`${translateHeader('Time', language)} (${local}, UTC)`)
        }
      }
    }
  })

  it('keeps today’s exact English header line by default and with headerLanguage "english", whatever the locale', async () => {
    // The local-time headers hold a comma, so RFC 4180 quotes them.
    const today =
      'Time (UTC),"Time (local, UTC)",Machine,Product id,Product,Used,Limit,Remaining,Utilization %,Status,Stale,Stale since (UTC),"Stale since (local, UTC)"'
    for (const request of [
      { kind: 'usage', locale: 'pt-BR', delimiter: ',' },
      { kind: 'usage', locale: 'pt-BR', delimiter: ',', headerLanguage: 'english' },
      { kind: 'usage', locale: 'ja-JP', delimiter: ',', headerLanguage: 'english' },
    ] satisfies ExportCsvRequest[]) {
      const { text } = await exportCsv(request, ',', 'UTC')
      expect(text.split('\r\n')[0], JSON.stringify(request)).toBe(today)
    }
  })
})

describe('the headerLanguage option', () => {
  it('is refused with a sentence naming the field and its two values when it is anything else', () => {
    const parsed = parseExportRequest({ kind: 'usage', headerLanguage: 'pt-BR' }, NOW)
    expect(parsed).toEqual({
      ok: false,
      error:
        'The export\'s "headerLanguage" must be "english" (column names scripts read) or "locale" (in the locale\'s language), not "pt-BR".',
    })
  })

  it('travels in the served download’s query and back', () => {
    const request: ExportCsvRequest = { kind: 'history', locale: 'de-DE', headerLanguage: 'locale' }
    const query = exportQuery(request)
    expect(query).toContain('headerLanguage=locale')
    const parsed = parseExportQuery(new URLSearchParams(query), NOW)
    expect(parsed.ok && parsed.job.csv.headerLanguage).toBe('locale')
  })
})

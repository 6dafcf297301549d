// The served report page speaks the page's language, over a real socket and
// a real history: the locale the page sends, else the language saved in
// appearance.json (a real file), else the browser's Accept-Language, else English.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAppearance, type AppearanceService } from '../../main/core/appearance/appearance-file.ts'
import { openHistoryStore, type HistoryStore } from '../../main/core/history/store.ts'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'
import { browserLocale } from '../../main/serve/report-route.ts'
import { startServeServer, type ServeServer } from '../../main/serve/server.ts'
import { snapshot } from '../core/history/snapshots.ts'
import { get } from './http-client.ts'

const TOKEN = 'report-language-token'
const MORNING = new Date(2026, 10, 27, 9).getTime()
const NOW = new Date(2026, 10, 29, 12).getTime()
let dir: string
let store: HistoryStore
let monitor: Monitor
let appearance: AppearanceService
let server: ServeServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lm-report-language-'))
  store = openHistoryStore(join(dir, 'data'))
  // Three licenses of a pool of 5 for an hour: a peak of 3, plus the default margin of 3, is 6: one more.
  for (let minute = 0; minute < 60; minute++) {
    const licenses = Array.from({ length: 3 }, (_, k) => ({ server: 'A', token: k + 1 }))
    store.record(snapshot([{ name: 'A', machine: 'srv-01' }], licenses, 5), MORNING + minute * 60_000)
  }
  appearance = openAppearance(join(dir, 'data'))
  monitor = createMonitor({ servers: [], demo: false })
  server = await startServeServer({
    monitor,
    port: 0,
    token: TOKEN,
    staticDir: dir,
    history: { db: store.db, now: () => NOW, language: () => appearance.view().language },
  })
})
afterAll(async () => {
  await server.close()
  await monitor.stop()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function reportPage(query: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await get(`${server.url}/api/capacity-report?month=2026-11${query}`, {
    headers: { authorization: `Bearer ${TOKEN}`, ...headers },
  })
  expect(response.status).toBe(200)
  return response.body
}

describe('the served report’s language', () => {
  it('is the locale the page sends, numbers included', async () => {
    const page = await reportPage('&locale=pt-BR')
    expect(page).toContain('<html lang="pt-BR">')
    expect(page).toContain('Recomendação')
    expect(page).toContain('Em novembro de 2026, o pool de 5 nunca passou de 3')
    expect(page).toContain('3 (maior pico diário) + 3 (margem) = 6; 6 − 5 = 1')
  })

  it('without a locale: the browser’s Accept-Language while no language is saved, English without either', async () => {
    appearance.setLanguage('system')
    const french = await reportPage('', { 'accept-language': 'nl;q=0.2, fr-CA, fr;q=0.9' })
    expect(french).toContain('<html lang="fr">')
    expect(french).toContain('Recommandation')
    expect(french).toContain('En novembre 2026, le pool de 5')
    const english = await reportPage('')
    expect(english).toContain('<html lang="en">')
    expect(english).toContain('In November 2026 the pool of 5 never went above 3')
  })

  it('without a locale: the language saved in appearance.json wins over the browser’s', async () => {
    appearance.setLanguage('de')
    try {
      const german = await reportPage('', { 'accept-language': 'fr' })
      expect(german).toContain('<html lang="de">')
      expect(german).toContain('Empfehlung')
      // The page's own locale still wins: the page says what it shows.
      const japanese = await reportPage('&locale=ja')
      expect(japanese).toContain('<html lang="ja">')
      expect(japanese).toContain('推奨')
    } finally {
      appearance.setLanguage('system')
    }
  })

  it('reads Accept-Language by weight, skipping what is not a language tag', () => {
    expect(browserLocale('pt-BR,pt;q=0.9,en;q=0.8')).toBe('pt-BR')
    expect(browserLocale('en;q=0.1, ja-JP')).toBe('ja-JP')
    expect(browserLocale('not a tag!, de;q=0.5')).toBe('de')
    expect(browserLocale('*')).toBe('en')
    expect(browserLocale('fr;q=0')).toBe('en')
    expect(browserLocale(undefined)).toBe('en')
  })
})

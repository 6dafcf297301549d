// One run per language in Chromium (served mode): the browser's language alone
// (navigator.languages, as a 4D admin's desktop sets it) chooses the page's
// language; the tabs read in it, <html lang> follows, and a real alert (the
// simulator's pool of 5 down to 1 left) arrives as a notice said in it, from the
// message id and numbers main/core sent. Each language gets its own simulator
// and served monitor, so each sees its alert fire.
import { expect, test } from '@playwright/test'
import { copyFileSync } from 'node:fs'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { clientPool, jsonServers, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

interface Expected {
  locale: string
  lang: string
  tabs: [string, string, string, string, string]
  title: (machine: string) => string
  line: (machine: string) => string
}

const LANGUAGES: Expected[] = [
  {
    locale: 'en-US',
    lang: 'en',
    tabs: ['Licenses', 'Alerts', 'History', 'Capacity', 'Servers'],
    title: (m) => `Critical: 4D Client on ${m}`,
    line: (m) => `4D Client on ${m}: 1 of 5 left (80%)`,
  },
  {
    locale: 'pt-BR',
    lang: 'pt-BR',
    tabs: ['Licenças', 'Alertas', 'Histórico', 'Capacidade', 'Servidores'],
    title: (m) => `Crítico: 4D Client em ${m}`,
    line: (m) => `4D Client em ${m}: 1 licença restante de 5 (80%)`,
  },
  {
    locale: 'fr-FR',
    lang: 'fr',
    tabs: ['Licences', 'Alertes', 'Historique', 'Capacité', 'Serveurs'],
    title: (m) => `Critique : 4D Client sur ${m}`,
    line: (m) => `4D Client sur ${m} : 1 licence restante sur 5 (80\u00a0%)`,
  },
  {
    locale: 'es-ES',
    lang: 'es',
    tabs: ['Licencias', 'Alertas', 'Historial', 'Capacidad', 'Servidores'],
    title: (m) => `Crítico: 4D Client en ${m}`,
    line: (m) => `4D Client en ${m}: queda 1 licencia de 5 (80\u00a0%)`,
  },
  {
    locale: 'de-DE',
    lang: 'de',
    tabs: ['Lizenzen', 'Warnungen', 'Verlauf', 'Kapazität', 'Server'],
    title: (m) => `Kritisch: 4D Client auf ${m}`,
    line: (m) => `4D Client auf ${m}: 1 von 5 Lizenzen frei (80\u00a0%)`,
  },
  {
    locale: 'ja-JP',
    lang: 'ja',
    tabs: ['ライセンス', 'アラート', '履歴', 'キャパシティ', 'サーバー'],
    title: (m) => `危険: ${m} の 4D Client`,
    line: (m) => `${m} の 4D Client: 残り 1 / 5 ライセンス (80%)`,
  },
]

for (const expected of LANGUAGES) {
  test.describe(`in ${expected.locale}`, () => {
    test.use({ locale: expected.locale })

    // Its own pair for each language; the page opens in the browser's locale, console errors fail the test.
    const served = useServed({ simulator: clientPool({ allowed: 5, seed: 5 }), servers: jsonServers() })

    test(`tabs, <html lang> and an alert notice in ${expected.locale}`, async ({ page }) => {
      const sim = served.sim
      const server = sim.servers()[0]!
      const tabs = ['licenses', 'alerts', 'history', 'capacity', 'servers']
      for (const [index, key] of tabs.entries()) await expect(page.getByTestId(`tab-${key}`)).toHaveText(expected.tabs[index]!)
      await expect(page.locator('html')).toHaveAttribute('lang', expected.lang)
      await expect(page.getByTestId('product-row')).toHaveCount(1, { timeout: 10_000 })

      for (let i = 0; i < 4; i++) expect(sim.retain(server.id, CLIENT_PRODUCT_ID)).not.toBeNull()
      const notice = page.getByTestId('notice').first()
      await expect(notice.locator('.notice-title')).toHaveText(expected.title(server.machine), { timeout: 15_000 })
      await expect(notice.locator('.notice-line').first()).toContainText(expected.line(server.machine))
      const row = page.getByTestId('product-row').first()
      await row.getByTestId('expand-button').click()
      await expect(page.getByTestId('license-row')).toHaveCount(4)
      await page.screenshot({ path: `${SHOTS}/table-${expected.locale}.png` })
      // The README's copy (the table in Brazilian Portuguese) is refreshed only on request: npm run screenshots.
      if (process.env.UPDATE_SCREENSHOTS && expected.lang === 'pt-BR')
        copyFileSync(`${SHOTS}/table-pt-BR.png`, 'docs/screenshots/table-pt-BR.png')
      if (expected.lang === 'pt-BR') {
        // The README's picture: the same table in Brazilian Portuguese on a dark desktop.
        await page.emulateMedia({ colorScheme: 'dark' })
        await expect.poll(() => page.evaluate('getComputedStyle(document.body).backgroundColor')).not.toBe('rgb(255, 255, 255)')
        await page.screenshot({ path: `${SHOTS}/table-pt-BR-dark.png` })
        if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/table-pt-BR-dark.png`, 'docs/screenshots/table-pt-BR-dark.png')
      }
    })
  })
}

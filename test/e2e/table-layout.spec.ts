/// <reference lib="dom" />
// (DOM types: the evaluate callbacks below run in the browser.)
// The live table's utilization figure stays on one line ("66,6 %" wrapped
// onto two at 1280 px), in every language and the pseudo-locale, at 1280 and
// at 800 px, and the page does not scroll sideways for it. The simulator's
// seed 7 holds 2 of 3 "4D Web Server" licenses: 66.6 %, the widest figure.
import { expect, test, type Page } from '@playwright/test'
import { LANGUAGES, PSEUDO_LOCALE } from '../../renderer/src/i18n/catalogue.ts'
import { oneServerPerShape, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

useServed({ simulator: { servers: 3, machines: 2, seed: 7 }, servers: oneServerPerShape })

/** Each utilization figure's text and how many lines it takes (one client rect per line of its text). */
async function figureLines(page: Page): Promise<{ text: string; lines: number }[]> {
  return page.getByTestId('utilization').evaluateAll((figures) =>
    figures.map((figure) => {
      const range = figure.ownerDocument.createRange()
      range.selectNodeContents(figure)
      return { text: figure.textContent.trim(), lines: range.getClientRects().length }
    }),
  )
}

async function chooseLanguage(page: Page, language: string): Promise<void> {
  // The pseudo-locale is a tester's pick, kept in the page only; the backend's saved choice goes back to Automatic first.
  if (language === PSEUDO_LOCALE) {
    await page.getByTestId('language-select').selectOption('system')
    await page.evaluate((pseudo) => localStorage.setItem('licenseMonitor.language', pseudo), PSEUDO_LOCALE)
    await page.reload()
  } else await page.getByTestId('language-select').selectOption(language)
  await expect(page.locator('html')).toHaveAttribute('lang', language)
}

for (const width of [1280, 800]) {
  test(`the utilization figure keeps to one line in every language at ${String(width)} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 })
    await expect(page.getByTestId('utilization')).toHaveCount(6, { timeout: 15_000 })
    const problems: string[] = []
    for (const language of [...LANGUAGES, PSEUDO_LOCALE]) {
      await chooseLanguage(page, language)
      await expect(page.getByTestId('utilization')).toHaveCount(6, { timeout: 15_000 })
      const figures = await figureLines(page)
      // The widest figure is there, in this language's digits: the check is not passing on short ones only.
      expect(figures.some((figure) => /66[.,]6/.test(figure.text))).toBe(true)
      for (const figure of figures) if (figure.lines !== 1) problems.push(`${language}: "${figure.text}" on ${String(figure.lines)} lines`)
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth)
      if (scroll > width) problems.push(`${language}: the page scrolls sideways (${String(scroll)} > ${String(width)})`)
      if (language === 'pt-BR' || language === PSEUDO_LOCALE)
        await page.screenshot({ path: `${SHOTS}/table-${language}-${String(width)}.png` })
    }
    expect(problems).toEqual([])
  })
}

// The pseudo-locale (en-XA: accented English, every message 40 % longer, in
// [brackets]) stands in for the longest translations: every view, at 1024 px
// and at 800 px wide, must show its text without clipping or overflow. No
// element in the header, tabs, toolbar, banners or views may be wider inside
// than its box (scrollWidth > clientWidth), except the containers made to
// scroll; the page itself must not scroll sideways. Screenshots of each go to
// test-results/screenshots/pseudo-*.png for a person to look at.
import { expect, test, type Page } from '@playwright/test'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { jsonServers, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

const served = useServed({ simulator: { servers: 2, machines: 2, seed: 7 }, servers: jsonServers() })

/** Elements whose content is wider than their box, described for the failure message. */
async function overflowing(page: Page): Promise<string[]> {
  const areas = 'html, header, header *, nav *, .toolbar *, .banner, main, main *, .notice-stack *'
  return page.$$eval(areas, (elements) => {
    const problems: string[] = []
    for (const element of elements) {
      const view = element.ownerDocument.defaultView
      if (!view) continue
      if (element === element.ownerDocument.documentElement) {
        if (element.scrollWidth - element.clientWidth > 1)
          problems.push(`the page scrolls sideways: ${element.scrollWidth} > ${element.clientWidth}`)
        continue
      }
      const style = view.getComputedStyle(element)
      if (style.display === 'inline' || style.display === 'none' || element.clientWidth === 0) continue
      // Made to scroll (the table area): its content may be wider; it is reached by scrolling, not cut.
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue
      // Hidden on purpose, for screen readers only.
      if (element.classList.contains('visually-hidden')) continue
      // uPlot sizes its canvas itself and overflows its box by a few pixels in English too: a chart size, not text.
      if (element.classList.contains('history-chart-canvas')) continue
      if (element.scrollWidth - element.clientWidth > 1) {
        const name = [element.tagName.toLowerCase(), ...element.classList].join('.')
        problems.push(`${name} "${element.textContent.trim().slice(0, 60)}": ${element.scrollWidth} > ${element.clientWidth}`)
      }
    }
    return problems
  })
}

async function usePseudoLocale(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.setItem('licenseMonitor.language', 'en-XA'))
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA')
  await expect(page.getByTestId('tab-licenses')).toHaveText(/^\[Líçéñšéš ·+\]$/)
}

const VIEWS = ['licenses', 'alerts', 'history', 'capacity', 'servers'] as const

for (const width of [1024, 800]) {
  test(`every view in the pseudo-locale at ${width} px: no clipped or overflowing text`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 })
    await usePseudoLocale(page)
    await expect(page.getByTestId('product-row').first()).toBeVisible({ timeout: 15_000 })
    // A row open, so the license list's headings are measured too.
    const row = page.locator(`[data-testid="product-row"][data-product-id="${CLIENT_PRODUCT_ID}"]`).first()
    await row.getByTestId('expand-button').click()
    const problems: string[] = []
    for (const view of VIEWS) {
      await page.getByTestId(`tab-${view}`).click()
      await expect(page.getByTestId(`tab-${view}`)).toHaveAttribute('aria-selected', 'true')
      await page.waitForTimeout(300) // the view's first data (settings, history) arrives
      await page.screenshot({ path: `${SHOTS}/pseudo-${view}-${width}.png`, fullPage: true })
      problems.push(...(await overflowing(page)).map((problem) => `${view}: ${problem}`))
      if (view === 'history') problems.push(...(await historyExtras(page, `pseudo-history-export-${width}`)))
    }
    expect(problems).toEqual([])
  })
}

/**
 * What the History view shows only on request: its retention form (folded) and
 * the export dialog, measured and photographed open; the dialog is closed again.
 */
async function historyExtras(page: Page, shot: string): Promise<string[]> {
  await page.getByTestId('history-retention').locator('summary').click()
  await expect(page.getByTestId('retention-form')).toBeVisible()
  await page.getByTestId('export-button').click()
  await page.getByTestId('export-kind').selectOption('history')
  await expect(page.getByTestId('export-granularity')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true })
  const problems = (await overflowing(page)).map((problem) => `history, retention and export dialog open: ${problem}`)
  await page.getByTestId('export-cancel').click()
  await expect(page.getByTestId('export-dialog')).toHaveCount(0)
  return problems
}

test('the History view in Brazilian Portuguese at 800 px: its words, the chart, no clipped text', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 900 })
  await page.evaluate(() => localStorage.setItem('licenseMonitor.language', 'pt-BR'))
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR')
  await page.getByTestId('tab-history').click()
  const chart = page.getByTestId('history-chart')
  await expect(chart.locator('canvas')).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('range-picker').locator('option[value=hour]')).toHaveText('Última hora')
  await expect(page.locator('label[for=history-machine]')).toHaveText('Máquina')
  await expect(page.getByTestId('history-retention').locator('summary')).toHaveText('Retenção')
  // The chart's legend names its series in Portuguese (uPlot draws them from the catalogue).
  await expect(chart.locator('.u-legend')).toContainText('Máximo em uso')
  await expect(chart.locator('.u-legend')).toContainText('Limite')
  await page.screenshot({ path: `${SHOTS}/history-pt-BR-800.png`, fullPage: true })
  const problems = [...(await overflowing(page)), ...(await historyExtras(page, 'history-pt-BR-export-800'))]
  expect(problems).toEqual([])
})

test('the tray panel in the pseudo-locale at its 360 px: no clipped or overflowing text', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 440 })
  await usePseudoLocale(page)
  await page.goto(`${served.serve.openUrl}#/panel`)
  await expect(page.getByTestId('panel-row').first()).toBeVisible({ timeout: 15_000 })
  await page.screenshot({ path: `${SHOTS}/pseudo-panel-360.png`, fullPage: true })
  expect(await overflowing(page)).toEqual([])
})

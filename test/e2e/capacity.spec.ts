// The Capacity view end to end in Debian's Chromium: `npm run serve` on a data
// folder whose history holds a generated month for one machine (per-hour
// rollups, then per-minute ones, with a missing day and idle sessions), while
// it also polls the simulator. The view must show the figures the history
// implies (computed here from the generated minutes), the chart and the lists.
import { expect, test } from '@playwright/test'
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { localDay } from '../../main/core/capacity/capacity.ts'
import { openHistory } from '../../main/core/history/db.ts'
import { generateMinutes, HOUR, MINUTE, writeHoldings, writePool } from '../core/capacity/generated-history.ts'
import { CALM, jsonServers, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

const DAY = 24 * HOUR
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE
const T0 = localDay(NOW) - 29 * DAY
const MINUTES_FROM = T0 + 20 * DAY
const pool = generateMinutes({ start: T0, end: NOW, gaps: [[T0 + 12 * DAY, T0 + 13 * DAY]], limitAt: () => 50, seed: 3, busy: 31 })

/** A data folder whose history holds the generated month. */
function recordMonth(): string {
  const data = mkdtempSync(join(tmpdir(), 'lm-e2e-capacity-'))
  const history = openHistory(data)
  writePool(
    history.db,
    { machine: 'srv-fin-01', productId: 808464441, productName: '4D Client', minutes: pool },
    { hourDone: MINUTES_FROM, minuteFrom: MINUTES_FROM, minuteDone: NOW },
  )
  writeHoldings(history.db, 'srv-fin-01', 808464441, [
    { token: 1, user: 'maria', client: 'PC-FIN-07', sessionType: 'remote', state: 'sleeping', start: T0 + 2 * DAY, end: T0 + 4 * DAY },
    {
      token: 2,
      user: 'joao',
      client: 'PC-FIN-02',
      sessionType: 'remote',
      state: 'active',
      start: T0 + 3 * DAY,
      end: T0 + 3 * DAY + 8 * HOUR,
    },
    { token: 3, user: 'api', client: null, sessionType: 'rest', state: 'postponed', start: T0 + 5 * DAY, end: T0 + 5 * DAY + 20 * HOUR },
  ])
  history.close()
  return data
}

useServed({ simulator: { servers: 1, machines: 1, seed: 5 }, servers: jsonServers(CALM), data: recordMonth })

test('the Capacity view shows the month: recommendation, daily peaks against the limit, coverage with the gap, idle holders', async ({
  page,
}) => {
  const peak = Math.max(...pool.map((m) => m.used))
  await page.getByTestId('tab-capacity').click()
  const view = page.getByTestId('capacity-view')
  await expect(view.getByTestId('capacity-pair')).toBeVisible()
  await view.getByTestId('capacity-pair').selectOption({ label: 'srv-fin-01 · 4D Client' })
  await expect(view.getByTestId('capacity-max')).toHaveText(String(peak))
  await expect(view.getByTestId('capacity-recommendation')).toContainText(`Over the last 30 days the pool of 50 never went above ${peak}`)
  await expect(view.getByTestId('capacity-recommendation')).toContainText(`you could hold ${peak + 3} and keep a 3-license margin`)
  // 29 whole days and today's part, less the missing day.
  await expect(view.getByTestId('capacity-chart')).toHaveAttribute('data-days', '29')
  await expect(view.getByTestId('capacity-chart').locator('canvas')).toHaveCount(1)
  await expect(view.getByTestId('capacity-coverage')).toContainText('longest 24 h from')
  await expect(view.getByTestId('capacity-idle')).toContainText('maria')
  await expect(view.getByTestId('capacity-idle')).toContainText('48.0')
  await expect(view.getByTestId('capacity-users')).toContainText('joao')
  await page.screenshot({ path: `${SHOTS}/capacity.png`, fullPage: true })
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/capacity.png`, 'docs/screenshots/capacity.png')

  // The figures sit in the view's frame, in line with the toolbars' content (they touched the window's left edge),
  // at 1280 px and, the chart following the window, at 800 px.
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 800 })
    const inset = (await view.locator('label[for=capacity-pair]').boundingBox())!.x
    expect(inset).toBeGreaterThanOrEqual(12)
    for (const part of ['capacity-recommendation', 'capacity-chart', 'capacity-figures', 'capacity-idle', 'capacity-users']) {
      const box = (await view.getByTestId(part).boundingBox())!
      expect(box.x, `${part} at ${String(width)} px`).toBeGreaterThanOrEqual(inset)
      expect(box.x + box.width, `${part} at ${String(width)} px`).toBeLessThanOrEqual(width - inset)
    }
    for (const part of ['capacity-recommendation', 'capacity-chart', 'capacity-figures'])
      expect((await view.getByTestId(part).boundingBox())!.x, `${part} at ${String(width)} px`).toBe(inset)
    const frame = (await view.getByTestId('capacity-chart').boundingBox())!
    await expect
      .poll(async () => (await view.getByTestId('capacity-chart').locator('canvas').boundingBox())!.width)
      .toBeLessThan(frame.width)
    await page.screenshot({ path: `${SHOTS}/capacity-${String(width)}.png`, fullPage: true })
  }
})

test('the Capacity view downloads its daily peaks as CSV: one row per day with data, the peaks the history implies', async ({ page }) => {
  await page.getByTestId('tab-capacity').click()
  const view = page.getByTestId('capacity-view')
  await expect(view.getByTestId('capacity-pair')).toBeVisible()
  await view.getByTestId('capacity-export-kind').selectOption('capacity-days')
  const [download] = await Promise.all([page.waitForEvent('download'), view.getByTestId('capacity-export').click()])
  expect(download.suggestedFilename()).toMatch(/^capacity-daily-peaks-\d{4}-\d{2}-\d{2}\.csv$/)
  const text = readFileSync(await download.path(), 'utf8')
  const rows = text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(/[;,]/))
    .filter((cells) => cells[0] === 'srv-fin-01')
  // The last 30 days: every day of the pool but the missing one (the simulator's machine has its own rows).
  const peaks = new Map<number, number>()
  for (const m of pool) if (m.at >= localDay(NOW) - 29 * DAY) peaks.set(localDay(m.at), Math.max(peaks.get(localDay(m.at)) ?? 0, m.used))
  expect(rows).toHaveLength(peaks.size)
  expect(rows.map((cells) => Number(cells[4]))).toEqual([...peaks.values()])
  await expect(view.getByTestId('capacity-export-done')).toContainText('capacity-daily-peaks-')
})

test('the monthly report: the served link opens the report page of the chosen month, with the peak the history implies', async ({
  page,
}) => {
  const month = new Date(NOW)
  const monthText = `${String(month.getFullYear())}-${String(month.getMonth() + 1).padStart(2, '0')}`
  const monthStart = new Date(month.getFullYear(), month.getMonth(), 1).getTime()
  const peak = Math.max(...pool.filter((m) => m.at >= monthStart).map((m) => m.used))
  const words = new Date(monthStart).toLocaleString('en', { month: 'long', year: 'numeric' })
  await page.getByTestId('tab-capacity').click()
  const view = page.getByTestId('capacity-view')
  await view.getByTestId('capacity-report-month').fill(monthText)
  const [report] = await Promise.all([page.waitForEvent('popup'), view.getByTestId('capacity-report-make').click()])
  await report.waitForLoadState()
  expect(new URL(report.url()).pathname).toBe('/api/capacity-report')
  expect(new URL(report.url()).searchParams.get('month')).toBe(monthText)
  await expect(report.locator('body')).toContainText(`In ${words} the pool of 50 never went above ${peak}`)
  await expect(report.locator('body')).toContainText('srv-fin-01')
  // The link stays on the page, should a pop-up blocker have stopped the new tab.
  await expect(view.getByTestId('capacity-report-link')).toHaveAttribute('href', new RegExp(`month=${monthText}`))
  await report.close()
})

test.describe('in Brazilian Portuguese', () => {
  test.use({ locale: 'pt-BR' })

  test('the monthly report opens in the page’s language: Portuguese headings and recommendation, the same peak', async ({ page }) => {
    const month = new Date(NOW)
    const monthText = `${String(month.getFullYear())}-${String(month.getMonth() + 1).padStart(2, '0')}`
    const monthStart = new Date(month.getFullYear(), month.getMonth(), 1).getTime()
    const peak = Math.max(...pool.filter((m) => m.at >= monthStart).map((m) => m.used))
    const words = new Date(monthStart).toLocaleString('pt-BR', { month: 'long', year: 'numeric' })
    await page.getByTestId('tab-capacity').click()
    const view = page.getByTestId('capacity-view')
    await view.getByTestId('capacity-report-month').fill(monthText)
    const [report] = await Promise.all([page.waitForEvent('popup'), view.getByTestId('capacity-report-make').click()])
    await report.waitForLoadState()
    expect(new URL(report.url()).searchParams.get('locale')).toBe('pt-BR')
    await expect(report.locator('html')).toHaveAttribute('lang', 'pt-BR')
    await expect(report.locator('h2').first()).toHaveText('Recomendação')
    await expect(report.locator('body')).toContainText(`Em ${words}, o pool de 50 nunca passou de ${String(peak)}`)
    await expect(report.locator('body')).toContainText('Principais detentores ociosos')
    await expect(report.locator('body')).not.toContainText('Recommendation')
    await report.close()
  })
})

test('the settings form: a margin of 5 saved from the view changes the recommendation; a bad pattern is named and not saved', async ({
  page,
}) => {
  const peak = Math.max(...pool.map((m) => m.used))
  await page.getByTestId('tab-capacity').click()
  const view = page.getByTestId('capacity-view')
  await view.getByTestId('capacity-pair').selectOption({ label: 'srv-fin-01 · 4D Client' })
  await expect(view.getByTestId('capacity-recommendation')).toContainText(`you could hold ${peak + 3} and keep a 3-license margin`)
  await view.getByTestId('capacity-settings-panel').locator('summary').click()
  const form = view.getByTestId('capacity-settings')
  await form.getByTestId('capacity-group-add').click()
  await form.getByTestId('capacity-group-name').fill('Finance')
  await form.getByTestId('capacity-group-patterns').fill('maria, jo[ao]')
  await expect(form).toContainText('Group 1: the pattern "jo[ao]" may use * and ? but not [ or ].')
  await expect(form.getByTestId('capacity-settings-save')).toBeDisabled()
  await form.getByTestId('capacity-group-patterns').fill('maria, jo?o')
  await form.getByTestId('capacity-margin').fill('5')
  await form.getByTestId('capacity-settings-save').click()
  await expect(form.getByTestId('capacity-settings-saved')).toBeVisible()
  await expect(view.getByTestId('capacity-recommendation')).toContainText(`you could hold ${peak + 5} and keep a 5-license margin`)
  // Kept across a reload: it is the data folder's capacity-config.json.
  await page.reload()
  await page.getByTestId('tab-capacity').click()
  await view.getByTestId('capacity-pair').selectOption({ label: 'srv-fin-01 · 4D Client' })
  await expect(view.getByTestId('capacity-recommendation')).toContainText(`keep a 5-license margin`)
  await view.getByTestId('capacity-settings-panel').locator('summary').click()
  await expect(form.getByTestId('capacity-group-name')).toHaveValue('Finance')
  await expect(form.getByTestId('capacity-group-patterns')).toHaveValue('maria, jo?o')
})

// History and exports end to end in Debian's Chromium: the simulator plays
// three 4D Servers in this process, `npm run serve`'s CLI polls them and
// records its history in a temp --data folder; the History view must draw the
// recorded usage and the export must download what the table shows.
import { expect, test, type Page } from '@playwright/test'
import { copyFileSync, readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { jsonServers, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

const CLIENT = 808464441 // "4D Client"

// Console errors (CSP violations included) fail the test.
const served = useServed({ simulator: { servers: 3, machines: 2, seed: 11 }, servers: jsonServers() })

/** A contract call over the served mode's HTTP transport, as the test (Bearer token). */
async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  const response = await fetch(`${served.serve.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.serve.token}`, 'content-type': 'application/json', origin: served.serve.origin },
    body: JSON.stringify(args),
  })
  const result = (await response.json()) as { ok: true; data: T } | { ok: false; error: string }
  if (!result.ok) throw new Error(result.error)
  return result.data
}

async function lastRecordAt(): Promise<number> {
  return (await call<{ lastRecordAt: number | null }>('getHistoryInfo')).lastRecordAt ?? 0
}

/** Resolves once the history holds a poll recorded after `time`. */
async function recordedAfter(time: number): Promise<void> {
  await expect.poll(lastRecordAt, { timeout: 15_000, intervals: [200] }).toBeGreaterThan(time)
}

test.beforeAll(async () => {
  const sim = served.sim
  // Clients arrive and leave between recorded polls, so the chart has steps and a peak.
  const a = sim.servers()[0]!
  const arrived: number[] = []
  for (let i = 0; i < 4; i++) {
    await recordedAfter(await lastRecordAt())
    const held = sim.retain(a.id, CLIENT, 'remote')
    if (held) arrived.push(held.token)
  }
  for (const token of arrived.slice(0, 2)) {
    await recordedAfter(await lastRecordAt())
    sim.release(a.id, token)
  }
  await recordedAfter(await lastRecordAt())
})

test('the history chart renders the recorded polls, marks peaks, and shows who held licenses at a clicked moment', async ({ page }) => {
  await page.getByTestId('tab-history').click()
  const chart = page.getByTestId('history-chart')
  await expect(chart.locator('canvas')).toBeVisible({ timeout: 15_000 })
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThanOrEqual(5)
  await expect(page.getByTestId('range-picker')).toHaveValue('hour')
  await expect(page.getByTestId('history-peak').first()).toContainText(/^Peak \d+ of \d+ at /)

  // The machine of server a, 4D Client: the default pick is the first machine, so choose explicitly.
  const a = served.sim.servers()[0]!
  await page.getByTestId('history-machine').selectOption(a.machine)
  await page.getByTestId('history-product').selectOption(String(CLIENT))
  await expect(chart.locator('canvas')).toBeVisible()

  const plot = chart.locator('.u-over')
  const box = (await plot.boundingBox())!
  await plot.click({ position: { x: box.width - 4, y: box.height / 2 } })
  await expect(page.getByTestId('history-holders')).toBeVisible()
  const truthUsed = served.sim
    .truth()
    .machines.find((m) => m.machine === a.machine)!
    .products.find((p) => p.productId === CLIENT)!.used
  await expect(page.getByTestId('holder-row')).toHaveCount(truthUsed, { timeout: 10_000 })

  // Custom ranges are checked before they are asked for.
  await page.getByTestId('range-picker').selectOption('custom')
  await page.getByTestId('range-from').fill('2026-11-28T10:00')
  await page.getByTestId('range-to').fill('2026-11-28T09:00')
  await page.getByTestId('range-to').dispatchEvent('change')
  await expect(page.getByTestId('range-problem')).toHaveText('The start must be before the end.')
  await page.getByTestId('range-picker').selectOption('hour')

  await plot.click({ position: { x: box.width - 4, y: box.height / 2 } })
  await expect(page.getByTestId('holder-row').first()).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/history.png`, fullPage: true })
  // The README's copy is refreshed only on request (npm run screenshots), so a test run leaves tracked files alone.
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/history.png`, 'docs/screenshots/history.png')
})

/** What the table shows: machine -> productId -> [used, limit]. */
async function tableNumbers(page: Page): Promise<Record<string, Record<string, string[]>>> {
  return page.$$eval('[data-testid="product-row"]', (rows) => {
    const out: Record<string, Record<string, string[]>> = {}
    for (const row of rows) {
      const cell = (id: string) => row.querySelector(`[data-testid="${id}"]`)?.textContent.trim() ?? ''
      const machine = row.getAttribute('data-machine') ?? '?'
      const byProduct = out[machine] ?? {}
      byProduct[row.getAttribute('data-product-id') ?? '?'] = [cell('used'), cell('limit')]
      out[machine] = byProduct
    }
    return out
  })
}

function truthNumbers(): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {}
  for (const m of served.sim.truth().machines) {
    out[m.machine] = {}
    for (const p of m.products) out[m.machine]![String(p.productId)] = [String(p.used), String(p.allowed)]
  }
  return out
}

/** The usage export in pt-BR as the dialog downloads it, parsed strictly; `english` ticks "English column names (for scripts)". */
async function exportUsage(page: Page, english: boolean): Promise<{ header: string[]; rows: string[][] }> {
  await page.getByTestId('export-button').click()
  await page.getByTestId('export-kind').selectOption('usage')
  await page.getByTestId('export-locale').fill('pt-BR')
  await page.getByTestId('export-english-headers').setChecked(english)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-submit').click()])
  expect(download.suggestedFilename()).toMatch(/^license-usage-\d{4}-\d{2}-\d{2}\.csv$/)
  await expect(page.getByTestId('export-done')).toContainText('license-usage-')
  await page.getByTestId('export-cancel').click()
  const text = readFileSync(await download.path(), 'utf8')
  expect(text.charCodeAt(0), 'UTF-8 byte order mark').toBe(0xfeff)
  // pt-BR writes decimals with a comma, so the delimiter is ';'.
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', newline: '\r\n', skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  const [header, ...rows] = parsed.data
  return { header: header!, rows }
}

test('the usage export downloads a CSV whose used and limit match the table, headed in Portuguese or, for scripts, English', async ({
  page,
}) => {
  await expect.poll(() => tableNumbers(page), { timeout: 15_000 }).toEqual(truthNumbers())
  await recordedAfter(Date.now())
  const shown = await tableNumbers(page)

  // The locale's language by default: Portuguese column names, UTF-8 byte for byte.
  const { header, rows } = await exportUsage(page, false)
  const column = (name: string) => header.indexOf(name)
  expect(header.slice(2, 6)).toEqual(['Máquina', 'Id do produto', 'Produto', 'Em uso'])
  const exported: Record<string, Record<string, string[]>> = {}
  for (const row of rows) {
    expect(row).toHaveLength(header.length)
    const machine = row[column('Máquina')]!
    exported[machine] ??= {}
    exported[machine][row[column('Id do produto')]!] = [row[column('Em uso')]!, row[column('Limite')]!]
  }
  expect(exported).toEqual(shown)

  // The checkbox keeps the English names scripts read, the same columns in the same order.
  const english = await exportUsage(page, true)
  expect(english.header.slice(2, 7)).toEqual(['Machine', 'Product id', 'Product', 'Used', 'Limit'])
  expect(english.header).toHaveLength(header.length)
})

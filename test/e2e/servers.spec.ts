// End to end in Chromium: the served monitor starts with no server (the
// demo), the admin adds one pointing at a simulator in this process through
// the Servers view, tests the connection, saves, and the table shows it. A
// bad URL is refused inline and nothing is written.
import { expect, test } from '@playwright/test'
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

// No `servers`: the monitor starts on the demo and keeps its list in its data folder; the
// simulator is the server the admin adds. Console errors (CSP violations included) fail the test.
const served = useServed({ simulator: { servers: 1, machines: 1, seed: 11 } })

test('a bad URL shows an inline message and saves nothing', async ({ page }) => {
  const file = join(served.serve.data, 'servers.json')
  const before = existsSync(file) ? readFileSync(file, 'utf8') : null
  await page.getByTestId('tab-servers').click()
  await page.getByTestId('add-server').click()
  const form = page.getByTestId('server-form')
  await form.getByTestId('field-name').fill('Broken')
  await form.getByTestId('field-url').fill('ftp://nowhere')
  await expect(form.getByTestId('field-error-url')).toHaveText('URL: must be an http or https URL')
  await expect(form.getByTestId('field-url')).toHaveAttribute('aria-invalid', 'true')
  const describedBy = await form.getByTestId('field-url').getAttribute('aria-describedby')
  expect(await form.getByTestId('field-error-url').getAttribute('id')).toBe(describedBy)
  await expect(form.getByTestId('save-server')).toBeDisabled()
  await form.getByTestId('field-url').press('Enter') // submitting the form by keyboard must not save either
  await page.waitForTimeout(300)
  expect(existsSync(file) ? readFileSync(file, 'utf8') : null).toBe(before)
  await expect(page.getByTestId('server-entry')).toHaveCount(0)
  await form.getByTestId('cancel-server').click()
})

test('add a server, test the connection, save, and see it in the table', async ({ page }) => {
  const server = served.sim.servers()[0]!
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 15_000 })
  await page.getByTestId('tab-servers').click()
  await page.getByTestId('add-server').click()
  const form = page.getByTestId('server-form')
  await form.getByTestId('field-name').fill('Simulated Sales')
  await form.getByTestId('field-url').fill(server.jsonUrl)
  await form.getByTestId('field-intervalMs').fill('1000')
  await form.getByTestId('field-timeoutMs').fill('900')
  await form.getByTestId('field-kind').selectOption('prometheus-4d-exporter')
  await expect(form.getByTestId('kind-hint')).toContainText('counts only')
  await form.getByTestId('field-kind').selectOption('http-json')
  await form.getByTestId('field-authType').selectOption('bearer')
  await expect(form.getByTestId('field-secretEnv')).toBeVisible()
  await expect(form.getByTestId('field-secret')).toHaveCount(0) // the served page never takes a secret value
  await form.getByTestId('field-authType').selectOption('none')
  await expect(form.getByTestId('save-server')).toBeEnabled()

  await form.getByTestId('test-connection').click()
  const result = form.getByTestId('test-result')
  const truth = served.sim.truth().servers[0]!
  await expect(result.getByTestId('test-summary')).toContainText(`${truth.records.length} license`, { timeout: 15_000 })
  await expect(result.getByTestId('test-product').first()).toBeVisible()
  const products = await result.getByTestId('test-product').count()
  expect(products).toBeGreaterThan(0)
  // The view scrolls inside the window: a taller window and the view at its top show the list and the whole form.
  await page.setViewportSize({ width: 1280, height: 1250 })
  await page.locator('.servers-view').evaluate((view) => view.scrollTo(0, 0))
  await page.screenshot({ path: `${SHOTS}/servers.png` })
  // The README's copy is refreshed only on request (npm run screenshots), so a test run leaves tracked files alone.
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/servers.png`, 'docs/screenshots/servers.png')

  await form.getByTestId('save-server').click()
  await expect(form).toHaveCount(0)
  await expect(page.getByTestId('server-entry')).toHaveCount(1)
  const saved = JSON.parse(readFileSync(join(served.serve.data, 'servers.json'), 'utf8')) as { servers: { name: string; url: string }[] }
  expect(saved.servers).toEqual([expect.objectContaining({ name: 'Simulated Sales', url: server.jsonUrl })])

  await page.getByTestId('tab-licenses').click()
  await expect(page.getByTestId('demo-banner')).toHaveCount(0, { timeout: 15_000 })
  await expect(page.getByTestId('server-chip')).toHaveCount(1, { timeout: 15_000 })
  await expect(page.getByTestId('server-chip').first()).toContainText('Simulated Sales')
  await expect(page.getByTestId('product-row').first()).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('machine-group')).toHaveCount(1)
})

// End to end in Chromium (served mode): the simulator's 4D Client pool of 5
// fills up; the page shows the alert as an in-page notice and in the Alerts
// view; a snoozed alert keeps being evaluated (it escalates) without another
// notice; the transitions list what happened.
import { expect, test, type Page } from '@playwright/test'
import { copyFileSync } from 'node:fs'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { clientPool, jsonServers, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

// Console errors (CSP violations included) fail the test.
const served = useServed({ simulator: clientPool({ allowed: 5, seed: 11 }), servers: jsonServers() })

function retain(count: number): void {
  const server = served.sim.servers()[0]!.id
  for (let i = 0; i < count; i++) expect(served.sim.retain(server, CLIENT_PRODUCT_ID), `retain ${i + 1}`).not.toBeNull()
}

async function dismissNotices(page: Page): Promise<void> {
  while ((await page.getByTestId('notice-dismiss').count()) > 0) await page.getByTestId('notice-dismiss').first().click()
}

test('an alert near exhaustion shows as a notice and in the Alerts view; snoozed, it escalates without a notice; the transitions list it', async ({
  page,
}) => {
  const machine = served.sim.servers()[0]!.machine
  await page.getByTestId('tab-alerts').click()
  await expect(page.getByTestId('no-active-alerts')).toBeVisible()

  // No pending time for warnings, so the test needs no 30 s wait; saved through the settings form.
  await page.getByTestId('field-warningForSeconds').fill('0')
  await expect(page.getByTestId('save-settings')).toBeEnabled()
  await page.getByTestId('save-settings').click()
  await expect(page.getByTestId('field-warningForSeconds')).toHaveValue('0')

  retain(3) // 3 of 5: 60%, fine
  await expect(page.getByTestId('preview-row')).toHaveAttribute('data-level', 'ok', { timeout: 10_000 })
  retain(1) // 4 of 5: 80% and 1 left: critical
  const notice = page.getByTestId('notice').first()
  await expect(notice).toContainText(`Critical: 4D Client on ${machine}`, { timeout: 10_000 })
  await expect(notice).toContainText(`4D Client on ${machine}: 1 of 5 left (80%)`)
  const alert = page.getByTestId('active-alert')
  await expect(alert).toHaveAttribute('data-level', 'critical')

  await alert.getByTestId('snooze-1h').click()
  await expect(alert.getByTestId('snoozed-until')).not.toHaveText('—')
  await dismissNotices(page)

  retain(1) // 5 of 5: exhausted, while snoozed
  await expect(alert).toHaveAttribute('data-level', 'exhausted', { timeout: 10_000 })
  await expect(page.getByTestId('transition-change').first()).toHaveText('critical → exhausted')
  // The preview follows the data too.
  await expect(page.getByTestId('preview-row')).toHaveAttribute('data-level', 'exhausted')
  // Muted, not stopped: a few more polls (500 ms apart) bring no notice.
  await page.waitForTimeout(2_000)
  await expect(page.getByTestId('notice')).toHaveCount(0)

  const changes = await page.getByTestId('transition-change').allTextContents()
  expect(changes).toEqual(['critical → exhausted', 'ok → critical'])
  await page.getByRole('heading', { name: 'Active alerts' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/alerts.png`, fullPage: true })
  // The README's copy is refreshed only on request (npm run screenshots), so a test run leaves tracked files alone.
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/alerts.png`, 'docs/screenshots/alerts.png')
})

// The compact tray panel (#/panel) in Chromium at its Electron size, 360 x
// 440, against the served mode: two servers on two machines, one pool nearly
// full. It shows the worst row first, each server's state, and the alert,
// which it snoozes; it is reachable by keyboard; "Open the full window"
// leaves the panel.
import { expect, test } from '@playwright/test'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { clientPool, jsonServers, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

test.use({ viewport: { width: 360, height: 440 } })

const served = useServed({ simulator: clientPool({ allowed: 5, seed: 7, servers: 2, machines: 2 }), servers: jsonServers() })

test('the panel shows the worst rows and each server, snoozes an alert, and opens the full window', async ({ page }) => {
  const { sim, serve } = served
  const [tight, roomy] = sim.servers()
  for (let i = 0; i < 5; i++) expect(sim.retain(tight!.id, CLIENT_PRODUCT_ID)).not.toBeNull()
  expect(sim.retain(roomy!.id, CLIENT_PRODUCT_ID)).not.toBeNull()
  await page.goto(`${serve.openUrl}#/panel`)
  const panel = page.getByTestId('tray-panel')
  await expect(panel).toBeVisible()
  // No tabs or header of the full app: the panel stands alone.
  await expect(page.getByTestId('tab-licenses')).toHaveCount(0)

  const rows = page.getByTestId('panel-row')
  await expect(rows).toHaveCount(2, { timeout: 10_000 })
  await expect(rows.first()).toHaveAttribute('data-status', 'exhausted', { timeout: 10_000 })
  await expect(rows.first()).toContainText(tight!.machine)
  await expect(rows.first()).toContainText('0 left')
  await expect(rows.nth(1)).toContainText(roomy!.machine)
  await expect(page.getByTestId('panel-server')).toHaveCount(2)
  await expect(page.getByTestId('panel-server').first()).toHaveAttribute('data-status', 'up')

  const alert = page.getByTestId('panel-alert').first()
  await expect(alert).toContainText(tight!.machine, { timeout: 15_000 })
  // Everything fits the 360 x 440 window: no sideways scrolling.
  expect(await panel.evaluate((element) => element.ownerDocument.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  await page.screenshot({ path: `${SHOTS}/tray-panel.png` })

  // Keyboard: Tab reaches the snooze button, Enter snoozes.
  const snooze = alert.getByTestId('panel-snooze-1h')
  for (let i = 0; i < 12 && !(await snooze.evaluate((element) => element.matches(':focus'))); i++) await page.keyboard.press('Tab')
  await expect(snooze).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(alert.getByTestId('panel-snoozed')).toBeVisible()
  await expect(alert.getByTestId('panel-unsnooze')).toBeVisible()

  await page.getByTestId('panel-open-full').click()
  await expect(page.getByTestId('tab-licenses')).toBeVisible()
  await expect(panel).toHaveCount(0)
})

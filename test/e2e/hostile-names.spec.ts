// Issue 12, end to end in Chromium (served mode): a hostile 4D Server sends
// 10 KB user, machine and product names and a right-to-left override in a
// user name. The table must keep its layout: no view scrolls sideways, and
// the Used/Limit columns stay inside the window.
import { expect, test, type Page } from '@playwright/test'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { openServedPageEachTest, SHOTS } from './page-errors.ts'
import { startServe, writeConfig, type ServeProcess } from './serve-process.ts'

const LONG = (label: string) => `${label}-${'W'.repeat(10_240)}`
const RLO_USER = 'maria\u202eexe.fdp'

let hostile: Server
let serve: ServeProcess

test.beforeAll(async () => {
  const payload = {
    server: { name: 'Hostile', machine: LONG('machine') },
    licenseInfo: { products: [{ id: 808464441, name: LONG('product'), usedCount: 2, allowedCount: 10 }] },
    usage: [
      { productId: 808464441, productName: LONG('product'), token: 1, session: { type: 'remote', userName: LONG('user') } },
      { productId: 808464441, productName: LONG('product'), token: 2, session: { type: 'remote', userName: RLO_USER } },
    ],
  }
  hostile = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(payload))
  })
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/license-usage`
  serve = await startServe(['--config', writeConfig([{ name: 'Hostile', url, kind: 'http-json', intervalMs: 1000, timeoutMs: 900 }])])
})

test.afterAll(async () => {
  await (serve as ServeProcess | undefined)?.stop()
  await new Promise((resolve) => (hostile as Server | undefined)?.close(resolve) ?? resolve(null))
})

openServedPageEachTest(() => serve)

async function expectNoSidewaysScroll(page: Page, view: string): Promise<void> {
  // Through an element, as tray-panel.spec does: the test's TypeScript has no DOM globals.
  const scroll = await page.locator('body').evaluate((body) => body.ownerDocument.documentElement.scrollWidth)
  expect(scroll, `${view} scrolls sideways`).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0)
}

test('10 KB names and an RTL override keep the table inside the window', async ({ page }) => {
  const row = page.getByTestId('product-row').first()
  await expect(row).toBeVisible({ timeout: 15_000 })
  await expectNoSidewaysScroll(page, 'the live table')
  // Used and Limit stay on screen: the row's right edge is inside the window.
  const box = await row.boundingBox()
  expect(box && box.x + box.width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0)
  await row.getByTestId('expand-button').click()
  await expect(page.getByTestId('license-row')).toHaveCount(2)
  await expectNoSidewaysScroll(page, 'the expanded row')
  await page.screenshot({ path: `${SHOTS}/hostile-names.png` })
  await page.getByTestId('tab-alerts').click()
  await expectNoSidewaysScroll(page, 'the Alerts view')
})

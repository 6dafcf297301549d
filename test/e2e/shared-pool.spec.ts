// End to end in Chromium (issue 18): two simulated 4D Servers share one pool of
// 10 (4 + 5 held) and answer bare `License usage` arrays; the admin listed them
// under two machine labels. The table rates both rows by the pool (9 of 10,
// critical, with the sentence), the Servers view offers to put them on one
// machine with a preview, and one click leaves one row at 9 of 10.
import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { useServed } from './fixtures/served.ts'

const served = useServed({
  simulator: {
    servers: 2,
    machines: 1,
    initialClients: 0,
    products: [{ productId: CLIENT_PRODUCT_ID, productName: '4D Client', allowed: 10 }],
  },
  beforeServe: (sim) => {
    for (const server of ['s1', 's2', 's1', 's2', 's1', 's2', 's1', 's2', 's2']) sim.retain(server, CLIENT_PRODUCT_ID, 'remote')
  },
  servers: (sim) => {
    const [a, b] = sim.servers()
    return [
      { name: 'Accounting', url: a!.arrayUrl, kind: 'http-json', machine: 'srv-a' },
      { name: 'Sales', url: b!.arrayUrl, kind: 'http-json', machine: 'srv-b' },
    ]
  },
})

const rowOf = (page: import('@playwright/test').Page, machine: string) =>
  page.locator(`[data-testid="product-row"][data-machine="${machine}"][data-product-id="${CLIENT_PRODUCT_ID}"]`)

test('a pool split over two labels reads critical, is offered as one machine, and merges in one click', async ({ page }) => {
  for (const machine of ['srv-a', 'srv-b']) {
    const row = rowOf(page, machine)
    await expect(row.getByTestId('used')).toHaveText('9', { timeout: 15_000 })
    await expect(row.getByTestId('status')).toContainText('Critical')
    await expect(row.getByTestId('pool-note')).toContainText('Shares one pool with')
  }
  await expect(rowOf(page, 'srv-a').getByTestId('pool-held-here')).toHaveText("4 held on this machine's servers.")

  await page.getByTestId('tab-servers').click()
  const offer = page.getByTestId('shared-offer')
  await expect(offer).toContainText('Accounting, Sales are listed as different machines')
  await expect(offer.getByTestId('merge-preview')).toContainText('4D Client 9 used, 1 of 10 left')
  await offer.getByTestId('merge-machines').click()
  await expect(page.getByTestId('shared-offer')).toHaveCount(0, { timeout: 15_000 })
  const saved = JSON.parse(readFileSync(served.config, 'utf8')) as { servers: { machine?: string }[] }
  expect(saved.servers.map((server) => server.machine)).toEqual(['srv-a', 'srv-a'])

  await page.getByTestId('tab-licenses').click()
  await expect(rowOf(page, 'srv-b')).toHaveCount(0, { timeout: 15_000 })
  await expect(rowOf(page, 'srv-a').getByTestId('used')).toHaveText('9')
  await expect(rowOf(page, 'srv-a').getByTestId('pool-note')).toHaveCount(0)
})

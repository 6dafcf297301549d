// Issue 20, item 4, end to end (served mode, Chromium): the simulator's pool
// of 5 fills up and drains; the status column shows the level the numbers
// meet, and an alert held by hysteresis shows as "recovering" with a tooltip
// that says at what remaining count it clears.
import { expect, test } from '@playwright/test'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { clientPool, jsonServers, useServed } from './fixtures/served.ts'

const served = useServed({ simulator: clientPool({ allowed: 5, seed: 5 }), servers: jsonServers() })

test('the status column follows the numbers; a held alert reads "recovering" with its clear point', async ({ page }) => {
  const sim = served.sim
  const server = sim.servers()[0]!.id
  const tokens: number[] = []
  // The first snapshot first: transitions already there when the page opened are not announced.
  await expect(page.getByTestId('product-row').getByTestId('remaining')).toHaveText('5', { timeout: 10_000 })
  for (let i = 0; i < 5; i++) tokens.push(sim.retain(server, CLIENT_PRODUCT_ID)!.token)
  const row = page.locator(`[data-testid="product-row"][data-product-id="${String(CLIENT_PRODUCT_ID)}"]`)
  // The badge alone: the "recovering" marker beside it names the held level on purpose.
  const status = row.getByTestId('status').locator('.badge')
  const recovering = row.getByTestId('recovering')
  await expect(row.getByTestId('remaining')).toHaveText('0', { timeout: 10_000 })
  await expect(status).toHaveText('Exhausted')
  await expect(recovering).toHaveCount(0)
  // Announced at once (assertive live region), not at the next pause.
  await expect(page.getByTestId('announce-assertive')).toContainText('Exhausted: 4D Client on')

  // 4 of 5, 1 left: the numbers meet critical; the exhausted alert holds until 2 are left.
  sim.release(server, tokens.pop()!)
  await expect(row.getByTestId('remaining')).toHaveText('1', { timeout: 10_000 })
  await expect(status).toHaveText('Critical')
  await expect(recovering).toHaveAttribute('data-level', 'exhausted')
  await expect(recovering).toHaveAttribute('title', 'Exhausted alert still held (hysteresis): it clears at 2 licenses left or more.')

  // 3 of 5, 2 left (60 %): the numbers meet no level; the critical alert holds until 3 are left.
  sim.release(server, tokens.pop()!)
  await expect(row.getByTestId('remaining')).toHaveText('2', { timeout: 10_000 })
  await expect(status).toHaveText('OK')
  await expect(recovering).toHaveAttribute('data-level', 'critical')
  await expect(recovering).toHaveAttribute('title', /clears at 3 licenses left/)

  // 2 of 5: every alert has cleared, nothing is held.
  sim.release(server, tokens.pop()!)
  await expect(row.getByTestId('remaining')).toHaveText('3', { timeout: 10_000 })
  await expect(recovering).toHaveCount(0)
  await expect(status).toHaveText('OK')
  await expect(page.getByTestId('announce-polite')).toContainText('back to normal')
})

// End to end in Debian's Chromium: pushes leave license lists out, yet typing
// a user name in the filter must show the collapsed rows where that user holds
// a license (the page asks findMatchingRows), and a name nobody holds shows none.
import { expect, test, type Page } from '@playwright/test'
import type { SimTruth } from '../../main/simulator/api.ts'
import { oneServerPerShape, useServed } from './fixtures/served.ts'

const served = useServed({ simulator: { servers: 3, machines: 2, seed: 7 }, servers: oneServerPerShape })

/** "machine productId" of every row the table shows. */
async function shownRows(page: Page): Promise<string[]> {
  const rows = await page
    .getByTestId('product-row')
    .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-machine') ?? '?'} ${el.getAttribute('data-product-id') ?? '?'}`))
  return rows.sort()
}

/** A user name that only license lists hold (no machine, server or product name contains it), and the rows it holds. */
function userOnlyInLists(truth: SimTruth): { user: string; rows: string[] } {
  const names = [
    ...truth.machines.flatMap((m) => [m.machine, ...m.products.map((p) => p.productName)]),
    ...truth.servers.map((s) => s.name),
  ].map((name) => name.toLowerCase())
  for (const server of truth.servers) {
    for (const record of server.records) {
      const user = record.session?.userName?.toLowerCase()
      if (!user || user.length < 3 || names.some((name) => name.includes(user))) continue
      const rows = new Set<string>()
      for (const s of truth.servers)
        for (const r of s.records) if (r.session?.userName?.toLowerCase().includes(user)) rows.add(`${s.machine} ${String(r.productId)}`)
      return { user, rows: [...rows].sort() }
    }
  }
  throw new Error('the simulator holds no user name that only a license list carries')
}

test('a user name finds the collapsed rows it holds; a name nobody holds finds none', async ({ page }) => {
  const truth = served.sim.truth()
  const { user, rows } = userOnlyInLists(truth)
  const allRows = truth.machines.flatMap((m) => m.products.map((p) => `${m.machine} ${String(p.productId)}`)).sort()
  await expect.poll(() => shownRows(page), { timeout: 15_000 }).toEqual(allRows)
  // Every row collapsed: the page holds no license list at all.
  await expect(page.getByTestId('license-row')).toHaveCount(0)
  expect(rows.length).toBeLessThan(allRows.length)

  await page.getByTestId('filter-input').fill(user.toUpperCase())
  await expect.poll(() => shownRows(page), { timeout: 5_000 }).toEqual(rows)
  await expect(page.getByTestId('license-row')).toHaveCount(0)

  await page.getByTestId('filter-input').fill('nobody-holds-this')
  await expect.poll(() => shownRows(page), { timeout: 5_000 }).toEqual([])
  await expect(page.getByTestId('product-row')).toHaveCount(0)
})

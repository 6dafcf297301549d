// End to end in Debian's Chromium: the simulator plays three 4D Servers on two
// machines over real sockets, `npm run serve`'s CLI polls them in its own
// process, and the page must show exactly what the simulator holds.
import { expect, test, type Page } from '@playwright/test'
import { copyFileSync } from 'node:fs'
import type { SimTruth } from '../../main/simulator/api.ts'
import { oneServerPerShape, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

const CLIENT = 808464441 // "4D Client", product code "0009"

// One server per endpoint shape; short intervals so updates show within a second. Console errors (CSP violations included) fail the test.
const served = useServed({ simulator: { servers: 3, machines: 2, seed: 7 }, servers: oneServerPerShape })

/** What the table shows: machine -> productId -> [used, limit, remaining]. */
async function tableNumbers(page: Page): Promise<Record<string, Record<string, string[]>>> {
  return page.$$eval('[data-testid="product-row"]', (rows) => {
    const out: Record<string, Record<string, string[]>> = {}
    for (const row of rows) {
      const cell = (id: string) => row.querySelector(`[data-testid="${id}"]`)?.textContent.trim() ?? ''
      const machine = row.getAttribute('data-machine') ?? '?'
      const byProduct = out[machine] ?? {}
      byProduct[row.getAttribute('data-product-id') ?? '?'] = [cell('used'), cell('limit'), cell('remaining')]
      out[machine] = byProduct
    }
    return out
  })
}

function expectedNumbers(truth: SimTruth): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {}
  for (const m of truth.machines) {
    out[m.machine] = {}
    for (const p of m.products) out[m.machine]![String(p.productId)] = [String(p.used), String(p.allowed), String(p.allowed - p.used)]
  }
  return out
}

test('the table shows exactly the simulator ground truth', async ({ page }) => {
  await expect.poll(() => tableNumbers(page), { timeout: 15_000 }).toEqual(expectedNumbers(served.sim.truth()))
  await expect(page.getByTestId('machine-group')).toHaveCount(2)
  await expect(page.getByTestId('demo-banner')).toHaveCount(0) // configured servers, not the demo
  for (const chip of await page.getByTestId('server-chip').all()) await expect(chip.getByTestId('server-status')).toContainText('Up')

  // Expanding a row lists exactly the licenses the machine's servers hold.
  const truth = served.sim.truth()
  const machine = truth.machines[0]!.machine
  const row = page.locator(`[data-testid="product-row"][data-machine="${machine}"][data-product-id="${CLIENT}"]`)
  await row.getByTestId('expand-button').click()
  const tokens = truth.servers
    .filter((s) => s.machine === machine)
    .flatMap((s) => s.records.filter((r) => r.productId === CLIENT).map((r) => String(r.token)))
  // The list arrives after the click (the page asks for an expanded row's list: small pushes, issue 11).
  const shown = () => page.getByTestId('license-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-token')).sort())
  await expect.poll(shown, { timeout: 10_000 }).toEqual(tokens.sort())
  await page.screenshot({ path: `${SHOTS}/table-expanded.png`, fullPage: true })
})

test('the table follows clients arriving and leaving, keeping an expanded row open', async ({ page }) => {
  // Every list request and its answer: after the first, the page asks with the version it holds (issue 11 item 3).
  const calls: Promise<{ args: unknown[]; answer: { ok: boolean; data?: object } }>[] = []
  page.on('response', (response) => {
    if (!response.url().endsWith('/api/call/getLicenseList')) return
    const args = JSON.parse(response.request().postData() ?? '[]') as unknown[]
    calls.push(response.json().then((answer: { ok: boolean; data?: object }) => ({ args, answer })))
  })
  await expect.poll(() => tableNumbers(page), { timeout: 15_000 }).toEqual(expectedNumbers(served.sim.truth()))
  const [a, b] = served.sim.servers()
  const row = page.locator(`[data-testid="product-row"][data-machine="${a!.machine}"][data-product-id="${CLIENT}"]`)
  await row.getByTestId('expand-button').click()
  await expect(row.getByTestId('expand-button')).toHaveAttribute('aria-expanded', 'true')

  // The expanded row's licenses as the simulator holds them, and as the page shows them: "server token".
  const held = () =>
    served.sim
      .truth()
      .servers.filter((s) => s.machine === a!.machine)
      .flatMap((s) => s.records.filter((r) => r.productId === CLIENT).map((r) => `${s.name} ${String(r.token)}`))
      .sort()
  const shown = () =>
    page
      .getByTestId('license-row')
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-server')} ${r.getAttribute('data-token')}`).sort())
  await expect.poll(shown, { timeout: 10_000 }).toEqual(held())

  const added = served.sim.retain(a!.id, CLIENT, 'remote')
  expect(added).not.toBeNull()
  const leaving = served.sim.truth().servers.find((s) => s.id === b!.id)!.records[0]!
  expect(served.sim.release(b!.id, leaving.token)).toBe(true)

  await expect.poll(() => tableNumbers(page), { timeout: 15_000 }).toEqual(expectedNumbers(served.sim.truth()))
  await expect(page.locator(`[data-testid="license-row"][data-token="${added!.token}"]`)).toHaveCount(1)
  await expect(row.getByTestId('expand-button')).toHaveAttribute('aria-expanded', 'true')
  await expect.poll(shown, { timeout: 10_000 }).toEqual(held())

  // More clients come to the expanded row's machine and leave it: the list, patched each time, stays the truth.
  for (let round = 0; round < 3; round++) {
    expect(served.sim.retain(a!.id, CLIENT, 'remote')).not.toBeNull()
    const machineServers = served.sim.truth().servers.filter((s) => s.machine === a!.machine)
    const server = machineServers.find((s) => s.records.some((r) => r.productId === CLIENT && r.token !== added!.token))!
    const gone = server.records.find((r) => r.productId === CLIENT && r.token !== added!.token)!
    expect(served.sim.release(server.id, gone.token)).toBe(true)
    await expect.poll(shown, { timeout: 15_000 }).toEqual(held())
  }
  const answered = await Promise.all(calls)
  // The first request had no version; later ones named the version held and got only the changes.
  expect(answered[0]?.args).toHaveLength(2)
  const patched = answered.filter(
    ({ args, answer }) => args.length === 3 && answer.ok && answer.data !== undefined && 'removed' in answer.data,
  )
  expect(patched.length).toBeGreaterThanOrEqual(3)
  expect(answered.filter(({ answer }) => !answer.ok)).toEqual([])
})

test('a server taken down shows its error while the others keep updating', async ({ page }) => {
  await expect.poll(() => tableNumbers(page), { timeout: 15_000 }).toEqual(expectedNumbers(served.sim.truth()))
  const [a, , c] = served.sim.servers()
  served.sim.setFault(c!.id, 'down')
  await served.sim.settled()
  try {
    const chip = page.locator(`[data-testid="server-chip"][data-server-id="${serverId(c!.name)}"]`)
    await expect(chip.getByTestId('server-status')).toContainText('Down', { timeout: 15_000 })
    await expect(chip.getByTestId('server-error')).toContainText('connection refused')

    // Another server's new client still shows up while c is down.
    const before = served.sim
      .truth()
      .machines.find((m) => m.machine === a!.machine)!
      .products.find((p) => p.productId === CLIENT)!.used
    expect(served.sim.retain(a!.id, CLIENT, 'remote')).not.toBeNull()
    const cell = page.locator(`[data-testid="product-row"][data-machine="${a!.machine}"][data-product-id="${CLIENT}"] [data-testid="used"]`)
    await expect(cell).toHaveText(String(before + 1), { timeout: 15_000 })
    await expect(chip.getByTestId('server-status')).toContainText('Down')
    await page.screenshot({ path: `${SHOTS}/server-down.png`, fullPage: true })
    // The README's copy is refreshed only on request (npm run screenshots), so a test run leaves tracked files alone.
    if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/server-down.png`, 'docs/screenshots/table.png')
  } finally {
    served.sim.setFault(c!.id, 'none')
    await served.sim.settled()
  }
})

test('the page has no Node or Electron globals, and only the contract reaches the backend', async ({ page }) => {
  const globals = await page.evaluate(() => ({
    require: typeof (globalThis as Record<string, unknown>).require,
    process: typeof (globalThis as Record<string, unknown>).process,
    ipcRenderer: typeof (globalThis as Record<string, unknown>).ipcRenderer,
    module: typeof (globalThis as Record<string, unknown>).module,
    Buffer: typeof (globalThis as Record<string, unknown>).Buffer,
    // In the served mode the preload's global is absent; the page uses the HTTP transport of the same contract.
    licenseMonitor: typeof (globalThis as Record<string, unknown>).licenseMonitor,
  }))
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    ipcRenderer: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    licenseMonitor: 'undefined',
  })
})

test('the snapshot API needs the token and answers with the documented fields', async ({ request }) => {
  const refused = await request.get(`${served.serve.origin}/api/snapshot`)
  expect(refused.status()).toBe(401)
  const res = await request.get(`${served.serve.origin}/api/snapshot`, { headers: { Authorization: `Bearer ${served.serve.token}` } })
  expect(res.status()).toBe(200)
  const body = await res.json()
  expect(body.servers.map((s: { status: string }) => s.status).sort()).toEqual(['up', 'up', 'up'])
  const product = body.machines[0].products[0]
  for (const key of ['productId', 'productName', 'used', 'limit', 'remaining', 'utilization', 'licenses'])
    expect(product).toHaveProperty(key)
})

/** config.ts derives ids from names (slug). */
function serverId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

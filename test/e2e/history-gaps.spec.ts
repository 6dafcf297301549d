// The History view over a server outage and a monitor stop, in Debian's
// Chromium: a history recorded beforehand (the recorder, a fake clock ending
// a few minutes ago) holds 10 minutes of stale polls and 10 minutes with no
// record; `npm run serve` then records live polls of the simulator into the
// same file. The chart must leave both stretches empty and name them.
import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openHistory } from '../../main/core/history/db.ts'
import { createRecorder } from '../../main/core/history/recorder.ts'
import type { Snapshot } from '../../main/core/types/index.ts'
import { snapshot } from '../core/history/snapshots.ts'
import { CALM, jsonServers, useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

const CLIENT = 808464441 // "4D Client"
const MINUTE = 60_000

/** Minutes before now: answered 50..35, server down 35..25, answered 25..20, not recording 20..10, answered 10..5 (then the live polls). */
function recordPast(data: string, server: { name: string; machine: string }, now: number): void {
  const history = openHistory(data)
  const recorder = createRecorder(history.db)
  for (let at = now - 50 * MINUTE; at < now - 5 * MINUTE; at += 5_000) {
    const ago = (now - at) / MINUTE
    if (ago <= 20 && ago > 10) continue
    const down = ago <= 35 && ago > 25
    // Never 0: a product nobody holds leaves the snapshot, and its series would have no sample at all.
    const used = 3 + Math.round(2 * Math.sin(ago / 3)) + (ago > 35 ? 2 : 0)
    const licenses = Array.from({ length: used }, (_, i) => ({ server: server.name, token: 9000 + i, productId: CLIENT }))
    const past: Snapshot = snapshot([{ ...server, status: down ? 'down' : 'up' }], licenses, 10)
    for (const machine of past.machines) for (const p of machine.products) if (p.productId === CLIENT) p.productName = '4D Client'
    recorder.record(past, at)
  }
  history.close()
}

const served = useServed({
  simulator: { servers: 1, machines: 1, seed: 5 },
  servers: jsonServers(CALM),
  data: (sim) => {
    const server = sim.servers()[0]!
    const data = mkdtempSync(join(tmpdir(), 'lm-e2e-gaps-'))
    recordPast(data, { name: server.name, machine: server.machine }, Date.now())
    return data
  },
})

test('the history chart leaves an outage and a monitor stop empty, shades and names them', async ({ page }) => {
  const server = served.sim.servers()[0]!
  await page.getByTestId('tab-history').click()
  await page.getByTestId('history-machine').selectOption(server.machine)
  await page.getByTestId('history-product').selectOption(String(CLIENT))
  const chart = page.getByTestId('history-chart')
  await expect(chart.locator('canvas')).toBeVisible({ timeout: 15_000 })
  const gaps = page.getByTestId('history-gap')
  await expect(gaps.filter({ hasText: /^Server down / })).toHaveCount(1, { timeout: 15_000 })
  // The stop in the recorded past, and the minutes between that past and this run's first record.
  await expect(gaps.filter({ hasText: /^Monitor not recording / })).toHaveCount(2)
  await expect(page.locator('[data-testid="history-gap"][data-kind="server-down"]')).toHaveCount(1)
  await page.screenshot({ path: `${SHOTS}/history-gaps.png`, fullPage: true })
})

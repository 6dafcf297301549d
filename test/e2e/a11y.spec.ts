// Issue 20, item 3: axe-core on every view (the tabs the registry gives, and
// the tray panel's #/panel), in the light and the dark theme, with zero
// violations of any impact. Served mode with the demo simulator, so every
// status and both table kinds have rows.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { copyFileSync, mkdirSync } from 'node:fs'
import { useServed } from './fixtures/served.ts'
import { SHOTS } from './page-errors.ts'

const served = useServed({})

/** Every rule axe has for WCAG 2.0-2.2 A/AA plus its best practices (landmarks, regions): all must pass. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

/** In the dark theme, each view is also photographed (the README's copies are refreshed only by npm run screenshots). */
async function shoot(page: Page, scheme: string, view: string): Promise<void> {
  if (scheme !== 'dark') return
  const name = `dark-${view.replace(/[^a-z-]/g, '') || 'panel'}.png`
  await page.screenshot({ path: `${SHOTS}/${name}` })
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync('docs/screenshots/dark', { recursive: true })
    copyFileSync(`${SHOTS}/${name}`, `docs/screenshots/dark/${name.slice(5)}`)
  }
}

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze()
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ') + ' ' + (n.failureSummary ?? '')).join(' | ')}`,
  )
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no axe violation on any view, ${scheme} theme`, async ({ page }) => {
    test.setTimeout(300_000) // axe takes seconds per view on a loaded machine
    await page.emulateMedia({ colorScheme: scheme })
    await expect(page.getByTestId('product-row').first()).toBeVisible({ timeout: 15_000 })
    const tabs = await page.getByRole('tab').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid') ?? ''))
    expect(tabs.length).toBeGreaterThan(1)
    const found: Record<string, string[]> = {}
    for (const tab of tabs) {
      await page.getByTestId(tab).click()
      await expect(page.getByTestId(tab)).toHaveAttribute('aria-selected', 'true')
      await page.waitForTimeout(500)
      found[tab] = await violations(page)
      await shoot(page, scheme, tab.replace('tab-', ''))
    }
    // An expanded row shows the license list too.
    await page.getByTestId(tabs[0]!).click()
    await page.getByTestId('expand-button').first().click()
    await expect(page.getByTestId('licenses-panel')).toBeVisible()
    found['licenses-expanded'] = await violations(page)
    await shoot(page, scheme, 'licenses-expanded')
    await page.goto(`${served.serve.openUrl}#/panel`)
    await expect(page.getByTestId('panel-server').first()).toBeVisible({ timeout: 15_000 })
    found['#/panel'] = await violations(page)
    await shoot(page, scheme, 'panel')
    console.log(
      `axe ${scheme}: ${Object.entries(found)
        .map(([view, list]) => `${view}=${String(list.length)}`)
        .join(', ')}`,
    )
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((view) => [view, []])))
  })
}

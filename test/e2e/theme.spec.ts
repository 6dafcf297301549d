/// <reference lib="dom" />
// (DOM types: the page.evaluate and init-script callbacks below run in the browser.)
// Issue 20, item 2: the theme follows prefers-color-scheme, and the Settings
// view's choice (system, light, dark) pins it and survives a reload (saved by
// the monitor, not the page).
import { expect, test, type Page } from '@playwright/test'
import { useServed } from './fixtures/served.ts'

useServed({})

const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
const DARK = 'rgb(13, 17, 23)'
const LIGHT = 'rgb(246, 248, 250)'

test('follows the system scheme, a choice pins it and persists across a reload, "system" follows again', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => pageBackground(page)).toBe(DARK)
  await page.emulateMedia({ colorScheme: 'light' })
  await expect.poll(() => pageBackground(page)).toBe(LIGHT)

  await page.getByTestId('tab-settings').click()
  await expect(page.getByTestId('theme-system')).toBeChecked()
  await page.getByTestId('theme-dark').check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect.poll(() => pageBackground(page)).toBe(DARK)

  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect.poll(() => pageBackground(page)).toBe(DARK)
  await page.getByTestId('tab-settings').click()
  await expect(page.getByTestId('theme-dark')).toBeChecked()

  await page.getByTestId('theme-light').check()
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => pageBackground(page)).toBe(LIGHT)

  await page.getByTestId('theme-system').check()
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/)
  await expect.poll(() => pageBackground(page)).toBe(DARK)
})

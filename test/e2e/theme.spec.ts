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

test("the header's language menu wears the theme's field colours, not the browser's default select", async ({ page }) => {
  const select = page.getByTestId('language-select')
  const look = () =>
    select.evaluate((element) => {
      const style = getComputedStyle(element)
      return { background: style.backgroundColor, color: style.color, border: style.borderTopColor }
    })
  // --surface, --text and --border-strong of each theme (renderer/src/styles/app.css), as the servers form's fields use them.
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(look).toEqual({ background: 'rgb(21, 27, 35)', color: 'rgb(230, 237, 243)', border: 'rgb(101, 108, 118)' })
  await page.emulateMedia({ colorScheme: 'light' })
  await expect.poll(look).toEqual({ background: 'rgb(255, 255, 255)', color: 'rgb(27, 31, 36)', border: 'rgb(175, 184, 193)' })
})

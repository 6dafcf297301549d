/// <reference lib="dom" />
// (DOM types: the page.evaluate and init-script callbacks below run in the browser.)
// Issue 20, item 3: keyboard only. Tab reaches every control of each view in
// document order and leaves the page at the end (no trap); the view tabs move
// with the arrow keys; rows open and close with Enter and Space; the export
// dialog opens with Enter, closes with Escape and gives focus back.
import { expect, test, type Page } from '@playwright/test'
import { useServed } from './fixtures/served.ts'

useServed({})

/** Tabs from the top of the page until focus leaves it (or 400 steps): each focused control's id, in order. */
async function tabSequence(page: Page): Promise<{ order: number[]; left: boolean; count: number; unmarked: number[] }> {
  // Number every control Tab can reach (visible, enabled, not tabindex=-1) in document order.
  const count = await page.evaluate(() => {
    const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')]
    // Inside a closed <details> only its <summary> can take focus.
    const folded = (el: HTMLElement) => {
      const details = el.closest('details')
      return details !== null && !details.open && el.tagName !== 'SUMMARY'
    }
    const reachable = all.filter(
      (el) =>
        el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0 && !el.closest('[hidden]') && !folded(el),
    )
    // Radio groups take one stop (arrow keys move within them).
    const groups = new Map<string, string>()
    let n = 0
    for (const el of reachable) {
      const group = el instanceof HTMLInputElement && el.type === 'radio' ? el.name : null
      const known = group === null ? undefined : groups.get(group)
      if (known !== undefined) {
        el.dataset.kbd = known
        continue
      }
      el.dataset.kbd = String(n++)
      if (group !== null) groups.set(group, el.dataset.kbd)
    }
    return n
  })
  // Start from the top of the page: a click on the (unfocusable) title moves the browser's starting point there.
  await page.locator('h1').first().click()
  const order: number[] = []
  const unmarked: number[] = []
  let left = false
  for (let step = 0; step < 400; step++) {
    await page.keyboard.press('Tab')
    const at = await page.evaluate(() => {
      const el = document.activeElement
      if (!el || el === document.body) return null
      const own = (el as HTMLElement).dataset.kbd
      // A control that arrived after the count (a notice toast, a row the demo added: its alerts and
      // servers come when they come) is a control all the same, but not one of the counted ones: it is
      // set aside, still checked for a visible outline. Every counted control must still come, in order.
      const late = own === undefined
      // Visible focus: the :focus-visible outline is drawn (never 'none').
      return { id: own === undefined ? -1 : Number(own), late, outlined: getComputedStyle(el).outlineStyle !== 'none' }
    })
    if (at?.late) {
      if (!at.outlined) unmarked.push(at.id)
      continue
    }
    if (at === null) {
      left = true
      break
    }
    if (order.length > 0 && at.id === order[0]) {
      left = true // wrapped round to the first control: the browser left the page and came back
      break
    }
    // A date input takes one stop per field (day, month, year): one control all the same.
    if (order.at(-1) === at.id) continue
    order.push(at.id)
    if (!at.outlined) unmarked.push(at.id)
  }
  return { order, left, count, unmarked }
}

test('Tab reaches every control of every view in document order and leaves the page at the end', async ({ page }) => {
  test.setTimeout(240_000)
  await expect(page.getByTestId('product-row').first()).toBeVisible({ timeout: 15_000 })
  const tabs = await page.getByRole('tab').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid') ?? ''))
  for (const tab of tabs) {
    await page.getByTestId(tab).click()
    await page.waitForTimeout(300)
    const { order, left, count, unmarked } = await tabSequence(page)
    expect(left, `${tab}: focus stayed trapped`).toBe(true)
    expect(order, `${tab}: every control once, in document order`).toEqual(Array.from({ length: count }, (_, i) => i))
    expect(unmarked, `${tab}: controls focused without a visible outline`).toEqual([])
  }
})

test('arrow keys move between the view tabs; Enter and Space open and close a row; Escape closes the export dialog', async ({ page }) => {
  await expect(page.getByTestId('product-row').first()).toBeVisible({ timeout: 15_000 })
  await page.getByTestId('tab-licenses').focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('tab-alerts')).toBeFocused()
  await expect(page.getByTestId('tab-alerts')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowLeft')
  await expect(page.getByTestId('tab-licenses')).toHaveAttribute('aria-selected', 'true')

  const toggle = page.getByTestId('expand-button').first()
  await toggle.focus()
  await page.keyboard.press('Enter')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(page.getByTestId('licenses-panel')).toBeVisible()
  await page.keyboard.press('Space')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(page.getByTestId('licenses-panel')).toHaveCount(0)

  const exportButton = page.getByTestId('export-button')
  await exportButton.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('export-dialog')).toBeVisible()
  await expect(page.getByTestId('export-kind')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('export-dialog')).toHaveCount(0)
  await expect(exportButton).toBeFocused()
})

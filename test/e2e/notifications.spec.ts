/// <reference lib="dom" />
// (DOM types: the page.evaluate and init-script callbacks below run in the browser.)
// Issue 20, item 5: the served page shows alerts as browser notifications
// (Notification API) when the user allowed them, beside the in-page toasts,
// and never asks for permission on load. An init script wraps
// window.Notification to record each construction and each permission request.
import { expect, test, type Page } from '@playwright/test'
import { CLIENT_PRODUCT_ID } from '../../main/simulator/catalog.ts'
import { clientPool, jsonServers, useServed } from './fixtures/served.ts'

// A fresh pair per test (each test sees its own alert fire); each test opens the page itself, after its init script.
const served = useServed({ simulator: clientPool({ allowed: 5, seed: 13 }), servers: jsonServers() }, { per: 'test', openPage: false })

interface Recorded {
  made: { title: string; body: string | undefined }[]
  asked: number
}

/** Wraps the real Notification: constructions and permission requests are recorded, then passed on. */
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Real = window.Notification
    const log = { made: [] as { title: string; body: string | undefined }[], asked: 0 }
    ;(window as unknown as { __notifications: typeof log }).__notifications = log
    const Wrapped = function (this: unknown, title: string, options?: NotificationOptions) {
      log.made.push({ title, body: options?.body })
      return new Real(title, options)
    } as unknown as typeof Notification
    Object.defineProperty(Wrapped, 'permission', { get: () => Real.permission })
    Object.defineProperty(Wrapped, 'requestPermission', {
      value: (...args: Parameters<typeof Notification.requestPermission>) => {
        log.asked += 1
        return Real.requestPermission(...args)
      },
    })
    window.Notification = Wrapped
  })
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Recorded }).__notifications)

function fillToOneLeft(): void {
  const server = served.sim.servers()[0]!.id
  for (let i = 0; i < 4; i++) expect(served.sim.retain(server, CLIENT_PRODUCT_ID)).not.toBeNull()
}

test('permission granted: a critical alert shows as a browser notification and as a toast; nothing asked on load', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['notifications'], { origin: served.serve.origin })
  await recordNotifications(page)
  await page.goto(served.serve.openUrl)
  await expect(page.getByTestId('product-row')).toHaveCount(1, { timeout: 10_000 })
  await page.getByTestId('tab-settings').click()
  await expect(page.getByTestId('notification-permission')).toHaveAttribute('data-permission', 'granted')
  await expect(page.getByTestId('ask-notifications')).toHaveCount(0)

  fillToOneLeft() // 4 of 5, 1 left: critical at once
  const machine = served.sim.servers()[0]!.machine
  await expect(page.getByTestId('notice').first()).toContainText(`Critical: 4D Client on ${machine}`, { timeout: 10_000 })
  await expect
    .poll(async () => (await recorded(page)).made)
    .toEqual([{ title: `Critical: 4D Client on ${machine}`, body: `4D Client on ${machine}: 1 of 5 left (80%)` }])
  expect((await recorded(page)).asked).toBe(0)
})

test('permission denied: the button asks once, the page says it is blocked, and alerts show as toasts only', async ({ page }) => {
  await recordNotifications(page)
  await page.goto(served.serve.openUrl)
  await expect(page.getByTestId('product-row')).toHaveCount(1, { timeout: 10_000 })
  expect((await recorded(page)).asked).toBe(0) // never on load
  await page.getByTestId('tab-settings').click()
  await expect(page.getByTestId('notification-permission')).toHaveAttribute('data-permission', 'default')
  await page.getByTestId('ask-notifications').click()
  // Headless Chromium answers a request nobody granted with "denied".
  await expect(page.getByTestId('notification-permission')).toHaveAttribute('data-permission', 'denied')
  expect((await recorded(page)).asked).toBe(1)

  fillToOneLeft()
  const machine = served.sim.servers()[0]!.machine
  await expect(page.getByTestId('notice').first()).toContainText(`Critical: 4D Client on ${machine}`, { timeout: 10_000 })
  await page.waitForTimeout(1_000)
  expect((await recorded(page)).made).toEqual([])
})

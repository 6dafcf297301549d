// What every E2E spec does around each test: open the served page with its
// token, collect console errors and uncaught exceptions (CSP violations
// surface there), and fail the test if any appeared.
import { expect, test } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import type { ServeProcess } from './serve-process.ts'

export const SHOTS = 'test-results/screenshots'

/** Registers the hooks; `serve` is read at each test, after beforeAll started it. */
export function openServedPageEachTest(serve: () => ServeProcess): void {
  let errors: string[] = []
  test.beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true })
  })
  test.beforeEach(async ({ page }) => {
    errors = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(serve().openUrl)
  })
  test.afterEach(() => {
    expect(errors).toEqual([])
  })
}

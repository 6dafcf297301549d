import { defineConfig } from '@playwright/test'

// Renderer E2E in Debian's Chromium (no browser download on these machines).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  workers: 1,
  // A test that fails and then passes is reported as "flaky" by name in the summary, not hidden: the E2E specs drive a
  // real browser against a real served process on a 2-core runner, and one timing slip must not sink the whole CI.
  retries: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})

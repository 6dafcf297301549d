import { defineConfig } from 'vitest/config'

// The tests of the mutated core logic only (npm run test:mutation, stryker.config.json):
// Stryker runs them once to learn which test covers which mutant, then only those per mutant.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/core/usage/**/*.test.ts', 'test/core/alerts/**/*.test.ts', 'test/core/poll/machine-rounds.test.ts'],
    testTimeout: 20_000,
  },
})

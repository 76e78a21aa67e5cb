import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Native addons (hnswlib-node, better-sqlite3) are safest in child processes.
    pool: 'forks',
    // A finished worker ends with process.exit(): see the file (a Node 24 abort at worker exit).
    setupFiles: ['test/helpers/exitBeforeTeardown.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]] : ['default'],
  },
});

import { defineConfig } from 'vitest/config';

// Unit and integration suites of the server and packages. The web console and the e2e
// journeys have their own configs (apps/web/vitest.config.ts, e2e/vitest.config.ts).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['dot'] : ['default'],
  },
});

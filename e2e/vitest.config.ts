import { defineConfig } from 'vitest/config';

// Browser journeys: one server and one Chromium per file, files one after another (2 cores).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

/** Unit tests of the console's pure helpers; no DOM is needed, so they run in plain Node. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});

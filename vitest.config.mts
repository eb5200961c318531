import { defineConfig } from 'vitest/config';

// One runner for unit, integration and end-to-end tests. The e2e tests drive Debian's Chromium
// against the browser host and need `npm run build` first (npm test does it).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});

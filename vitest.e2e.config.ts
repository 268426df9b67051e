import { defineConfig } from 'vitest/config';
import { resolve } from './vitest.config';

// End-to-end: the real server started as `npm start` does, driven by Debian's Chromium.
export default defineConfig({
  resolve,
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/support/e2e-setup.ts'],
    environment: 'node',
    pool: 'forks',
    // One server per file and one browser: files run one after another.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});

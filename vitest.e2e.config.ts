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
    // Each file starts its own server (a copy of the run's template) and browser, so files are
    // independent; two at a time keep a 2-core machine busy while one waits on a page, a
    // restart or a camera (measured: 890 s one at a time, 726 s two at a time).
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});

import { availableParallelism } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export const resolve = {
  alias: {
    '@': path.resolve(import.meta.dirname),
    // `server-only` throws outside Next's react-server build; tests import server modules directly.
    'server-only': path.resolve(import.meta.dirname, 'test/support/empty-module.ts'),
  },
};

export default defineConfig({
  resolve,
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Vitest's default is one worker less than the cores, which on a 2-core machine runs the
    // files one at a time; the main process does little (measured: 309 s with one, 247 s with two).
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});

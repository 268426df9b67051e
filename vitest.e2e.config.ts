import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first-sequencer';
import { resolve } from './vitest.config';

/**
 * The end-to-end files that also run on the PostgreSQL server when E2E_POSTGRES_URL is set (CI):
 * the server's own data paths — live events over LISTEN/NOTIFY and across restarts, ingest,
 * every route's authorization, an unreachable database. The others (pages' layout and
 * accessibility, the map's rendering, walks whose server side the integration suite runs on
 * both engines) run once, on the engine of DATABASE_URL (the embedded one when it is unset).
 * The reference deployment (two instances behind nginx) needs the server engine: it runs in the
 * postgres project, or with DATABASE_URL.
 */
const ALSO_ON_POSTGRES = ['live-restart', 'live', 'authorization', 'ingest', 'database-outage', 'workspace', 'deployment'].map((name) => `test/e2e/${name}.test.ts`);
const postgresUrl = process.env.E2E_POSTGRES_URL;

// End-to-end: the real server started as `npm start` does, driven by Debian's Chromium.
export default defineConfig({
  resolve,
  test: {
    environment: 'node',
    pool: 'forks',
    // Each file starts its own server (a copy of its project's template) and browser, so files
    // are independent; two at a time keep a 2-core machine busy while one waits on a page, a
    // restart or a camera (measured: 890 s one at a time, 726 s two at a time). The two
    // projects share the two workers, longest files first, so neither waits for the other's tail.
    fileParallelism: true,
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Each project makes its own template (test/support/e2e-setup.ts); set at the root, the
    // root would make a third that no file uses.
    projects: [
      // Named by engine, so the sequencer's timings and the report say which one a file ran on.
      { extends: true, test: { name: process.env.DATABASE_URL ? 'server' : 'embedded', include: ['test/e2e/**/*.test.ts'], exclude: process.env.DATABASE_URL ? [] : ['test/e2e/deployment.test.ts'], globalSetup: ['test/support/e2e-setup.ts'] } },
      ...(postgresUrl ? [{ extends: true as const, test: { name: 'postgres', include: ALSO_ON_POSTGRES, env: { DATABASE_URL: postgresUrl }, globalSetup: ['test/support/e2e-setup.ts'] } }] : []),
    ],
  },
});

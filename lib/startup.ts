import 'server-only';
import { mkdirSync } from 'node:fs';
import { asOwner, closeDatabase, getDatabase } from '@/lib/database';
import { DataDirLockedError } from '@/db/data-dir-lock';
import { seedDatabase } from '@/lib/demo/seed';
import { seedDemoTraffic } from '@/lib/demo/traffic';
import { ensureIncidentsFollowRule } from '@/lib/alerts/incidents';
import { checkJournalNumbering, stopEventHub } from '@/lib/events/bus';
import { endStreams } from '@/lib/events/open-streams';
import { startJobs } from '@/lib/jobs/scheduler';
import { getLogger } from '@/lib/logger';
import { getSettings, SettingsError } from '@/lib/settings';

/**
 * How the HTTP server (scripts/server.mjs, outside the app's bundles) asks the app to stop: it
 * passes a function that resolves when its requests in flight have ended.
 */
export const SHUTDOWN_KEY = Symbol.for('vigil.shutdown');
export type AppShutdown = (drainRequests: () => Promise<void>) => Promise<void>;

export async function startServer(): Promise<void> {
  let settings;
  try {
    settings = getSettings();
  } catch (err) {
    if (err instanceof SettingsError) {
      // Fail loudly and early: a misconfigured operations portal must not half-start.
      console.error(`Vigil cannot start. ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = getLogger();
  // The folder for the session secret and the demo key, whichever engine holds the data.
  mkdirSync(settings.DATA_DIR, { recursive: true });
  // Progress for whoever started it (a newcomer's first start takes a while); the logger is for operations.
  const say = (text: string) => console.log(`Vigil: ${text}`);
  const opening = Date.now();
  say(settings.DATABASE_URL ? 'connecting to PostgreSQL and applying migrations…' : `opening the embedded database in ${settings.DATA_DIR} (the first time takes ~15 s)…`);
  let database;
  try {
    database = await getDatabase();
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`Vigil cannot start. ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  say(`database ready in ${Math.round((Date.now() - opening) / 1000)} s; checking the reference geography${settings.SEED_DEMO ? ' and the demo set' : ''}…`);
  const started = Date.now();
  // Seeding refreshes materialized views: with two database roles that is the owner's job.
  await asOwner(database, async (owner) => {
    await seedDatabase(owner, { demo: settings.SEED_DEMO });
    if (settings.SEED_DEMO) {
      const detections = await seedDemoTraffic(owner, { days: settings.DEMO_TRAFFIC_DAYS, dataDir: settings.DATA_DIR, onStart: () => say(`first start: simulating ${settings.DEMO_TRAFFIC_DAYS} days of AI-camera traffic for the demo (~10 s a day)…`) });
      if (detections > 0) say(`${detections.toLocaleString('en')} simulated detections stored`);
    }
  });
  await checkJournalNumbering(database);
  await ensureIncidentsFollowRule(database);
  const stopJobs = settings.JOBS === 'in-process' ? startJobs(database) : async () => undefined;
  const shutdown: AppShutdown = async (drainRequests) => {
    const t0 = Date.now();
    // Live streams never end by themselves: end them (browsers come back in a second, here or
    // on another instance), let the requests in flight finish, then stop the engine cleanly.
    const streams = endStreams(() => true, 1_000);
    await Promise.all([stopJobs(), drainRequests()]);
    await stopEventHub();
    await closeDatabase();
    log.info({ streams, ms: Date.now() - t0 }, 'Vigil stopped cleanly');
  };
  (globalThis as typeof globalThis & { [SHUTDOWN_KEY]?: AppShutdown })[SHUTDOWN_KEY] = shutdown;
  log.info({ engine: database.engine, seedMs: Date.now() - started, demo: settings.SEED_DEMO, jobs: settings.JOBS }, 'Vigil ready');
}

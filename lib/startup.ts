import 'server-only';
import { asOwner, getDatabase } from '@/db/client';
import { DataDirLockedError } from '@/db/data-dir-lock';
import { seedDatabase } from '@/db/seed';
import { seedDemoTraffic } from '@/db/seed-traffic';
import { startJobs } from '@/lib/jobs/scheduler';
import { getLogger } from '@/lib/logger';
import { getSettings, SettingsError } from '@/lib/settings';

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
  const started = Date.now();
  // Seeding refreshes materialized views: with two database roles that is the owner's job.
  await asOwner(database, async (owner) => {
    await seedDatabase(owner, { demo: settings.SEED_DEMO });
    if (settings.SEED_DEMO) await seedDemoTraffic(owner, { days: settings.DEMO_TRAFFIC_DAYS, dataDir: settings.DATA_DIR });
  });
  if (settings.JOBS === 'in-process') startJobs(database);
  log.info({ engine: database.engine, seedMs: Date.now() - started, demo: settings.SEED_DEMO, jobs: settings.JOBS }, 'Vigil ready');
}

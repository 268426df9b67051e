import 'server-only';
import { getDatabase } from '@/db/client';
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
  await seedDatabase(database, { demo: settings.SEED_DEMO });
  if (settings.SEED_DEMO) await seedDemoTraffic(database, { days: settings.DEMO_TRAFFIC_DAYS, dataDir: settings.DATA_DIR });
  if (settings.JOBS === 'in-process') startJobs(database);
  log.info({ engine: database.engine, seedMs: Date.now() - started, demo: settings.SEED_DEMO, jobs: settings.JOBS }, 'Vigil ready');
}

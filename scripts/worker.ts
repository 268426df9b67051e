// `npm run worker`: Vigil's periodic jobs (camera health polling) outside the web process,
// for deployments that run the app with JOBS=off. Several workers may run: each job takes an
// advisory lock, so a round happens once.
import { getDatabase } from '@/lib/database';
import { DataDirLockedError } from '@/db/data-dir-lock';
import { startJobs } from '@/lib/jobs/scheduler';
import { getLogger } from '@/lib/logger';

let database;
try {
  database = await getDatabase();
} catch (err) {
  if (err instanceof DataDirLockedError) {
    console.error(`Vigil worker cannot start. ${err.message}`);
    process.exit(1);
  }
  throw err;
}
const stop = startJobs(database);
getLogger().info({ engine: database.engine }, 'Vigil worker running');
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Rounds in progress finish before the database closes.
    void stop()
      .then(() => database.close())
      .then(() => process.exit(0), () => process.exit(1));
  });
}

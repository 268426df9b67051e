// A second process for the data-folder lock tests: opens the embedded database on the folder
// given (as the app does), prints what happened, and keeps the database open until killed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@/db/client';

const dir = process.argv[2]!;
// A new folder starts from the migrated template (argv[3]) rather than from initdb: the lock is what is tested.
const templateFile = process.argv[3];
const template = templateFile && !existsSync(path.join(dir, 'pglite', 'PG_VERSION')) ? new Blob([readFileSync(templateFile)]) : undefined;
try {
  const database = await openDatabase({ dataDir: dir, template });
  console.log('opened');
  process.on('SIGTERM', () => void database.close().then(() => process.exit(0)));
  setInterval(() => undefined, 60_000);
} catch (err) {
  console.log(`refused: ${(err as Error).message}`);
  process.exit(3);
}

// A second process for the data-folder lock tests: opens the embedded database on the folder
// given (as the app does), prints what happened, and keeps the database open until killed.
import { openDatabase } from '@/db/client';

const dir = process.argv[2]!;
try {
  const database = await openDatabase({ dataDir: dir });
  console.log('opened');
  process.on('SIGTERM', () => void database.close().then(() => process.exit(0)));
  setInterval(() => undefined, 60_000);
} catch (err) {
  console.log(`refused: ${(err as Error).message}`);
  process.exit(3);
}

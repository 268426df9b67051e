import 'server-only';
import type { Database } from '@/db/client';
import { DEMO_PASSWORD, seedDatabaseWith } from '@/db/seed';
import { hashPassword } from '@/lib/auth/password';
import { getSettings } from '@/lib/settings';

/** Everything a fresh installation needs: reference data always, demo data when enabled. */
export async function seedDatabase(database: Database, options: { demo: boolean }): Promise<void> {
  const demo = options.demo ? { passwordHash: await hashPassword(DEMO_PASSWORD), shiftStarts: getSettings().SHIFT_STARTS } : null;
  await seedDatabaseWith(database, demo);
}

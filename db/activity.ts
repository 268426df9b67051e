// When the database last finished a statement for long-running work (an import's chunks). On the
// embedded engine such work holds the one connection for many seconds: a health check's ping
// then waits, and this says the database is busy working rather than gone. Kept on globalThis:
// Next bundles each route apart, and the import and the health check are different routes.

const KEY = Symbol.for('vigil.databaseWorkAt');
type WithWork = typeof globalThis & { [KEY]?: number };

/** Called after each statement of long-running work. */
export function noteDatabaseWork(now = Date.now()): void {
  (globalThis as WithWork)[KEY] = now;
}

/** When long-running work last finished a statement (ms since the epoch; 0 if never). */
export function lastDatabaseWorkAt(): number {
  return (globalThis as WithWork)[KEY] ?? 0;
}

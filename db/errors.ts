// Telling "the database refused this data" apart from "the database is not there", so a
// client is told to retry only when retrying can help.

/** SQLSTATE classes that say the statement's data was refused (22 data exception, 23 integrity). */
const DATA_CLASSES = new Set(['22', '23']);

/** The driver's error, unwrapped from drizzle's query error (which keeps it as `cause`). */
function driverError(err: unknown): unknown {
  let e = err;
  for (let i = 0; i < 5 && e && typeof e === 'object' && !('code' in e) && 'cause' in e; i++) e = (e as { cause: unknown }).cause;
  return e;
}

function sqlState(err: unknown): string | null {
  const code = (driverError(err) as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * True when PostgreSQL refused the data itself (bad value, constraint): sending the same data
 * again will fail the same way. Connection loss, shutdown, deadlocks, serialization failures
 * and resource exhaustion are not: those are worth a retry.
 */
export function isDataError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== null && DATA_CLASSES.has(state.slice(0, 2));
}

/** The database's own words for a refused value, without its internals (no query text). */
export function dataErrorMessage(err: unknown): string {
  const message = (driverError(err) as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message.split('\n')[0]!.slice(0, 200) : 'refused by the database';
}

/**
 * True when a failure is the database being unreachable, restarting, overloaded or in conflict
 * (worth a retry), as opposed to refused data or a bug in the code (TypeError and its kin).
 */
export function isRetryableDatabaseFailure(err: unknown): boolean {
  if (isDataError(err)) return false;
  const e = driverError(err);
  return !(e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || e instanceof SyntaxError);
}

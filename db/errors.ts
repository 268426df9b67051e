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

/** Node's socket errors: the server cannot be reached or went away mid-conversation. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** What node-postgres and PGlite say when there is no connection to be had. */
const UNREACHABLE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /connection error/i, /PGlite is clos(ing|ed)/i, /Client was closed/i, /Cannot use a pool after calling end/i];

/**
 * True when the database cannot be reached or cannot serve right now — connection refused or
 * lost, the server shutting down or starting, too many connections, a deadlock or a
 * serialization failure — so the same request is worth sending again in a few seconds. False
 * for refused data and for bugs, which a retry does not fix.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = driverError(err) as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : null;
  if (code && SOCKET_CODES.has(code)) return true;
  // 08: connection exception; 53: insufficient resources; 57P0x: shutting down / starting; 40: rolled back (serialization, deadlock).
  if (code && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('08') || code.startsWith('53') || code.startsWith('40') || /^57P0[1-4]$/.test(code);
  const message = typeof e?.message === 'string' ? e.message : err instanceof Error ? err.message : '';
  return UNREACHABLE_MESSAGES.some((r) => r.test(message));
}

/**
 * A database error as it may be logged: its SQLSTATE and first line, never the statement or its
 * parameters (drizzle's messages carry both, and parameters can be session ids or tokens).
 */
export function describeDatabaseError(err: unknown): { code: string | null; message: string } {
  const e = driverError(err) as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : null;
  const raw = typeof e?.message === 'string' ? e.message : err instanceof Error ? err.message : String(err);
  const firstLine = raw.split('\n')[0]!;
  return { code, message: /^Failed query/i.test(firstLine) ? 'query failed' : firstLine.slice(0, 200) };
}
